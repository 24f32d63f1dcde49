import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { zDeploymentRecord } from '../api/contract/deployment';
import { writeFileAtomically } from '../store';

/** The file in the data directory that says where a running training network is. */
export const DEVNET_RECORD_FILE = 'devnet.json';

export const zDevnetRecord = z.object({
  format: z.literal('gridkeeper-devnet/1'),
  rpcUrl: z.url({ protocol: /^http$/ }),
  wsUrl: z.url({ protocol: /^ws$/ }),
  genesisHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  /** The process serving the chain (it removes this file when it stops). */
  pid: z.number().int().positive(),
  startedAt: z.iso.datetime(),
  deployment: zDeploymentRecord,
  /** Public demo keys: derived from the published demo mnemonic (electron/core/devnet/keys.ts). */
  owners: z.array(z.object({ label: z.string(), address: z.string() })),
  oracle: z.string(),
});
export type DevnetRecord = z.infer<typeof zDevnetRecord>;

/** Written atomically (temporary file, then rename). */
export function writeDevnetRecord(dataDir: string, record: DevnetRecord): string {
  return writeFileAtomically(
    dataDir,
    DEVNET_RECORD_FILE,
    `${JSON.stringify(zDevnetRecord.parse(record), null, 2)}\n`,
  );
}

/** The record in `dataDir`, or null if there is none (or it is not one). */
export function readDevnetRecord(dataDir: string): DevnetRecord | null {
  try {
    return zDevnetRecord.parse(JSON.parse(readFileSync(join(dataDir, DEVNET_RECORD_FILE), 'utf8')));
  } catch {
    return null;
  }
}

/** Removes the record if it is still the one of this chain (another devnet may have replaced it). */
export function removeDevnetRecord(dataDir: string, genesisHash: string, rpcUrl: string): void {
  const current = readDevnetRecord(dataDir);
  if (current && current.genesisHash === genesisHash && current.rpcUrl === rpcUrl) {
    rmSync(join(dataDir, DEVNET_RECORD_FILE), { force: true });
  }
}
