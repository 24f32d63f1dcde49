import type { Database } from 'better-sqlite3';
import type { JsonRpcProvider } from 'ethers';
import { AddressBookStore } from '../address-book';
import type { EventBus } from '../api';
import type { ApiEvents } from '../api/contract';
import { AuditLog, recordEvents } from '../audit';
import type { Logger } from '../ports';
import { SafeFlow } from './flow';
import { forwardSafeEvents } from './handlers';
import { SafeQueueStore } from './queue/queue-store';
import { throttled } from './review/refresh';
import type { SafeSetup } from './types';

export interface SafeConcern {
  flow: SafeFlow;
  auditLog: AuditLog;
  /** Stops forwarding events; the store itself belongs to the caller. */
  close(): void;
}

/**
 * Wires the Safe flow of one chain: its queue in the chain's store, the audit log recording every
 * lifecycle event, the UI receiving them, and (online) a reconcile with the chain before first use.
 */
export async function openSafeConcern(options: {
  db: Database;
  setup: SafeSetup;
  provider: JsonRpcProvider | null;
  txServiceUrl?: string | null;
  events?: EventBus;
  log?: Logger;
  now?: () => Date;
}): Promise<SafeConcern> {
  const store = new SafeQueueStore(options.db, options.now);
  const auditLog = new AuditLog(options.db, options.now);
  const names = new AddressBookStore(options.db);
  const flow = new SafeFlow({
    store,
    addressNames: () => names.names(Number(options.setup.safe.chainId)),
    setup: options.setup,
    provider: options.provider,
    txServiceUrl: options.txServiceUrl,
    log: options.log,
    now: options.now,
  });
  const stops = [recordEvents(flow.lifecycle, auditLog)];
  if (options.events) {
    stops.push(forwardSafeEvents(flow.lifecycle, options.events));
    if (options.provider) {
      stops.push(reconcileOnSafeEvents(flow, options.events, options.log));
      stops.push(refreshOnNewBlocks(flow, options.events, options.log));
    }
  }
  await flow.reconcile();
  return {
    flow,
    auditLog,
    close: () => {
      for (const stop of stops) stop();
    },
  };
}

/** What the Safe emits when its state changes under the queue: executions, approvals, owners. */
const SAFE_STATE_EVENTS = [
  'ExecutionSuccess',
  'ExecutionFailure',
  'ApproveHash',
  'AddedOwner',
  'RemovedOwner',
  'ChangedThreshold',
];

/**
 * Another owner's app may execute or approve a queued transaction: whenever the indexer stores such a
 * Safe event (or rolls back a reorg), the queue reconciles with the chain, one run at a time.
 */
export function reconcileOnSafeEvents(flow: SafeFlow, events: EventBus, log?: Logger): () => void {
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = flow
      .reconcile()
      .then(
        () => undefined,
        (error) => log?.warn('safe: reconcile after a chain change failed', { error: String(error) }),
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return events.subscribe((event, payload) => {
    if (event !== 'market/updated') return;
    const update = payload as ApiEvents['market/updated'];
    if (update.rolledBackTo !== null || SAFE_STATE_EVENTS.some((name) => update.events[name])) run();
  });
}

/** At most one refresh of the queue's simulations per this many milliseconds. */
export const SIMULATION_REFRESH_MS = 2_000;

/**
 * Each new block (or reorg) the indexer reports may change what a queued transaction would do:
 * every open proposal is simulated again (throttled), and the UI is told which outcomes changed.
 */
export function refreshOnNewBlocks(flow: SafeFlow, events: EventBus, log?: Logger): () => void {
  const refresher = throttled(async () => {
    try {
      const report = await flow.refreshSimulations();
      if (report.refreshed + report.stale > 0) events.emit('safe/simulations-refreshed', report);
    } catch (error) {
      log?.warn('safe: refreshing simulations failed', { error: String(error) });
    }
  }, SIMULATION_REFRESH_MS);
  const stop = events.subscribe((event) => {
    if (event === 'market/updated') refresher.trigger();
  });
  return () => {
    stop();
    refresher.stop();
  };
}
