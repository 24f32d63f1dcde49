import type { Database } from 'better-sqlite3';
import type { JsonRpcProvider } from 'ethers';
import type { EventBus } from '../api/event-bus';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import type { Logger } from '../ports/logger';
import { SafeFlow } from './flow';
import { forwardSafeEvents } from './handlers';
import { SafeQueueStore } from './queue-store';
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
  const flow = new SafeFlow({
    store,
    setup: options.setup,
    provider: options.provider,
    txServiceUrl: options.txServiceUrl,
    log: options.log,
    now: options.now,
  });
  const stops = [recordEvents(flow.lifecycle, auditLog)];
  if (options.events) stops.push(forwardSafeEvents(flow.lifecycle, options.events));
  await flow.reconcile();
  return {
    flow,
    auditLog,
    close: () => {
      for (const stop of stops) stop();
    },
  };
}
