import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  cachedStatement,
  cachedStatementCount,
  clearStatementCache,
  STATEMENT_CACHE_SIZE,
} from './statement-cache';

const open = () => {
  const db = new BetterSqlite3(':memory:');
  db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
  return db;
};

describe('statement cache', () => {
  it('hands out the same prepared statement for the same SQL of the same database, another for another', () => {
    const [a, b] = [open(), open()];
    const sql = 'SELECT n FROM t WHERE n > ?';
    const first = cachedStatement(a, sql);
    expect(cachedStatement(a, sql)).toBe(first);
    expect(cachedStatement(a, `${sql} ORDER BY n`)).not.toBe(first);
    expect(cachedStatement(b, sql)).not.toBe(first);
    expect(cachedStatement(a, sql).all(1)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(cachedStatementCount(a)).toBe(2);
    expect(cachedStatementCount(b)).toBe(1);
    clearStatementCache(a);
    expect(cachedStatementCount(a)).toBe(0);
    expect(cachedStatement(a, sql)).not.toBe(first);
    a.close();
    b.close();
  });

  it('keeps at most STATEMENT_CACHE_SIZE, the least recently used first out', () => {
    const db = open();
    const sql = (i: number) => `SELECT n + ${i} AS m FROM t`;
    const kept = cachedStatement(db, sql(0));
    for (let i = 1; i < STATEMENT_CACHE_SIZE; i++) cachedStatement(db, sql(i));
    expect(cachedStatement(db, sql(0))).toBe(kept); // used again: now the most recent
    const second = cachedStatement(db, sql(1));
    cachedStatement(db, sql(STATEMENT_CACHE_SIZE)); // one more: the least recent (sql(2)) goes
    expect(cachedStatementCount(db)).toBe(STATEMENT_CACHE_SIZE);
    expect(cachedStatement(db, sql(0))).toBe(kept);
    expect(cachedStatement(db, sql(1))).toBe(second);
    db.close();
  });

  it('gives a fresh statement while the kept one is still iterating', () => {
    const db = open();
    const sql = 'SELECT n FROM t ORDER BY n';
    const seen: number[] = [];
    for (const row of cachedStatement(db, sql).iterate() as Iterable<{ n: number }>)
      seen.push(row.n, ...(cachedStatement(db, sql).all() as { n: number }[]).map((r) => r.n));
    expect(seen).toEqual([1, 1, 2, 3, 2, 1, 2, 3, 3, 1, 2, 3]);
    db.close();
  });

  it('drops a closed database’s statements and refuses to prepare on it', () => {
    const db = open();
    cachedStatement(db, 'SELECT n FROM t');
    expect(cachedStatementCount(db)).toBe(1);
    db.close();
    expect(cachedStatementCount(db)).toBe(0);
    expect(() => cachedStatement(db, 'SELECT n FROM t')).toThrow(/not open/);
    expect(cachedStatementCount(db)).toBe(0);
  });
});
