import type { Database } from 'better-sqlite3';
import { GridkeeperError } from '../api/contract/errors';
import type {
  ApplicationView,
  ChartRange,
  DisputeTimelineEntry,
  DisputeView,
  IndexerStatusView,
  MarketMetric,
  MarketSummaryView,
  OfferStatus,
  OfferView,
  Page,
  ProsumerStatus,
  ProsumerView,
  SafeStateView,
  SeriesPoint,
  SeriesView,
  TradeStatus,
  TradeView,
} from '../api/contract/market';
import {
  type CountedTable,
  ROLLUP_BUCKETS,
  statusCountKey,
  storedValue,
  TRADES_PRUNED_BELOW,
} from '../indexer';
import type { SafeTxData } from '../safe';
import { firstKeyAtOrAfter } from '../store';
import { chartWindow } from './chart-window';
import { type KeysetQuery, keysetPage, type Terms } from './keyset';
import { lttb } from './lttb';
import {
  chainNow,
  chainTime,
  checksum,
  countOf,
  type DisputeRow,
  type EventRow,
  type ExecutionRow,
  eachRowOf,
  executedSafeTx,
  finalizedBlock,
  type OfferRow,
  openingTxHash,
  type ProsumerRow,
  params,
  prosumerView,
  type RollupRow,
  rowOf,
  rowsOf,
  type TradeRow,
  tradeView,
} from './rows';

/** The contract's default outcome (EnergyMarket.applyDefaultOutcome), as the disputes page states it. */
const DEFAULT_OUTCOME =
  'The trade ends as traded: the buyer gets the energy, the seller the payment less the fee and the bond. Anyone can apply it; the Safe can no longer decide.';

/** Read side of the market store: the views behind the market/* channels. Never touches the chain. */

const vwap = (valueWei: bigint, energyWh: bigint): string | null =>
  energyWh > 0n ? ((valueWei * 1000n) / energyWh).toString() : null;

/** The count of a filtered list, only for a page without a cursor (a cursor's page keeps the first's). */
function countRows(
  db: Database,
  table: string,
  where: string[],
  args: unknown[],
  after?: string,
): number | null {
  if (after !== undefined) return null;
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return countOf(db, `SELECT COUNT(*) AS n FROM ${table} ${clause}`, ...args);
}

/**
 * How many rows of `table` have one of `statuses` (every row when none): the counts the indexer
 * keeps per status (market_params), one read whatever the list's length. Only for a page without a
 * cursor, like `countRows`.
 */
function statusCount(
  db: Database,
  table: CountedTable,
  statuses: readonly string[] | undefined,
  after?: string,
): number | null {
  if (after !== undefined) return null;
  const prefix = statusCountKey(table, '');
  const [where, args] = statuses?.length
    ? [`key IN (${statuses.map(() => '?').join(', ')})`, statuses.map((s) => statusCountKey(table, s))]
    : ['key > ? AND key < ?', [prefix, `${prefix}\uffff`]];
  return countOf(
    db,
    `SELECT COALESCE(SUM(CAST(value AS INTEGER)), 0) AS n FROM market_params WHERE ${where}`,
    ...args,
  );
}

type Paging = { offset: number; limit: number; after?: string };

/** One arm per status (keysetPage): each walks its part of a `(status, …)` index in the sort's order. */
const statusArms = (statuses: readonly string[]): Terms[] =>
  statuses.map((s) => ({ where: ['status = ?'], args: [s] }));

const PROSUMER_STATUSES: readonly ProsumerStatus[] = [
  'pending',
  'admitted',
  'rejected',
  'suspended',
  'removed',
];

