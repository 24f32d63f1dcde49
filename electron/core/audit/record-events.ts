import type { AuditLog, AuditRecord } from './log';

/** Any typed lifecycle event: its `type` becomes the entry's kind, the rest its detail. */
export interface AuditableEvent {
  type: string;
  safeTxHash?: string | null;
  actor?: string | null;
}

export interface EventSource<E> {
  subscribe(listener: (event: E) => void): () => void;
}

/**
 * The audit log as a wrapper: it listens to a concern's lifecycle events instead of being called
 * from every handler. Listeners run synchronously inside the step's store transaction, so the step
 * and its entry commit together.
 */
export function recordEvents<E extends AuditableEvent>(source: EventSource<E>, log: AuditLog): () => void {
  return source.subscribe((event) => log.append(toAuditRecord(event)));
}

export function toAuditRecord(event: AuditableEvent): AuditRecord {
  const { type, safeTxHash, actor, ...detail } = event;
  return { kind: type, safeTxHash: safeTxHash ?? null, actor: actor ?? null, detail };
}
