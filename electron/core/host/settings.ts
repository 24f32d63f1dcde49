import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { zAddress } from '../api/contract/schemas';
import { zDeploymentRecord } from '../chain/deployment';
import type { Logger } from '../ports/logger';

export const zNetworkChoice = z.discriminatedUnion('kind', [
  /** The embedded training network, started by core itself. */
  z.object({ kind: z.literal('training') }),
  /** A real chain (Polygon PoS, Amoy, any RPC): tried in order, the first that answers is used. */
  z.object({
    kind: z.literal('rpc'),
    name: z.string().min(1).max(60),
    chainId: z.number().int().positive(),
    rpcUrls: z
      .array(z.url({ protocol: /^https?$/ }))
      .min(1)
      .max(8),
    /** The consortium's market and Safe on this chain (an imported deployment record). */
    deployment: zDeploymentRecord.optional(),
    /** The Safe Transaction Service of this chain, if the owners use one. */
    txServiceUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Blocks after which indexed data counts as final; absent: the chain's `finalized` tag. */
    confirmations: z.number().int().min(1).max(10_000).optional(),
  }),
  /**
   * An air-gapped signing machine: no RPC at all. Bundles are imported, decoded, verified, signed
   * and exported against the deployment record's Safe; nothing is simulated or sent.
   */
  z.object({
    kind: z.literal('offline'),
    deployment: zDeploymentRecord,
    /**
     * The Safe's owners, threshold and next nonce as the owner last knew them (filled in from the
     * chain while the machine was still connected): signatures are verified against these.
     */
    safeState: z.object({
      owners: z.array(zAddress).min(1).max(50),
      threshold: z.number().int().min(1).max(50),
      nonce: z.number().int().min(0),
    }),
  }),
]);
export type NetworkChoice = z.infer<typeof zNetworkChoice>;

const zSettings = z.object({ network: zNetworkChoice });
export type Settings = z.infer<typeof zSettings>;

export const DEFAULT_SETTINGS: Settings = { network: { kind: 'training' } };
const FILE = 'settings.json';

/** Reads `settings.json` in the data directory; a missing or unreadable file means the defaults. */
export function readSettings(dataDir: string, log: Logger): Settings {
  let text: string;
  try {
    text = readFileSync(join(dataDir, FILE), 'utf8');
  } catch {
    return DEFAULT_SETTINGS;
  }
  try {
    return zSettings.parse(JSON.parse(text));
  } catch (error) {
    log.warn('settings.json is not valid; using the defaults', { error: String(error) });
    return DEFAULT_SETTINGS;
  }
}

/** Writes atomically (temporary file, then rename), so a crash never leaves half a file. */
export function writeSettings(dataDir: string, settings: Settings): void {
  // Settings name the networks and the Safe: the owner's alone, like the stores and keystores.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(zSettings.parse(settings), null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
