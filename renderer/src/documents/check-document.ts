import { keccak256 } from 'ethers/crypto';

export interface DocumentCheck {
  fileName: string;
  bytes: number;
  hash: string;
  matches: boolean;
}

/** keccak256 of a file's bytes, as the KYC and evidence hashes on chain are computed. */
export function hashBytes(bytes: Uint8Array): string {
  return keccak256(bytes).toLowerCase();
}

/** Whether a local file is the document whose hash is on chain. The file never leaves this computer. */
export async function checkDocument(
  file: Blob & { name: string },
  expectedHash: string,
): Promise<DocumentCheck> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const hash = hashBytes(bytes);
  return { fileName: file.name, bytes: bytes.length, hash, matches: hash === expectedHash.toLowerCase() };
}
