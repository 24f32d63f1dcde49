import { join } from 'node:path';
import type { AppInfo } from './api/contract';
import { EventBus } from './api/event-bus';
import { createRouter, type Handler, type Handlers, type Router } from './api/router';
import { AuditLog, createAuditHandlers } from './audit';
import { connectRpc, type NetworkConnection } from './host/network';
import { type NetworkChoice, readSettings, writeSettings } from './host/settings';
import type { Logger } from './ports/logger';
import { openStore, storeFileName } from './store';

export interface CoreOptions {
  /** Where settings and the per-chain stores live (Electron's userData, or the preview's folder). */
  dataDir: string;
  build: { version: string; commit: string };
  /** The network to open; remembered for the next start. Default: the last one, else training. */
  network?: NetworkChoice;
  log: Logger;
  /** Provided by the host to forward events while core is still starting (devnet progress). */
  events?: EventBus;
}

export interface Core {
  readonly router: Router;
  readonly events: EventBus;
  readonly info: AppInfo;
  /** Stops background work (each concern finishes its transaction), closes the store, then the network. */
  close(): Promise<void>;
}

/**
 * The composition root: connects the network, opens the chain's store and builds every concern's
 * handlers into one router. Adding a concern is one line in `handlers`.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { dataDir, log } = options;
  const events = options.events ?? new EventBus();
  const settings = readSettings(dataDir, log);
  const network = options.network ?? settings.network;
  const connection = await connect(network, log);
  const closers: Array<() => unknown> = [() => connection.close()];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (error) {
        log.error('core: closing failed', { error: String(error) });
      }
    }
  };
  try {
    writeSettings(dataDir, { ...settings, network });
    const db = openStore(join(dataDir, 'stores', storeFileName(connection.chainId, connection.genesisHash)));
    closers.push(() => db.close());
    const info: AppInfo = {
      name: 'Gridkeeper',
      version: options.build.version,
      commit: options.build.commit,
      network: connection.name,
      chainId: connection.chainId,
    };

    const auditLog = new AuditLog(db);

    const handlers: Handlers = {
      ...appHandlers(info),
      ...createAuditHandlers({ auditLog: () => auditLog }),
    };

    log.info('core ready', { network: info.network, chainId: info.chainId });
    return { router: createRouter(handlers, log), events, info, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function connect(network: NetworkChoice, log: Logger): Promise<NetworkConnection> {
  switch (network.kind) {
    case 'rpc':
      return connectRpc(network, log);
    case 'training':
      throw new Error('training network: waiting for electron/core/devnet');
  }
}

function appHandlers(info: AppInfo): { 'app/info': Handler<'app/info'> } {
  return { 'app/info': async () => info };
}
