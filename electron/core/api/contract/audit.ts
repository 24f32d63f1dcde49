import { z } from 'zod';
import { channel } from './define';
import { zBytes32, zEmpty } from './schemas';

export interface AuditEntryView {
  seq: number;
  at: string;
  /** The lifecycle step, e.g. PROPOSED, SIGNED, BUNDLE_IMPORTED, EXECUTED. */
  kind: string;
  safeTxHash: string | null;
  /** The owner or account that did it, when there is one. */
  actor: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  entryHash: string;
}

export interface AuditVerificationView {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: { seq: number; kind: 'edited' | 'broken-link' | 'missing' | 'truncated'; message: string }[];
}

export interface AuditExport {
  fileName: string;
  /** JSON Lines, oldest entry first. */
  content: string;
  sha256: string;
  entries: number;
}

export const auditChannels = {
  'audit/list': channel<{ entries: AuditEntryView[] }>()(
    z
      .object({
        safeTxHash: zBytes32.optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        beforeSeq: z.number().int().positive().optional(),
      })
      .strict(),
  ),
  'audit/verify': channel<AuditVerificationView>()(zEmpty),
  'audit/export': channel<AuditExport>()(zEmpty),
};
