import { getHeapStatistics } from 'node:v8';
import { AddressBookStore, createAddressBookHandlers } from './address-book';
import { createRouter, EventBus, type Handler, type Handlers, type Router } from './api';
import type { AppInfo } from './api/contract';
import { GridkeeperError } from './api/contract/errors';
import type { NetworkChoice } from './api/contract/settings';
import { createAuditHandlers } from './audit';
import { createMarketHandlers } from './market';
import { Notices } from './notices';
import type { Logger } from './ports';
import { createRulesHandlers } from './rules';
import { createSafeHandlers, decodeSafeTx } from './safe';
import { openSession, type Session } from './session';
import { readSettings, writeSettings } from './settings';
import { createSettingsHandlers } from './settings-handlers';
import { signerNetworkOf } from './signer-network';
import { createSignerHandlers, Signers } from './signers';

export interface CoreOptions {
  /** Where settings and the per-chain stores live (Electron's userData, or the preview's folder). */
  dataDir: string;
  build: { version: string; commit: string };
  /** The network to open; remembered for the next start. Default: the last one, else training. */
  network?: NetworkChoice;
  log: Logger;
  /** Provided by the host to forward events while core is still starting (devnet progress). */
  events?: EventBus;
  /** Set by the host when it restarted core after a crash: shown to the owner as a notice. */
  previousCrash?: { reason: string; at: string };
}

export interface Core {
  readonly router: Router;
  readonly events: EventBus;
  /** What the app is and which network it is on now. */
  readonly info: AppInfo;
  /** Stops background work (each concern finishes its transaction), closes the store, then the network. */
  close(): Promise<void>;
}

/**
 * The composition root: opens the session of the chosen network and builds every concern's handlers
 * into one router. Handlers reach the session through getters, so switching networks (settings) swaps
 * the session under them. Adding a concern is one line in `handlers`.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { dataDir, log } = options;
  const events = options.events ?? new EventBus();
  const notices = new Notices(events);
  if (options.previousCrash) {
    notices.add({
      kind: 'core-restarted',
      tone: 'bad',
      message: `Gridkeeper's core stopped unexpectedly (${options.previousCrash.reason}) and was restarted. Nothing is lost: what was not finished can be done again. The details are in the log.`,
      at: options.previousCrash.at,
    });
  }
  const settings = readSettings(dataDir, log);
  const openFor = async (network: NetworkChoice) => {
    const { retentionDays } = readSettings(dataDir, log);
    const opened = await openSession({ dataDir, network, log, events, notices, retentionDays });
    writeSettings(dataDir, { ...readSettings(dataDir, log), network });
    return opened;
  };
  let session: Session = await openFor(options.network ?? settings.network);
  const signers = new Signers({ dataDir, log, events, network: () => signerNetworkOf(session) });

  const infoOf = (s: Session): AppInfo => ({
    name: 'Gridkeeper',
    version: options.build.version,
    commit: options.build.commit,
    network: s.name,
    chainId: s.chainId,
  });
  const safeFlow = () => {
    if (!session.safe) {
      throw new GridkeeperError(
        'NOT_CONFIGURED',
        `No consortium Safe is set for ${session.name}. Import its deployment record in Settings.`,
      );
    }
    return session.safe.flow;
  };

  const handlers: Handlers = {
    'app/info': (async () => infoOf(session)) satisfies Handler<'app/info'>,
    'app/notices': (async () => ({ notices: notices.list() })) satisfies Handler<'app/notices'>,
    'app/diagnostics': (async () => {
      const memory = process.memoryUsage();
      return {
        pid: process.pid,
        execArgv: [...process.execArgv],
        heapSizeLimitBytes: getHeapStatistics().heap_size_limit,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      };
    }) satisfies Handler<'app/diagnostics'>,
    ...createSettingsHandlers({
      session: () => session,
      dataDir,
      log,
      switchTo: async (network) => {
        // Open the new network first: if it fails, the app stays on the current one.
        const next = await openFor(network);
        const previous = session;
        session = next;
        await previous.close();
        events.emit('app/network-changed', {
          network: next.name,
          chainId: next.chainId,
        });
        return infoOf(next);
      },
    }),
    ...createAuditHandlers({ auditLog: () => session.auditLog }),
    ...createAddressBookHandlers({
      book: () => ({ store: new AddressBookStore(session.db), chainId: session.chainId }),
      names: async () =>
        session.safe
          ? session.safe.flow.names()
          : new AddressBookStore(session.db)
              .list(session.chainId)
              .map((e) => ({ address: e.address, role: 'address-book' as const, name: e.name })),
    }),
    ...createSignerHandlers(signers),
    ...createMarketHandlers({
      market: () => session.market,
      titleOf: (tx) => (session.safe ? decodeSafeTx(tx, session.safe.flow.setup).title : null),
    }),
    ...createRulesHandlers({
      db: () => session.market?.db ?? null,
      provider: () => session.connection?.provider ?? null,
      deployment: () => session.deployment,
    }),
    ...createSafeHandlers({
      flow: safeFlow,
      signer: (id) => signers.get(id),
      events,
      proposer: async () => {
        const active = signers.active();
        if (!active) return null;
        const { owners } = await safeFlow().owners();
        return owners.find((owner) => owner.toLowerCase() === active.address.toLowerCase()) ?? null;
      },
    }),
  };

  log.info('core ready', { network: session.name, chainId: session.chainId });
  return {
    router: createRouter(handlers, log),
    events,
    get info() {
      return infoOf(session);
    },
    close: async () => {
      await signers.close();
      await session.close();
    },
  };
}
