import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { asGridkeeperError, GridkeeperError } from '../api/contract/errors';
import type { Logger, NoticeSink } from '../ports';
import { MIGRATIONS_DIR, openStore } from './open';

/**
 * What a store holds decides what is done when it is found damaged:
 * `index` — derived from the chain (the market indexer's): put aside and rebuilt, with a notice;
 * `records` — the owners' own (Safe queue, signatures, audit log): never overwritten, copied aside,
 *   read what can be read, and the owner told how to recover.
 */
export type StoreRole = 'index' | 'records';

export interface CheckedStoreOptions {
  role: StoreRole;
  log: Logger;
  notices: NoticeSink;
  migrationsDir?: string;
  /** How often to checkpoint the WAL into the database (a PASSIVE checkpoint never blocks). */
  checkpointEveryMs?: number;
}

/**
 * Opens a store after `PRAGMA quick_check`, with files 0600 in a 0700 folder and a periodic WAL
 * checkpoint. A damaged store is handled per its role (above); a records store that is damaged
 * throws STORE_CORRUPT naming the file, the copy and how to recover.
 */
export function openCheckedStore(file: string, options: CheckedStoreOptions): Database {
  const { log, notices } = options;
  const problem = existsSync(file) ? quickCheck(file) : undefined;
  if (problem) {
    log.error('store: damaged at open', { file, role: options.role, problem });
    if (options.role === 'records') throw recordsCorrupt(file, problem, notices);
    const aside = keepAside(file, 'move');
    notices.add({
      kind: 'store-rebuilt',
      tone: 'warn',
      file,
      message: `The market index store was damaged (${problem}); it is being rebuilt from the chain. The damaged file is kept as ${aside}.`,
    });
  }
  const db = openStore(file, options.migrationsDir ?? MIGRATIONS_DIR);
  protect(file);
  const timer = setInterval(() => {
    if (!db.open) return clearInterval(timer);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      log.warn('store: WAL checkpoint failed', { file, error: String(error) });
    }
  }, options.checkpointEveryMs ?? 5_000);
  timer.unref();
  return db;
}

/** The first problem `PRAGMA quick_check` reports, or undefined when the file is sound. */
export function quickCheck(file: string): string | undefined {
  let db: Database | undefined;
  try {
    // Read-only: checking a damaged records store must not change it (no checkpoint on close).
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length > 0 ? problems.slice(0, 3).join('; ') : undefined;
  } catch (error) {
    if (asGridkeeperError(error).code === 'STORE_CORRUPT') return (error as Error).message;
    throw error;
  } finally {
    db?.close();
  }
}

function recordsCorrupt(file: string, problem: string, notices: NoticeSink): GridkeeperError {
  const copy = keepAside(file, 'copy');
  const salvage = readAuditHead(copy);
  const message =
    `The store ${file} is damaged (${problem}). Gridkeeper did not change it and will not open it; ` +
    `a copy is kept at ${copy}. ${salvage} To recover: export the audit log from another owner's ` +
    `machine, check the Safe's owners, threshold and nonce on chain (the Safe page of another machine or ` +
    `a block explorer), then move the damaged file out of ${dirname(file)} and restart: Gridkeeper ` +
    `starts an empty store and syncs the queue from the chain and the Transaction Service.`;
  notices.add({ kind: 'store-corrupt', tone: 'bad', file, message });
  return new GridkeeperError('STORE_CORRUPT', message, { file, copy, problem });
}

/** What the damaged copy still tells, read-only: the audit chain's last verified entry. */
function readAuditHead(copy: string): string {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(copy, { readonly: true, fileMustExist: true });
    const rows = db.prepare('SELECT seq, entry_hash FROM audit_log ORDER BY seq').all() as {
      seq: number;
      entry_hash: string;
    }[];
    const last = rows.at(-1);
    return last
      ? `Read-only, its audit log still shows ${rows.length} entries up to #${last.seq} (hash ${last.entry_hash}); compare that with another owner's export.`
      : 'Its audit log is empty or unreadable.';
  } catch (error) {
    return `Its audit log cannot be read (${String((error as Error)?.message ?? error)}).`;
  } finally {
    db?.close();
  }
}

/** `<file>.corrupt-<time>` (and its -wal and -shm): moved for an index store, copied for records. */
function keepAside(file: string, how: 'move' | 'copy'): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(`${file}${suffix}`)) continue;
    if (how === 'move') renameSync(`${file}${suffix}`, `${aside}${suffix}`);
    else copyFileSync(`${file}${suffix}`, `${aside}${suffix}`);
    chmodSync(`${aside}${suffix}`, 0o600);
  }
  if (how === 'move') rmSync(`${file}-journal`, { force: true });
  return aside;
}

/** Only the owner reads a store: the file 0600 (its WAL and shared memory too), the folder 0700. */
function protect(file: string): void {
  if (file === ':memory:') return;
  chmodSync(dirname(file), 0o700);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(`${file}${suffix}`)) chmodSync(`${file}${suffix}`, 0o600);
  }
}
