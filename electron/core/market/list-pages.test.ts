import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, TradeStatus } from '../api/contract/market';
import { syntheticMarketStore } from '../indexer/testing/synthetic-market';
import { marketTradesCsv } from './csv';
import {
  marketDisputes,
  marketProsumers,
  marketTrades,
  type TradeFilter,
  tradeOrderBy,
  tradeWhere,
} from './queries';

// 30,000 trades over 30 days: value sorts merge one arm per status of `(status, value)` (a third of
// the history, 10,000 trades, tested in the index), a one-day window (1,000) and a prosumer's trades
// are read and sorted; id and date sorts merge one arm per status or side.
const TRADES = 30_000;
let dir: string;
let db: Database;
let span: { lo: number; hi: number };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-list-pages-'));
  db = syntheticMarketStore(join(dir, 'market.sqlite'), TRADES);
  // As the indexer leaves the store: no ANALYZE statistics.
  db.exec('DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4');
  span = db.prepare('SELECT MIN(opened_at) AS lo, MAX(opened_at) AS hi FROM trades').get() as typeof span;
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The ids of every matching trade in the list's order, by the plain query (the CSV export's) with
 * the window and the date order on `opened_at` itself: the lists read both by trade id.
 */
function expected(filter: TradeFilter): string[] {
  const { clause, args } = tradeWhere(db, { ...filter, from: undefined, to: undefined });
  const window = [
    ...(filter.from !== undefined ? [`opened_at >= ${filter.from}`] : []),
    ...(filter.to !== undefined ? [`opened_at <= ${filter.to}`] : []),
  ];
  const where = [clause.replace(/^WHERE /, ''), ...window].filter(Boolean);
  const order =
    filter.sortBy === 'openedAt'
      ? `opened_at ${filter.sortDir}, trade_id ${filter.sortDir}`
      : tradeOrderBy(filter);
  return (
    db
      .prepare(
        `SELECT trade_id FROM trades ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`,
      )
      .all(...args) as { trade_id: number }[]
  ).map((r) => String(r.trade_id));
}

type Paging = { offset: number; limit: number; after?: string };

/** Three pages after a jump to `depth` of the list, walked by cursor, and the first page's total. */
function atDepth<R>(list: (paging: Paging) => Page<R>, depth: number, limit: number) {
  const first = list({ offset: 0, limit });
  const offset = Math.floor(depth * (first.total ?? 0));
  let page = list({ offset, limit });
  const rows = [...page.rows];
  for (let i = 0; i < 3 && page.next; i++) {
    page = list({ offset: 0, limit, after: page.next });
    expect(page.total).toBeNull();
    rows.push(...page.rows);
  }
  return { total: first.total, offset, rows };
}

describe('trades pages at depth', () => {
  const sorts = ['tradeId', 'openedAt', 'energyWh', 'paymentAmount', 'pricePerKWh'] as const;
  const filters = (): Record<string, Omit<TradeFilter, 'sortBy' | 'sortDir'>> => {
    const third = Math.floor((span.hi - span.lo) / 3);
    const middle = { from: span.lo + third, to: span.hi - third };
    return {
      all: {},
      settled: { status: ['settled'] },
      'open and disputed': { status: ['open', 'disputed'] as TradeStatus[] },
      'a third of the history': middle,
      'one day': { from: span.lo + third, to: span.lo + third + 86_400 },
      'one day, settled': { from: span.lo + third, to: span.lo + third + 86_400, status: ['settled'] },
      'the whole history, settled': { from: span.lo, to: span.hi, status: ['settled'] },
      'a third of the history, settled and resolved': { ...middle, status: ['settled', 'resolved'] },
      'a third of the history, open (none there)': { ...middle, status: ['open'] },
      'one prosumer': { prosumer: `0x${(0x1000 + 7).toString(16).padStart(40, '0')}` },
      'one prosumer, settled, in a third of the history': {
        prosumer: `0x${(0x2000 + 7).toString(16).padStart(40, '0')}`,
        status: ['settled'],
        ...middle,
      },
    };
  };
  for (const sortBy of sorts)
    for (const sortDir of ['asc', 'desc'] as const)
      it(`by ${sortBy} ${sortDir}: each filter's count, and its rows after cursors at 50% and 99%`, () => {
        for (const [name, f] of Object.entries(filters())) {
          const filter: TradeFilter = { ...f, sortBy, sortDir };
          const all = expected(filter);
          for (const depth of [0.5, 0.99]) {
            const got = atDepth((paging) => marketTrades(db, { ...filter, ...paging }), depth, 97);
            expect(got.total, name).toBe(all.length);
            expect(
              got.rows.map((r) => r.tradeId),
              `${name} at ${depth}`,
            ).toEqual(all.slice(got.offset, got.offset + 4 * 97));
          }
        }
      });
});

