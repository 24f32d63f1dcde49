import { createHash } from 'node:crypto';
import type { Handlers } from '../api';
import type { AuditEntryView } from '../api/contract/audit';
import type { AuditEntry, AuditLog } from './log';

export interface AuditHandlerDeps {
  /** The audit log of the chain the app is on now (one store per chain). */
  auditLog(): AuditLog;
}

type AuditHandlers = Pick<Handlers, 'audit/list' | 'audit/verify' | 'audit/export'>;

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return { ...entry, detail: JSON.parse(entry.detail) as Record<string, unknown> };
}

export function createAuditHandlers(deps: AuditHandlerDeps): AuditHandlers {
  return {
    'audit/list': async (input) => ({ entries: deps.auditLog().list(input).map(toAuditEntryView) }),
    'audit/verify': async () => deps.auditLog().verify(),
    'audit/export': async () => {
      const content = deps.auditLog().exportJsonLines();
      const entries = content === '' ? 0 : content.trimEnd().split('\n').length;
      return {
        fileName: `gridkeeper-audit-${new Date().toISOString().replaceAll(':', '-')}.jsonl`,
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
        entries,
      };
    },
  };
}
