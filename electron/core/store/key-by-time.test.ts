import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { firstKeyAtOrAfter, keyBoundsSql } from './key-by-time';

const dir = mkdtempSync(join(tmpdir(), 'gk-key-by-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A trades table of `rows` ([trade_id, opened_at]). */
function table(rows: [number, number][]) {
  const db = new BetterSqlite3(join(dir, `${Math.random()}.sqlite`));
  db.exec('CREATE TABLE trades (trade_id INTEGER PRIMARY KEY, opened_at INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO trades VALUES (?, ?)');
  for (const row of rows) insert.run(...row);
  return db;
}

describe('firstKeyAtOrAfter', () => {
  // Gaps in the ids (retention), and several ids sharing a time (one block).
  const rows: [number, number][] = [];
  for (let id = 10; id <= 2008; id += 2) rows.push([id, 100 * Math.floor(id / 4)]);
  const db = table(rows);
  const search = (t: number) => firstKeyAtOrAfter(db, 'trades', 'trade_id', 'opened_at', t);
  const count = (where: string, arg: number) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM trades WHERE ${where}`).get(arg) as { n: number }).n;

  it('splits the keys where the time starts, as a scan of the times does (gaps and shared times too)', () => {
    for (const t of [0, 250, 300, 301, 24_900, 25_000, 50_100, 50_200, 50_201, 10 ** 9]) {
      const k = search(t);
      expect(count('trade_id >= ?', k), `t = ${t}`).toBe(count('opened_at >= ?', t));
      expect(count('trade_id < ?', k), `t = ${t}`).toBe(count('opened_at < ?', t));
    }
  });

  it('is 0 in an empty table, and one past the largest key when every time is earlier', () => {
    const empty = table([]);
    expect(firstKeyAtOrAfter(empty, 'trades', 'trade_id', 'opened_at', 5)).toBe(0);
    expect(search(10 ** 9)).toBe(2009);
  });

  it('reads the bounds from the key ends, not by scanning the table', () => {
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail);
    expect(plan(keyBoundsSql('trades', 'trade_id'))).not.toContain('SCAN trades');
    // What the one-query form costs (a scan per call grew a trades page's time with the store).
    expect(plan('SELECT MIN(trade_id) AS lo, MAX(trade_id) AS hi FROM trades')).toContain('SCAN trades');
  });
});