describe('the trades CSV', () => {
  it('exports a window, by date either way, as the plain query on opened_at has it', () => {
    const third = Math.floor((span.hi - span.lo) / 3);
    // Ends that are trades' own opening times: both are in the window.
    const openedAt = (id: number) =>
      (db.prepare('SELECT opened_at AS t FROM trades WHERE trade_id = ?').get(id) as { t: number }).t;
    for (const sortDir of ['asc', 'desc'] as const)
      for (const f of [
        { from: openedAt(10_000), to: openedAt(11_000) },
        { from: span.lo + third, to: span.lo + third + 86_400 },
        { from: span.lo + third, status: ['settled'] as TradeStatus[] },
        { to: span.lo + third },
      ]) {
        const filter: TradeFilter = { ...f, sortBy: 'openedAt', sortDir };
        const csv = marketTradesCsv(db, filter);
        const ids = csv.content
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[0]);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids).toEqual(expected(filter));
      }
  });
});

describe('trades pages while a backfill has deferred the indexes', () => {
  it('reads by status without naming the dropped index, the same rows', () => {
    const filter: TradeFilter = { status: ['settled', 'resolved'], sortBy: 'tradeId', sortDir: 'asc' };
    const third = Math.floor((span.hi - span.lo) / 3);
    const window = { from: span.lo + third, to: span.hi - third };
    const before = [filter, { ...filter, ...window, sortBy: 'energyWh' as const }].map((f) =>
      atDepth((paging) => marketTrades(db, { ...f, ...paging }), 0.5, 97),
    );
    db.exec('DROP INDEX trades_status; DROP INDEX trades_status_energy');
    try {
      const after = [filter, { ...filter, ...window, sortBy: 'energyWh' as const }].map((f) =>
        atDepth((paging) => marketTrades(db, { ...f, ...paging }), 0.5, 97),
      );
      expect(after).toEqual(before);
    } finally {
      db.exec(
        'CREATE INDEX trades_status ON trades (status); CREATE INDEX trades_status_energy ON trades (status, energy_wh)',
      );
    }
  });
});

describe('disputes and prosumers, unfiltered (their statuses merged)', () => {
  it('walk page after page in the list order', () => {
    const walk = <R>(list: (paging: Paging) => Page<R>, limit: number): R[] => {
      let page = list({ offset: 0, limit });
      const rows = [...page.rows];
      while (page.next) {
        page = list({ offset: 0, limit, after: page.next });
        rows.push(...page.rows);
      }
      return rows;
    };
    const disputes = db
      .prepare('SELECT trade_id FROM disputes ORDER BY opened_at DESC, trade_id DESC')
      .all() as { trade_id: number }[];
    expect(disputes.length).toBeGreaterThan(100);
    expect(walk((p) => marketDisputes(db, p), 37).map((d) => d.tradeId)).toEqual(
      disputes.map((d) => String(d.trade_id)),
    );
    const prosumers = db
      .prepare('SELECT lower(hex(address)) AS a FROM prosumers ORDER BY applied_at DESC, address DESC')
      .all() as { a: string }[];
    expect(prosumers.length).toBeGreaterThan(1000);
    expect(walk((p) => marketProsumers(db, p), 97).map((p) => p.address.toLowerCase())).toEqual(
      prosumers.map((p) => `0x${p.a}`),
    );
  });
});
