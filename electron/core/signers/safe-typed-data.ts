import { getAddress, recoverAddress, Signature, TypedDataEncoder, type TypedDataField } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';
import type { SafeTxTypedData } from './types';

export interface SafeTxHashes {
  /** hashStruct(EIP712Domain): what the Ledger shows as "Domain hash". */
  domainHash: string;
  /** hashStruct(SafeTx): what the Ledger shows as "Message hash". */
  messageHash: string;
  /** keccak256(0x1901 ‖ domainHash ‖ messageHash): the digest every owner signs. */
  safeTxHash: string;
}

/** The message types without EIP712Domain (ethers derives the domain type from the domain itself). */
export function messageTypes(typedData: SafeTxTypedData): Record<string, TypedDataField[]> {
  const { EIP712Domain: _domain, ...types } = typedData.types;
  return types;
}

export function safeTxHashes(typedData: SafeTxTypedData): SafeTxHashes {
  const types = messageTypes(typedData);
  return {
    domainHash: TypedDataEncoder.hashDomain(typedData.domain),
    messageHash: TypedDataEncoder.hashStruct(typedData.primaryType, types, typedData.message),
    safeTxHash: TypedDataEncoder.hash(typedData.domain, types, typedData.message),
  };
}

/**
 * Assembles r, s, v (v as 0/1 or 27/28) into the 65-byte signature Safe expects, and refuses it
 * unless it recovers to `expected`: a signature never leaves a signer unchecked.
 */
export function checkedSignature(
  digest: string,
  parts: { r: string; s: string; v: number },
  expected: string,
  signerLabel: string,
): string {
  const prefixed = (hex: string) => (hex.startsWith('0x') ? hex : `0x${hex}`);
  let signature: string;
  try {
    signature = Signature.from({
      r: prefixed(parts.r),
      s: prefixed(parts.s),
      v: parts.v < 27 ? parts.v + 27 : parts.v,
    }).serialized;
  } catch (error) {
    throw new GridkeeperError(
      'SIGNATURE_INVALID',
      `${signerLabel} returned a malformed signature.`,
      undefined,
      {
        cause: error,
      },
    );
  }
  const recovered = recoverAddress(digest, signature);
  if (getAddress(recovered) !== getAddress(expected)) {
    throw new GridkeeperError(
      'SIGNATURE_INVALID',
      `${signerLabel} returned a signature by ${recovered}, not by ${getAddress(expected)}; it was discarded.`,
      { recovered, expected: getAddress(expected) },
    );
  }
  return signature;
}
