// The list pages the UI asks for, timed on a market store (bench:indexer at every million stored
// events, bench:pages on a store of the 5M-event size).
import type { Database } from 'better-sqlite3';
import type { Page, TradeStatus } from '../electron/core/api/contract/market';
import { AuditLog } from '../electron/core/audit';
import {
  marketDisputes,
  marketOffers,
  marketProsumers,
  marketTrades,
  type TradeFilter,
} from '../electron/core/market/queries';
import { clearStatementCache } from '../electron/core/store';

type Paging = { offset: number; limit: number; after?: string };

export interface PageTimes {
  /** Every timed call, ms, sorted ascending. */
  times: number[];
  /** The slowest call's page. */
  slowest: string;
  /** Each page's slowest call, ms. */
  byPage: Map<string, number>;
  /** The slowest untimed offset jump (how a cursor at depth was found), ms, and its list. */
  jumpMaxMs: number;
  slowestJump: string;
}

const SORTS = ['tradeId', 'openedAt', 'paymentAmount', 'energyWh', 'pricePerKWh'] as const;
/** The trades page's status checkboxes: none, each alone, and a pair. */
const STATUS_SETS: (TradeStatus[] | undefined)[] = [
  undefined,
  ['open'],
  ['disputed'],
  ['settled'],
  ['resolved'],
  ['open', 'disputed'],
];

/**
 * Every list the UI can ask for, each filter and sort the pages offer (Trades: prosumer, statuses,
 * date window, five sorts both ways; Offers, Disputes, Prosumers by status, seller, search; the
 * audit log, whole and by Safe tx), with the page size the UI asks for: the first page (with its
 * count), and the page after a cursor at 50% and at 99% of the list (the cursor found by an
 * untimed jump by offset). Each page three times, every time counted: the p99 is a page's, not one
 * GC pause's on a loaded machine. `cold`: the statement cache is emptied before each call (what
 * each call cost when every query was prepared anew).
 */
