import type { Database, Statement } from 'better-sqlite3';

/** Statements kept per database: the read side's SQL texts (every list's filter shapes) fit well under it. */
export const STATEMENT_CACHE_SIZE = 256;

const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * `db.prepare(sql)`, kept for the next call with the same text: preparing costs more than running
 * most of the read side's queries. Per database (a WeakMap: a database gone is its cache gone; a
 * closed one's is dropped on its next use), least recently used first out past
 * `STATEMENT_CACHE_SIZE`. A statement still iterating (`busy`) is not handed out twice: that call
 * gets a fresh one. Callers must not switch a cached statement's modes (`pluck`, `raw`, `expand`).
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let cache = cacheOf(db);
  if (!db.open) return db.prepare(sql); // throws: the database is closed
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const kept = cache.get(sql);
  if (kept) {
    if (kept.busy) return db.prepare(sql);
    // Most recently used last.
    cache.delete(sql);
    cache.set(sql, kept);
    return kept;
  }
  const statement = db.prepare(sql);
  cache.set(sql, statement);
  if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return statement;
}

/** The statements kept for `db`; none (and the map dropped) once it is closed. */
function cacheOf(db: Database): Map<string, Statement> | undefined {
  if (db.open) return caches.get(db);
  caches.delete(db);
  return undefined;
}

/** How many statements are kept for `db` (0 when it is closed or was never read through the cache). */
export const cachedStatementCount = (db: Database): number => cacheOf(db)?.size ?? 0;

/** Drops the statements kept for `db` (the bench times a page without them: what every call cost before). */
export const clearStatementCache = (db: Database): void => {
  caches.delete(db);
};