export function marketSummary(db: Database, indexer: IndexerStatusView): MarketSummaryView {
  const p = params(db);
  const prosumers: Record<ProsumerStatus, number> = {
    pending: 0,
    admitted: 0,
    rejected: 0,
    suspended: 0,
    removed: 0,
  };
  for (const row of rowsOf<{ status: ProsumerStatus; n: number }>(
    db,
    'SELECT status, COUNT(*) AS n FROM prosumers GROUP BY status',
  ))
    prosumers[row.status] = row.n;
  const since = chainNow(db) - 86_400;
  let energy = 0n;
  let value = 0n;
  let trades = 0;
  for (const row of eachRowOf<Pick<RollupRow, 'energy_wh' | 'value_wei' | 'trades'>>(
    db,
    'SELECT energy_wh, value_wei, trades FROM market_rollups WHERE bucket_seconds = 60 AND t >= ?',
    since - (since % 60),
  )) {
    energy += BigInt(row.energy_wh);
    value += BigInt(row.value_wei);
    trades += row.trades;
  }
  const totalEnergy = BigInt(p.get('energy_wh_total') ?? '0');
  const totalValue = BigInt(p.get('value_wei_total') ?? '0');
  const num = (key: string) => (p.has(key) ? Number(p.get(key)) : null);
  return {
    indexer,
    paymentToken: checksum(p.get('payment_token') ?? '0x0000000000000000000000000000000000000000'),
    feeBps: num('fee_bps'),
    disputeWindowSeconds: num('dispute_window_seconds'),
    disputeBond: p.get('dispute_bond') ?? null,
    arbitrationPeriodSeconds: num('arbitration_period_seconds'),
    registrationFeeWei: p.get('registration_fee_wei') ?? null,
    paused: p.get('paused') === '1',
    prosumers,
    openOffers: statusCount(db, 'offers', ['open']) ?? 0,
    openTrades: statusCount(db, 'trades', ['open']) ?? 0,
    openDisputes: Number(p.get('open_disputes') ?? 0),
    escrowLocked: p.get('escrow_locked') ?? '0',
    last24h: {
      trades,
      energyWh: energy.toString(),
      valueWei: value.toString(),
      vwapPerKWh: vwap(value, energy),
    },
    allTime: {
      trades: Number(p.get('trades_total') ?? 0),
      energyWh: totalEnergy.toString(),
      valueWei: totalValue.toString(),
      vwapPerKWh: vwap(totalValue, totalEnergy),
    },
  };
}

/**
 * A metric over [from, to] from the finest rollup that fits in `maxPoints` buckets; past the daily
 * rollup's reach, LTTB picks the points. Empty buckets are zeros (flows) or the carried level.
 */
export function marketSeries(
  db: Database,
  input: {
    metric: MarketMetric;
    range?: ChartRange;
    bucketSeconds?: number;
    from?: number;
    to?: number;
    maxPoints: number;
  },
): SeriesView {
  const first =
    rowOf<{ first: number | null }>(
      db,
      'SELECT MIN(t) AS first FROM market_rollups WHERE bucket_seconds = 86400',
    )?.first ?? null;
  const window = input.range && chartWindow(input.range, chainNow(db), first, input.bucketSeconds);
  const to = window ? window.to : (input.to ?? chainNow(db));
  const from = window ? window.from : Math.min(input.from ?? first ?? to - 86_400, to);
  const bucketSeconds = window
    ? window.bucketSeconds
    : (ROLLUP_BUCKETS.find((b) => Math.floor(to / b) - Math.floor(from / b) + 1 <= input.maxPoints) ??
      86_400);
  const start = from - (from % bucketSeconds);
  const rows = rowsOf<RollupRow>(
    db,
    'SELECT * FROM market_rollups WHERE bucket_seconds = ? AND t >= ? AND t <= ? ORDER BY t',
    bucketSeconds,
    start,
    to,
  );
  const level = input.metric === 'escrowLocked' || input.metric === 'openDisputes';
  let carried = '0';
  if (level) {
    const column = input.metric === 'escrowLocked' ? 'escrow_locked' : 'open_disputes';
    const before = rowOf<{ v: string | number }>(
      db,
      `SELECT ${column} AS v FROM market_rollups WHERE bucket_seconds = ? AND t < ? AND ${column} IS NOT NULL ORDER BY t DESC LIMIT 1`,
      bucketSeconds,
      start,
    );
    carried = before ? String(before.v) : '0';
  }
  const points: SeriesPoint[] = [];
  let i = 0;
  for (let t = start; t <= to; t += bucketSeconds) {
    const row = rows[i]?.t === t ? rows[i++] : undefined;
    const v = pointValue(input.metric, row, carried);
    if (level) carried = v ?? carried;
    if (v !== null) points.push({ t, v });
  }
  const downsampled = points.length > input.maxPoints;
  return {
    metric: input.metric,
    from: start,
    to,
    bucketSeconds,
    downsampled,
    points: downsampled
      ? lttb(
          points,
          input.maxPoints,
          (p) => p.t,
          (p) => Number(p.v),
        )
      : points,
  };
}

