import type { Database } from 'better-sqlite3';
import { AbiCoder, keccak256, ZeroHash } from 'ethers';
import { escapeJsonText } from '../api/contract/display-text';
import { bigintAsDecimal } from '../api/contract/reply';
import { cachedStatement } from '../store';

/** What a step records: its kind (a lifecycle event type), who did it, and the facts worth keeping. */
export interface AuditRecord {
  kind: string;
  safeTxHash?: string | null;
  actor?: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  kind: string;
  safeTxHash: string | null;
  actor: string | null;
  /** The detail exactly as stored and hashed (JSON text). */
  detail: string;
  prevHash: string;
  entryHash: string;
}

export type AuditProblemKind = 'edited' | 'broken-link' | 'missing' | 'truncated';

export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: AuditProblem[];
}

interface Row {
  seq: number;
  at: string;
  kind: string;
  safe_tx_hash: string | null;
  actor: string | null;
  detail: string;
  prev_hash: string;
  entry_hash: string;
}

const coder = AbiCoder.defaultAbiCoder();

/** The hash an entry commits to: its own fields and the previous entry's hash. */
export function computeEntryHash(entry: Omit<AuditEntry, 'entryHash'>): string {
  return keccak256(
    coder.encode(
      ['bytes32', 'uint256', 'string', 'string', 'string', 'string', 'string'],
      [
        entry.prevHash,
        entry.seq,
        entry.at,
        entry.kind,
        entry.safeTxHash ?? '',
        entry.actor ?? '',
        entry.detail,
      ],
    ),
  );
}

const toEntry = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  kind: r.kind,
  safeTxHash: r.safe_tx_hash,
  actor: r.actor,
  detail: r.detail,
  prevHash: r.prev_hash,
  entryHash: r.entry_hash,
});

const jsonText = (value: unknown) => JSON.stringify(value, bigintAsDecimal);

/**
 * The append-only, hash-chained audit log of one chain's store. Appends join the caller's
 * transaction when there is one, so a step and its audit entry are written together or not at all.
 */
export class AuditLog {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  append(record: AuditRecord): AuditEntry {
    return this.#db.transaction(() => {
      const head = this.#db.prepare('SELECT seq, entry_hash FROM audit_head WHERE id = 1').get() as
        | { seq: number; entry_hash: string }
        | undefined;
      const unhashed = {
        seq: (head?.seq ?? 0) + 1,
        at: this.#now().toISOString(),
        kind: record.kind,
        safeTxHash: record.safeTxHash ?? null,
        actor: record.actor ?? null,
        detail: jsonText(record.detail),
        prevHash: head?.entry_hash ?? ZeroHash,
      };
      const entry: AuditEntry = { ...unhashed, entryHash: computeEntryHash(unhashed) };
      this.#db
        .prepare(
          `INSERT INTO audit_log (seq, at, kind, safe_tx_hash, actor, detail, prev_hash, entry_hash)
           VALUES (@seq, @at, @kind, @safeTxHash, @actor, @detail, @prevHash, @entryHash)`,
        )
        .run(entry);
      this.#db
        .prepare(
          `INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, @seq, @entryHash)
           ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, entry_hash = excluded.entry_hash`,
        )
        .run(entry);
      return entry;
    })();
  }

  /**
   * Newest first; `beforeSeq` pages backwards. One statement per filter shape (an `@x IS NULL OR`
   * test would leave SQLite one plan for both): by Safe tx, a seek in `(safe_tx_hash, seq)`.
   */
  list(opts: { safeTxHash?: string; limit?: number; beforeSeq?: number } = {}): AuditEntry[] {
    const where = [
      ...(opts.safeTxHash === undefined ? [] : ['safe_tx_hash = @safeTxHash']),
      ...(opts.beforeSeq === undefined ? [] : ['seq < @beforeSeq']),
    ];
    const rows = cachedStatement(
      this.#db,
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`,
    ).all({
      ...(opts.safeTxHash === undefined ? {} : { safeTxHash: opts.safeTxHash.toLowerCase() }),
      ...(opts.beforeSeq === undefined ? {} : { beforeSeq: opts.beforeSeq }),
      limit: opts.limit ?? 200,
    }) as Row[];
    return rows.map(toEntry);
  }

  /** Walks the whole chain: every hash recomputed, every link and the head checked. */
  verify(): AuditVerification {
    const head = this.#db.prepare('SELECT seq, entry_hash FROM audit_head WHERE id = 1').get() as
      | { seq: number; entry_hash: string }
      | undefined;
    const rows = this.#db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<Row>;
    return verifyAuditChain(
      (function* () {
        for (const row of rows) yield toEntry(row);
      })(),
      head ? { seq: head.seq, entryHash: head.entry_hash } : undefined,
    );
  }

  /**
   * The whole log as JSON Lines, oldest first, each line one entry with its hashes. Owners' text is
   * kept exactly (the hashes cover it), with bidi controls and line separators written as \u escapes:
   * the file reads safely in any editor and parses back to the same entries.
   */
  exportJsonLines(): string {
    const lines: string[] = [];
    for (const row of this.#db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<Row>) {
      lines.push(escapeJsonText(JSON.stringify(toEntry(row))));
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
  }
}

/**
 * Checks a sequence of entries (from the store or an exported JSON Lines file): each hash
 * recomputed, each link to the previous entry, no gaps, and, when known, the recorded head.
 */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  head?: { seq: number; entryHash: string },
): AuditVerification {
  const problems: AuditProblem[] = [];
  let prevHash = ZeroHash;
  let expectedSeq = 1;
  let count = 0;
  for (const entry of entries) {
    count++;
    if (entry.seq !== expectedSeq) {
      problems.push({
        seq: entry.seq,
        kind: 'missing',
        message:
          entry.seq > expectedSeq
            ? `Entries ${expectedSeq}–${entry.seq - 1} are missing before entry ${entry.seq}.`
            : `Entry ${entry.seq} appears again after entry ${expectedSeq - 1}: entries were reordered.`,
      });
    }
    if (computeEntryHash(entry) !== entry.entryHash) {
      problems.push({
        seq: entry.seq,
        kind: 'edited',
        message: `Entry ${entry.seq} (${entry.kind}) was changed after it was written: its content no longer matches its hash.`,
      });
    }
    if (entry.prevHash !== prevHash) {
      problems.push({
        seq: entry.seq,
        kind: 'broken-link',
        message: `Entry ${entry.seq} does not follow the entry before it: an entry was removed, inserted or reordered here.`,
      });
    }
    prevHash = entry.entryHash;
    expectedSeq = entry.seq + 1;
  }
  if (head && head.entryHash !== prevHash) {
    problems.push({
      seq: head.seq,
      kind: 'truncated',
      message: `The log ends at entry ${expectedSeq - 1}, but entry ${head.seq} was the last one written: entries were removed from the end.`,
    });
  }
  return { ok: problems.length === 0, entries: count, headHash: prevHash, problems };
}

/** Parses an exported JSON Lines log back into entries (for verifying a copy kept elsewhere). */
export function parseAuditJsonLines(text: string): AuditEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditEntry);
}