export function pageTimes(
  db: Database,
  options: { cold?: boolean; cursors?: Map<string, string | null> } = {},
): PageTimes {
  // The cursors at depth, found once per store (`cursors`, kept by the caller across runs).
  const cursors = options.cursors ?? new Map<string, string | null>();
  const times: number[] = [];
  const byPage = new Map<string, number>();
  let slowest = { ms: -1, page: '' };
  let jump = { ms: -1, page: '' };
  const timed = <T>(run: () => T, page: string): T => {
    let result: T | undefined;
    for (let i = 0; i < 3; i++) {
      if (options.cold) clearStatementCache(db);
      const start = performance.now();
      result = run();
      const ms = performance.now() - start;
      times.push(ms);
      byPage.set(page, Math.max(ms, byPage.get(page) ?? 0));
      if (ms > slowest.ms) slowest = { ms, page };
    }
    return result as T;
  };
  const atDepths = (list: (paging: Paging) => Page<unknown>, name: string, limit = 200) => {
    const first = timed(() => list({ offset: 0, limit }), `${name}, first page`);
    const rows = first.total ?? 0;
    for (const depth of [0.5, 0.99]) {
      const key = `${name}, after ${depth * 100}%`;
      if (!cursors.has(key)) {
        const start = performance.now();
        cursors.set(key, list({ offset: Math.floor(depth * rows), limit }).next);
        const ms = performance.now() - start;
        if (ms > jump.ms) jump = { ms, page: `${name}, jump to ${depth * 100}%` };
      }
      const after = cursors.get(key);
      if (after) timed(() => list({ offset: 0, limit, after }), key);
    }
  };
  const row = <R>(sql: string) => db.prepare(sql).get() as R;
  const seller = row<{ s?: string } | undefined>('SELECT lower(hex(seller)) AS s FROM trades LIMIT 1')?.s;
  const prosumer = seller ? `0x${seller}` : undefined;
  const span = row<{ lo: number | null; hi: number | null }>(
    'SELECT MIN(opened_at) AS lo, MAX(opened_at) AS hi FROM trades',
  );
  const [lo, hi] = [span.lo ?? 0, span.hi ?? 0];
  // The middle half of the history, and one day in its middle.
  const windows = {
    'a half-history window': { from: lo + Math.floor((hi - lo) / 4), to: hi - Math.floor((hi - lo) / 4) },
    'a one-day window': { from: Math.floor((lo + hi) / 2), to: Math.floor((lo + hi) / 2) + 86_400 },
  };
  const trades = (filter: Omit<TradeFilter, 'sortBy' | 'sortDir'>, name: string, dirs = ['desc', 'asc']) => {
    for (const sortBy of SORTS)
      for (const sortDir of dirs as TradeFilter['sortDir'][])
        atDepths(
          (paging) => marketTrades(db, { ...filter, sortBy, sortDir, ...paging }),
          `trades ${name} by ${sortBy} ${sortDir}`,
        );
  };
  for (const status of STATUS_SETS) trades({ status }, status?.join('+') ?? 'all');
  for (const [name, window] of Object.entries(windows))
    for (const status of [undefined, ['open'], ['settled'], ['disputed']] as (TradeStatus[] | undefined)[])
      trades({ ...window, status }, `of ${name}${status ? ` ${status.join('+')}` : ''}`);
  if (prosumer)
    for (const [name, filter] of Object.entries({
      '': {},
      ' settled': { status: ['settled'] as TradeStatus[] },
      ' in a half-history window': windows['a half-history window'],
    }))
      trades({ prosumer, ...filter }, `of one prosumer${name}`, ['desc']);
  // Offers: the order book (open, 1,000 a page), by other statuses, one seller's open offers.
  for (const status of [undefined, 'open', 'sold', 'cancelled', 'expired'] as const)
    atDepths(
      (paging) => marketOffers(db, { status, ...paging }),
      `offers ${status ?? 'all'}`,
      status === 'open' ? 1000 : 200,
    );
  if (prosumer) {
    atDepths((paging) => marketOffers(db, { seller: prosumer, ...paging }), 'offers of one seller');
    atDepths(
      (paging) => marketOffers(db, { seller: prosumer, status: 'open', ...paging }),
      'open offers of one seller',
      50,
    );
  }
  for (const status of [undefined, 'open', 'resolved'] as const)
    atDepths((paging) => marketDisputes(db, { status, ...paging }), `disputes ${status ?? 'all'}`);
  for (const status of [undefined, 'admitted', 'pending'] as const)
    atDepths((paging) => marketProsumers(db, { status, ...paging }), `prosumers ${status ?? 'all'}`);
  if (prosumer) {
    atDepths(
      (paging) => marketProsumers(db, { search: prosumer, ...paging }),
      'prosumers found by address',
      1,
    );
    atDepths((paging) => marketProsumers(db, { search: '0x0000', ...paging }), 'prosumers found by prefix');
  }
  // The audit log pages by `beforeSeq` (its keyset), unfiltered and by one Safe tx hash.
  const log = new AuditLog(db);
  const entries = row<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log').n;
  for (const safeTxHash of [undefined, `0x${(0).toString(16).padStart(64, '0')}`]) {
    const name = `audit log${safeTxHash ? ' of one Safe tx' : ''}`;
    timed(() => log.list({ safeTxHash, limit: 200 }), `${name}, first page`);
    for (const depth of [0.5, 0.99])
      timed(
        () => log.list({ safeTxHash, limit: 200, beforeSeq: Math.max(1, Math.floor((1 - depth) * entries)) }),
        `${name}, before ${depth * 100}%`,
      );
  }
  return {
    times: times.sort((a, b) => a - b),
    slowest: slowest.page,
    byPage,
    jumpMaxMs: jump.ms,
    slowestJump: jump.page,
  };
}

/** The audit log's own append (hash-chained), one transaction per 10,000 entries. */
export function fillAuditLog(db: Database, entries: number): void {
  const log = new AuditLog(db, () => new Date(1_735_689_600_000));
  for (let done = 0; done < entries; ) {
    const batch = Math.min(10_000, entries - done);
    db.transaction(() => {
      for (let i = 0; i < batch; i++, done++)
        log.append({
          kind: ['proposal.created', 'signature.added', 'proposal.executed'][done % 3] as string,
          safeTxHash: done % 10 === 0 ? `0x${(done % 5_000).toString(16).padStart(64, '0')}` : undefined,
          actor: `0x${(done % 7).toString(16).padStart(40, '0')}`,
          detail: { step: done },
        });
    })();
  }
}
