import { z } from 'zod';
import type { AppInfo } from './app';
import { channel } from './define';
import { type DeploymentRecord, zDeploymentRecord } from './deployment';
import { MAX_DEPLOYMENT_RECORD_BYTES } from './file-limits';
import { zAddress, zEmpty } from './schemas';

export type { DeploymentRecord };

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

/** A public network the app knows, offered in the settings as a starting point. */
export interface NetworkPreset {
  name: string;
  chainId: number;
  rpcUrls: string[];
  txServiceUrl: string;
}

export interface SettingsView {
  /** The saved choice (what the app opens next time). */
  network: NetworkChoice;
  /** The chain the app is on now; `rpcUrl` is null on an offline signing machine. */
  connected: { name: string; chainId: number; rpcUrl: string | null };
  /** Where the consortium's Safe and market are on this chain; null until imported. */
  deployment: DeploymentRecord | null;
  presets: NetworkPreset[];
}

export const settingsChannels = {
  'settings/get': channel<SettingsView>()(zEmpty),
  /** Connects to the network (checking its chain id and the deployment's contracts), then switches. */
  'settings/set-network': channel<AppInfo>()(zNetworkChoice),
  /** Checks a deployment record file's text (written by `npm run deploy`) before it is saved. */
  'settings/parse-deployment': channel<DeploymentRecord>()(
    z.object({ text: z.string().max(MAX_DEPLOYMENT_RECORD_BYTES) }).strict(),
  ),
};
