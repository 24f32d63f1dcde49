import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache';

/**
 * Where time `t` starts in `table`, as a key: the rows keyed at or above the result are those whose
 * `time` is at least `t`, the rows below it those before (so it may fall in a gap of the keys; one
 * past the largest key when every time is earlier, 0 in an empty table). A binary search over the
 * key: in the tables this is used on, key and time grow together (block numbers and their
 * timestamps, trade ids and their opening times), so a time bound becomes a key range without an
 * index on the time. Each probe is one seek.
 */
export function firstKeyAtOrAfter(db: Database, table: string, key: string, time: string, t: number): number {
  const bounds = cachedStatement(db, keyBoundsSql(table, key)).get() as {
    lo: number | null;
    hi: number | null;
  };
  if (bounds.lo === null || bounds.hi === null) return 0;
  const next = cachedStatement(
    db,
    `SELECT ${key} AS k, ${time} AS t FROM ${table} WHERE ${key} >= ? ORDER BY ${key} LIMIT 1`,
  );
  let lo = bounds.lo;
  let hi = bounds.hi + 1;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const row = next.get(mid) as { k: number; t: number } | undefined;
    if (!row || row.t >= t) hi = mid;
    else lo = row.k + 1;
  }
  return lo;
}

/**
 * The smallest and largest key, each read from its end of the key: SQLite does that for a MIN() or
 * MAX() only when it is the query's single aggregate (`SELECT MIN(k), MAX(k)` scans the table).
 */
export const keyBoundsSql = (table: string, key: string): string =>
  `SELECT (SELECT MIN(${key}) FROM ${table}) AS lo, (SELECT MAX(${key}) FROM ${table}) AS hi`;
