import type { Handlers } from './api';
import type { AppInfo } from './api/contract';
import type { NetworkChoice, NetworkPreset } from './api/contract/settings';
import { parseDeploymentRecord } from './chain';
import type { Logger } from './ports';
import type { Session } from './session';
import { readSettings } from './settings';

export const NETWORK_PRESETS: NetworkPreset[] = [
  {
    name: 'Polygon PoS',
    chainId: 137,
    rpcUrls: ['https://polygon-rpc.com'],
    txServiceUrl: 'https://safe-transaction-polygon.safe.global',
  },
  {
    name: 'Amoy',
    chainId: 80002,
    rpcUrls: ['https://rpc-amoy.polygon.technology'],
    txServiceUrl: 'https://safe-transaction-amoy.safe.global',
  },
];

export interface SettingsHandlerDeps {
  session(): Session;
  dataDir: string;
  log: Logger;
  /** Opens the network and makes it current; the current one stays if that fails. */
  switchTo(network: NetworkChoice): Promise<AppInfo>;
}

type SettingsHandlers = Pick<Handlers, 'settings/get' | 'settings/set-network' | 'settings/parse-deployment'>;

export function createSettingsHandlers(deps: SettingsHandlerDeps): SettingsHandlers {
  return {
    'settings/get': async () => {
      const session = deps.session();
      return {
        network: readSettings(deps.dataDir, deps.log).network,
        connected: {
          name: session.name,
          chainId: session.chainId,
          rpcUrl: session.connection?.rpc.currentUrl ?? null, // the one in use now (after a failover too)
        },
        deployment: session.deployment,
        presets: NETWORK_PRESETS,
      };
    },
    'settings/set-network': (network) => deps.switchTo(network),
    'settings/parse-deployment': async ({ text }) => parseDeploymentRecord(text),
  };
}