function pointValue(metric: MarketMetric, row: RollupRow | undefined, carried: string): string | null {
  switch (metric) {
    case 'energyWh':
      return String(row?.energy_wh ?? 0);
    case 'valueWei':
      return row?.value_wei ?? '0';
    case 'trades':
      return String(row?.trades ?? 0);
    case 'newProsumers':
      return String(row?.new_prosumers ?? 0);
    case 'vwapPerKWh':
      return row ? vwap(BigInt(row.value_wei), BigInt(row.energy_wh)) : null;
    case 'escrowLocked':
      return row?.escrow_locked ?? carried;
    case 'openDisputes':
      return row?.open_disputes !== null && row?.open_disputes !== undefined
        ? String(row.open_disputes)
        : carried;
  }
}

export function marketProsumers(
  db: Database,
  input: { status?: ProsumerStatus; search?: string } & Paging,
): Page<ProsumerView> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.status) {
    where.push('status = ?');
    args.push(input.status);
  }
  if (input.search) {
    // A prefix of the address or meter id as typed (hex, with or without 0x): prosumers are a small
    // table, read whole.
    where.push('(hex(address) LIKE ? OR hex(meter_id) LIKE ?)');
    const prefix = `${input.search.toUpperCase().replace(/^0X/, '').replace(/[%_]/g, '')}%`;
    args.push(prefix, prefix);
  }
  const total = input.search
    ? countRows(db, 'prosumers', where, args, input.after)
    : statusCount(db, 'prosumers', input.status && [input.status], input.after);
  const page = keysetPage<ProsumerRow>(
    db,
    {
      table: 'prosumers',
      where,
      args,
      // Unfiltered, the statuses' parts of `(status, applied_at, address)` merged: no sort of them all.
      arms: input.status || input.search ? undefined : statusArms(PROSUMER_STATUSES),
      order: ['applied_at', 'address'],
      dir: 'desc',
    },
    input,
  );
  return { total, offset: page.offset, rows: page.rows.map(prosumerView), next: page.next };
}

export function marketApplications(db: Database, input: Paging): Page<ApplicationView> {
  const where = ["status = 'pending'"];
  const total = statusCount(db, 'prosumers', ['pending'], input.after);
  const page = keysetPage<ProsumerRow>(
    db,
    { table: 'prosumers', where, args: [], order: ['applied_at', 'address'], dir: 'asc' },
    input,
  );
  return {
    total,
    offset: page.offset,
    next: page.next,
    rows: page.rows.map((r) => ({
      address: checksum(r.address),
      applicationHash: r.application_hash,
      meterId: r.meter_id,
      kycHash: r.kyc_hash,
      feeWei: r.fee_wei,
      appliedAt: r.applied_at,
      blockNumber: r.applied_block,
      txHash: r.applied_tx,
      previousRejections: r.rejections,
    })),
  };
}

export function marketOffers(
  db: Database,
  input: { status?: OfferStatus; seller?: string } & Paging,
): Page<OfferView> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.status) {
    where.push('status = ?');
    args.push(input.status);
  }
  if (input.seller) {
    where.push('seller = ?');
    args.push(storedValue('seller', input.seller.toLowerCase()));
  }
  const total = input.seller
    ? countRows(db, 'offers', where, args, input.after)
    : statusCount(db, 'offers', input.status && [input.status], input.after);
  const page = keysetPage<OfferRow>(
    db,
    { table: 'offers', where, args, order: ['offer_id'], dir: 'desc' },
    input,
  );
  return {
    total,
    offset: page.offset,
    next: page.next,
    rows: page.rows.map((r) => ({
      offerId: String(r.offer_id),
      seller: checksum(r.seller),
      status: r.status,
      energyWh: String(r.energy_wh),
      energyWhRemaining: String(r.energy_wh_remaining),
      pricePerKWh: r.price_per_kwh,
      expiresAt: r.expires_at,
      listedAt: r.listed_at,
      closedAt: r.closed_at,
      trades: r.trades,
      txHash: openingTxHash(db, 'offer_listed', r),
    })),
  };
}

