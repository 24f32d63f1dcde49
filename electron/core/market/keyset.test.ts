import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradeStatus } from '../api/contract/market';
import { syntheticMarketStore } from '../indexer/testing/synthetic-market';
import { marketTrades } from './queries';

let dir: string;
let db: Database;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-keyset-'));
  db = syntheticMarketStore(join(dir, 'market.sqlite'), 2_000);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('keyset paging', () => {
  const sorts = ['tradeId', 'openedAt', 'energyWh', 'paymentAmount', 'pricePerKWh'] as const;
  for (const sortBy of sorts)
    for (const sortDir of ['asc', 'desc'] as const)
      it(`walks trades by ${sortBy} ${sortDir} page after page exactly as one sorted list (filtered too)`, () => {
        for (const status of [undefined, ['open', 'disputed'] as TradeStatus[]]) {
          const filter = { sortBy, sortDir, status };
          const all = marketTrades(db, { ...filter, offset: 0, limit: 1000 * 1000 }).rows.map(
            (r) => r.tradeId,
          );
          const walked: string[] = [];
          let page = marketTrades(db, { ...filter, offset: 0, limit: 97 });
          // (Unfiltered, the total is the running total the synthetic store does not keep.)
          if (status) expect(page.total).toBe(all.length);
          walked.push(...page.rows.map((r) => r.tradeId));
          while (page.next) {
            page = marketTrades(db, { ...filter, offset: 0, limit: 97, after: page.next });
            expect(page.total).toBeNull();
            walked.push(...page.rows.map((r) => r.tradeId));
          }
          expect(walked).toEqual(all);
        }
      });

  it('counts a date window exactly (by trade ids), and a window with a status too', () => {
    const { lo, hi } = db.prepare('SELECT MIN(opened_at) AS lo, MAX(opened_at) AS hi FROM trades').get() as {
      lo: number;
      hi: number;
    };
    const third = Math.floor((hi - lo) / 3);
    for (const [from, to] of [
      [lo, hi],
      [lo + third, hi - third],
      [hi + 1, hi + 100],
      [lo - 100, lo],
    ] as const)
      for (const status of [undefined, ['open'] as TradeStatus[]]) {
        const list = (limit: number) =>
          marketTrades(db, { sortBy: 'tradeId', sortDir: 'desc', from, to, status, offset: 0, limit });
        const [page, all] = [list(5), list(1e6)];
        expect(page.total, `${from}…${to} ${status ?? ''}`).toBe(all.rows.length);
      }
  });

  it('refuses a cursor of another list', () => {
    const page = marketTrades(db, { sortBy: 'tradeId', sortDir: 'desc', offset: 0, limit: 10 });
    expect(() =>
      marketTrades(db, {
        sortBy: 'paymentAmount',
        sortDir: 'desc',
        offset: 0,
        limit: 10,
        after: page.next as string,
      }),
    ).toThrow(/cursor/);
    expect(() =>
      marketTrades(db, { sortBy: 'tradeId', sortDir: 'desc', offset: 0, limit: 10, after: 'not a cursor' }),
    ).toThrow(/cursor/);
  });
});
