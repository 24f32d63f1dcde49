import { z } from 'zod';
import type { DeploymentRecord } from '../../chain/deployment';
import { type NetworkChoice, zNetworkChoice } from '../../host/settings';
import type { AppInfo } from './app';
import { channel } from './define';
import { MAX_DEPLOYMENT_RECORD_BYTES } from './file-limits';
import { zEmpty } from './schemas';

export type { DeploymentRecord, NetworkChoice };

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