export interface TradeFilter {
  prosumer?: string;
  status?: TradeStatus[];
  from?: number;
  to?: number;
  sortBy: 'tradeId' | 'openedAt' | 'energyWh' | 'paymentAmount' | 'pricePerKWh';
  sortDir: 'asc' | 'desc';
}

const TRADE_ORDER: Record<TradeFilter['sortBy'], string[]> = {
  tradeId: ['trade_id'],
  // `opened_at` grows with the id (see `tradeWindow`): the same order, read from the table itself.
  openedAt: ['trade_id'],
  energyWh: ['energy_wh', 'trade_id'],
  // Ordered amounts (store/values.ts) sort numerically as stored.
  paymentAmount: ['payment_amount', 'trade_id'],
  pricePerKWh: ['price_per_kwh', 'trade_id'],
};
export const tradeOrderBy = (filter: TradeFilter) =>
  TRADE_ORDER[filter.sortBy].map((o) => `${o} ${filter.sortDir}`).join(', ');

/** The trades matching `filter` (the CSV export's query; a page's is `tradePageQuery`). */
export function tradeWhere(db: Database, filter: TradeFilter): { clause: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.prosumer) {
    where.push('(seller = ? OR buyer = ?)');
    const prosumer = storedValue('seller', filter.prosumer.toLowerCase());
    args.push(prosumer, prosumer);
  }
  if (filter.status?.length) {
    where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
    args.push(...filter.status);
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    const { first, past } = tradeWindow(db, filter.from, filter.to);
    where.push('trade_id >= ? AND trade_id < ?');
    args.push(first, past);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

const TRADE_STATUSES: readonly TradeStatus[] = ['open', 'disputed', 'settled', 'resolved'];

/**
 * A prosumer's page sorted by a value (energy, payment, price) reads its matching trades by the
 * seller and buyer indexes and sorts them when they are at most this many; more, it walks the
 * sort's index and skips the rows that are not its (at least 1 in SORT_BELOW / trades is: a page
 * of 200 reads at most 200 × trades / SORT_BELOW rows).
 */
const SORT_BELOW = 20_000;

/**
 * The trades opened in [from, to] and how many they are: trade ids are consecutive and `opened_at`
 * grows with them, so the window is the id range [first, past) between two binary searches of the
 * ids (no index on `opened_at`). Retention leaves gaps only below `trades_pruned_below`; that part
 * (the trades it kept) is counted row by row.
 */
function tradeWindow(
  db: Database,
  from = 0,
  to = Number.MAX_SAFE_INTEGER,
): { count: number; first: number; past: number } {
  const first = firstKeyAtOrAfter(db, 'trades', 'trade_id', 'opened_at', from);
  const past = firstKeyAtOrAfter(db, 'trades', 'trade_id', 'opened_at', to + 1);
  if (past <= first) return { count: 0, first, past: first };
  const frontier = Number(params(db).get(TRADES_PRUNED_BELOW) ?? 0);
  const gapped =
    first < frontier
      ? countOf(
          db,
          'SELECT COUNT(*) AS n FROM trades WHERE trade_id >= ? AND trade_id < ?',
          first,
          Math.min(past, frontier),
        )
      : 0;
  return { count: gapped + Math.max(0, past - Math.max(first, frontier)), first, past };
}

type Window = ReturnType<typeof tradeWindow>;

/** The trades list's filters in stored form: the window as its id range. */
interface TradeTerms {
  prosumer: unknown;
  statuses: TradeStatus[] | null;
  window: Window | null;
}

const inList = (values: readonly unknown[]) => `(${values.map(() => '?').join(', ')})`;

/**
 * How many trades match, each filter read where it is cheapest: the counts per status the indexer
 * keeps, a window's id range, and for a window with statuses the `(status, rowid)` index over the id
 * range, for whichever of the statuses and the others are fewer.
 */
function tradeCount(db: Database, { prosumer, statuses, window }: TradeTerms, atMost?: number): number {
  const range = window ? [window.first, window.past] : [];
  const rangeSql = window ? ' AND trade_id >= ? AND trade_id < ?' : '';
  // By status over a window, in `(status, rowid)` (see `tradePageQuery`).
  const table = `trades${statuses && prosumer === null ? indexedBy(db, 'trades_status') : ''}`;
  // With `atMost`, counting stops there (a page choosing how to read needs no more).
  const count = (where: string, ...args: unknown[]) =>
    atMost === undefined
      ? countOf(db, `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, ...args)
      : countOf(
          db,
          `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${where} LIMIT ?)`,
          ...args,
          atMost,
        );
  if (prosumer !== null)
    return count(
      // `+status`: without statistics SQLite would read a status's rows, not the prosumer's.
      `(seller = ? OR buyer = ?)${statuses ? ` AND +status IN ${inList(statuses)}` : ''}${rangeSql}`,
      prosumer,
      prosumer,
      ...(statuses ?? []),
      ...range,
    );
  if (!window) return statusCount(db, 'trades', statuses ?? undefined) ?? 0;
  if (!statuses) return window.count;
  const others = TRADE_STATUSES.filter((s) => !statuses.includes(s));
  const countIn = (list: TradeStatus[]) =>
    list.length ? count(`status IN ${inList(list)}${rangeSql}`, ...list, ...range) : 0;
  return atMost !== undefined ||
    (statusCount(db, 'trades', statuses) ?? 0) <= (statusCount(db, 'trades', others) ?? 0)
    ? countIn(statuses)
    : window.count - countIn(others);
}

/** The `(status, value)` index of each value sort (0012). */
const VALUE_INDEX: Partial<Record<TradeFilter['sortBy'], string>> = {
  energyWh: 'trades_status_energy',
  paymentAmount: 'trades_status_payment',
  pricePerKWh: 'trades_status_price',
};

/**
 * A value-sorted page with a date window (and no prosumer) reads its matching rows and sorts them
 * when they are at most this many; more, it walks the statuses' parts of the sort's index and skips
 * the ids outside the window (in the index: no row read).
 */
const WINDOW_SORT_BELOW = 2_000;

/**
 * How a page of trades is read, so that its cost does not depend on its depth or on what SQLite
 * guesses about the data (it has no statistics during a backfill, and ANALYZE's must not mislead it):
 * - by trade id or date (the same order: `opened_at` grows with the id), one arm per status in its
 *   `(status, rowid)` index, or per side of a prosumer's trades in `(seller|buyer, rowid)`, merged;
 *   a window is an id range inside each arm;
 * - by a value, one arm per status (the filter's, else all four) in `(status, value)`, merged; a
 *   window's ids are tested in the index; a prosumer's trades, when at most SORT_BELOW, are read
 *   by its two indexes and sorted (`+col`: not sought in the sort's index), and so are a window's
 *   when at most WINDOW_SORT_BELOW.
 * The index a part is read from is named (INDEXED BY) while it exists: a backfill may defer it.
 */
function tradePageQuery(
  db: Database,
  filter: TradeFilter & Paging,
  terms: TradeTerms,
  matching: () => number,
): Omit<KeysetQuery, 'dir'> {
  const { prosumer, statuses, window } = terms;
  const where: string[] = [];
  const args: unknown[] = [];
  const byId = filter.sortBy === 'tradeId' || filter.sortBy === 'openedAt';
  const sortFew =
    !byId &&
    (prosumer !== null ? matching() <= SORT_BELOW : window !== null && matching() <= WINDOW_SORT_BELOW);
  // Merged status arms of the value's index: the window and the prosumer only tested (`+`).
  const valueArms = !byId && !sortFew;
  const plus = valueArms ? '+' : '';
  if (window) {
    // After a cursor in id order, the cursor bounds the ids on its side: SQLite seeks by one bound
    // per side, and the window's (further away) would make it walk from the window's end.
    const cursorSide = byId && filter.after !== undefined ? filter.sortDir : null;
    where.push(
      `${plus || (cursorSide === 'asc' ? '+' : '')}trade_id >= ?`,
      `${plus || (cursorSide === 'desc' ? '+' : '')}trade_id < ?`,
    );
    args.push(window.first, window.past);
  }
  let arms: Terms[] | undefined;
  let index: string | undefined;
  if (valueArms) {
    if (prosumer !== null) {
      where.push('(+seller = ? OR +buyer = ?)');
      args.push(prosumer, prosumer);
    }
    arms = statusArms(statuses ?? TRADE_STATUSES);
    index = VALUE_INDEX[filter.sortBy];
  } else if (prosumer !== null) {
    // A trade of the prosumer with itself is in the seller's arm only.
    arms = [
      { where: ['seller = ?'], args: [prosumer] },
      { where: ['buyer = ?', '+seller <> ?'], args: [prosumer, prosumer] },
    ];
    if (statuses) {
      where.push(`+status IN ${inList(statuses)}`);
      args.push(...statuses);
    }
  } else if (statuses) {
    // By id, each status's part of `(status, rowid)`; a few to sort, read from it over the window.
    if (byId) arms = statusArms(statuses);
    else {
      where.push(`status IN ${inList(statuses)}`);
      args.push(...statuses);
    }
    index = 'trades_status';
  }
  const order = byId ? ['trade_id'] : TRADE_ORDER[filter.sortBy];
  return {
    table: `trades${index ? indexedBy(db, index) : ''}`,
    where,
    args,
    arms,
    order: sortFew ? [`+${order[0]}`, ...order.slice(1)] : order,
  };
}

/** ` INDEXED BY name` while the index exists, else nothing (a backfill drops the market's indexes). */
const indexedBy = (db: Database, name: string): string =>
  rowOf(db, "SELECT 1 AS x FROM sqlite_master WHERE type = 'index' AND name = ?", name)
    ? ` INDEXED BY ${name}`
    : '';

export function marketTrades(db: Database, input: TradeFilter & Paging): Page<TradeView> {
  const statuses = input.status?.length ? [...new Set(input.status)] : null;
  const terms: TradeTerms = {
    prosumer: input.prosumer ? storedValue('seller', input.prosumer.toLowerCase()) : null,
    statuses,
    window: input.from !== undefined || input.to !== undefined ? tradeWindow(db, input.from, input.to) : null,
  };
  const total = input.after === undefined ? tradeCount(db, terms) : null;
  const matching = () => total ?? tradeCount(db, terms, SORT_BELOW + 1);
  const page = keysetPage<TradeRow>(
    db,
    { dir: input.sortDir, ...tradePageQuery(db, input, terms, matching) },
    input,
  );
  const finalized = finalizedBlock(db);
  return {
    total,
    offset: page.offset,
    rows: page.rows.map((r) => tradeView(db, r, finalized)),
    next: page.next,
  };
}

export function marketTrade(db: Database, tradeId: bigint): TradeView {
  const row = rowOf<TradeRow>(db, 'SELECT * FROM trades WHERE trade_id = ?', tradeId);
  if (!row) throw new GridkeeperError('NOT_FOUND', `Trade ${tradeId} is not in the store (yet).`);
  return tradeView(db, row, finalizedBlock(db));
}

function disputeView(db: Database, d: DisputeRow, finalized: number): DisputeView {
  const id = String(d.trade_id);
  const entries: { order: number; entry: DisputeTimelineEntry }[] = [];
  const add = (
    kind: DisputeTimelineEntry['kind'],
    table: string,
    pick: (r: EventRow & Record<string, string | number>) => Partial<DisputeTimelineEntry>,
  ) => {
    for (const r of rowsOf<EventRow & Record<string, string | number>>(
      db,
      `SELECT * FROM ${table} WHERE trade_id = ?`,
      d.trade_id,
    )) {
      entries.push({
        order: r.block_number * 1e6 + r.log_index,
        entry: {
          kind,
          at: r.timestamp,
          blockNumber: r.block_number,
          txHash: r.tx_hash,
          by: null,
          evidenceHash: null,
          sellerShareBps: null,
          ...pick(r),
        },
      });
    }
  };
  add('TradeOpened', 'trade_opened', (r) => ({ by: checksum(String(r.buyer)) }));
  add('DisputeOpened', 'dispute_opened', (r) => ({
    by: checksum(String(r.opened_by)),
    evidenceHash: String(r.evidence_hash),
  }));
  add('DisputeEvidenceSubmitted', 'dispute_evidence_submitted', (r) => ({
    by: checksum(String(r.submitted_by)),
    evidenceHash: String(r.evidence_hash),
  }));
  add('DisputeResolved', 'dispute_resolved', (r) => ({ sellerShareBps: Number(r.seller_share_bps) }));
  add('DisputeEnded', 'dispute_ended', (r) => ({ by: checksum(r.by as string) }));
  const timeline = entries.sort((a, b) => a.order - b.order).map((e) => e.entry);
  return {
    tradeId: id,
    status: d.status,
    openedBy: checksum(d.opened_by),
    openedAt: d.opened_at,
    resolvedAt: d.resolved_at,
    sellerShareBps: d.seller_share_bps,
    bond: d.bond ?? '0',
    arbitrationDeadline: d.arbitration_deadline ?? 0,
    arbitrationClosed: d.status === 'open' && chainTime(db) >= (d.arbitration_deadline ?? 0),
    defaultOutcome: DEFAULT_OUTCOME,
    ending: d.ending,
    bondToSeller: d.bond_to_seller,
    bondToBuyer: d.bond_to_buyer,
    evidenceHashes: timeline.flatMap((e) => (e.evidenceHash ? [e.evidenceHash] : [])),
    timeline,
    trade: tradeView(
      db,
      rowOf<TradeRow>(db, 'SELECT * FROM trades WHERE trade_id = ?', d.trade_id)!,
      finalized,
    ),
  };
}

export function marketDisputes(
  db: Database,
  input: { status?: 'open' | 'resolved' } & Paging,
): Page<DisputeView> {
  const where = input.status ? ['status = ?'] : [];
  const args = input.status ? [input.status] : [];
  const total = statusCount(db, 'disputes', input.status && [input.status], input.after);
  const page = keysetPage<DisputeRow>(
    db,
    {
      table: 'disputes',
      where,
      args,
      // Unfiltered, both statuses' parts of `(status, opened_at, trade_id)` merged.
      arms: input.status ? undefined : statusArms(['open', 'resolved']),
      order: ['opened_at', 'trade_id'],
      dir: 'desc',
    },
    input,
  );
  const finalized = finalizedBlock(db);
  return {
    total,
    offset: page.offset,
    rows: page.rows.map((d) => disputeView(db, d, finalized)),
    next: page.next,
  };
}

export function marketDispute(db: Database, tradeId: bigint): DisputeView {
  const row = rowOf<DisputeRow>(db, 'SELECT * FROM disputes WHERE trade_id = ?', tradeId);
  if (!row) throw new GridkeeperError('NOT_FOUND', `Trade ${tradeId} has no dispute in the store.`);
  return disputeView(db, row, finalizedBlock(db));
}

/**
 * The Safe's owners, threshold, nonce and latest executions. `titleOf` names what an executed
 * transaction decided (the Safe flow's decoder), from the fields of its `SafeMultiSigTransaction`.
 */
export function safeState(
  db: Database,
  safeAddress: string,
  titleOf: (tx: SafeTxData) => string | null = () => null,
): SafeStateView {
  const p = params(db);
  const owners = rowsOf<{ address: string }>(
    db,
    'SELECT address FROM safe_owners ORDER BY added_block, added_log_index',
  );
  const executions = rowsOf<ExecutionRow>(
    db,
    `SELECT e.*, m.to_address, m.value, m.data, m.operation, m.safe_tx_gas, m.base_gas, m.gas_price, m.gas_token,
         m.refund_receiver, m.additional_info
       FROM (SELECT tx_hash_safe, 1 AS success, block_number, log_index, tx_hash, timestamp
               FROM execution_success
             UNION ALL
             SELECT tx_hash_safe, 0 AS success, block_number, log_index, tx_hash, timestamp
               FROM execution_failure) e
       LEFT JOIN safe_multi_sig_transaction m ON m.block_number = e.block_number AND m.tx_hash = e.tx_hash
       ORDER BY e.block_number DESC, e.log_index DESC LIMIT 50`,
  );
  const cp = rowOf<{ indexed_block: number }>(db, 'SELECT indexed_block FROM indexer_checkpoint');
  return {
    address: checksum(safeAddress.toLowerCase()),
    owners: owners.map((o) => checksum(o.address)),
    threshold: p.has('safe_threshold') ? Number(p.get('safe_threshold')) : null,
    nonce: p.get('safe_nonce') ?? null,
    asOfBlock: cp?.indexed_block ?? -1,
    executions: executions.map((e) => {
      const multiSig = executedSafeTx(e);
      return {
        safeTxHash: e.tx_hash_safe,
        success: e.success === 1,
        blockNumber: e.block_number,
        txHash: e.tx_hash,
        at: e.timestamp,
        nonce: multiSig?.tx.nonce.toString() ?? null,
        executor: multiSig ? checksum(multiSig.executor) : null,
        title: multiSig ? titleOf(multiSig.tx) : null,
      };
    }),
  };
}
