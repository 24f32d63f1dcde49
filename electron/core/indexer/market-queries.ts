import type { Database } from 'better-sqlite3';
import { AbiCoder, getAddress } from 'ethers';
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
import { GridkeeperError } from '../api/errors';
import type { SafeTxData } from '../safe/types';
import { chartWindow } from './chart-window';
import { ROLLUP_BUCKETS } from './derive';
import { lttb } from './lttb';

/** Read side of the market store: the views behind the market/* channels. Never touches the chain. */

const checksums = new Map<string, string>();
function checksum(address: string): string {
  let out = checksums.get(address);
  if (!out) {
    out = getAddress(address);
    if (checksums.size > 100_000) checksums.clear();
    checksums.set(address, out);
  }
  return out;
}

const vwap = (valueWei: bigint, energyWh: bigint): string | null =>
  energyWh > 0n ? ((valueWei * 1000n) / energyWh).toString() : null;

function params(db: Database): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM market_params').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

function chainNow(db: Database): number {
  const row = db.prepare('SELECT indexed_timestamp AS t FROM indexer_checkpoint').get() as
    | { t: number | null }
    | undefined;
  return row?.t ?? Math.floor(Date.now() / 1000);
}

function finalizedBlock(db: Database): number {
  const row = db.prepare('SELECT MIN(finalized_block, indexed_block) AS f FROM indexer_checkpoint').get() as
    | { f: number }
    | undefined;
  return row?.f ?? -1;
}

export function marketSummary(db: Database, indexer: IndexerStatusView): MarketSummaryView {
  const p = params(db);
  const prosumers: Record<ProsumerStatus, number> = { pending: 0, admitted: 0, rejected: 0, suspended: 0 };
  for (const row of db.prepare('SELECT status, COUNT(*) AS n FROM prosumers GROUP BY status').all() as {
    status: ProsumerStatus;
    n: number;
  }[])
    prosumers[row.status] = row.n;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const since = chainNow(db) - 86_400;
  let energy = 0n;
  let value = 0n;
  let trades = 0;
  for (const row of db
    .prepare('SELECT energy_wh, value_wei, trades FROM market_rollups WHERE bucket_seconds = 60 AND t >= ?')
    .iterate(since - (since % 60)) as Iterable<{ energy_wh: number; value_wei: string; trades: number }>) {
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
    registrationFeeWei: p.get('registration_fee_wei') ?? null,
    paused: p.get('paused') === '1',
    prosumers,
    openOffers: count("SELECT COUNT(*) AS n FROM offers WHERE status = 'open'"),
    openTrades: count("SELECT COUNT(*) AS n FROM trades WHERE status = 'open'"),
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

interface RollupRow {
  t: number;
  energy_wh: number;
  value_wei: string;
  trades: number;
  new_prosumers: number;
  escrow_locked: string | null;
  open_disputes: number | null;
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
  const bounds = db
    .prepare('SELECT MIN(t) AS first FROM market_rollups WHERE bucket_seconds = 86400')
    .get() as { first: number | null };
  const window = input.range && chartWindow(input.range, chainNow(db), bounds.first, input.bucketSeconds);
  const to = window ? window.to : (input.to ?? chainNow(db));
  const from = window ? window.from : Math.min(input.from ?? bounds.first ?? to - 86_400, to);
  const bucketSeconds = window
    ? window.bucketSeconds
    : (ROLLUP_BUCKETS.find((b) => Math.floor(to / b) - Math.floor(from / b) + 1 <= input.maxPoints) ??
      86_400);
  const start = from - (from % bucketSeconds);
  const rows = db
    .prepare('SELECT * FROM market_rollups WHERE bucket_seconds = ? AND t >= ? AND t <= ? ORDER BY t')
    .all(bucketSeconds, start, to) as RollupRow[];
  const level = input.metric === 'escrowLocked' || input.metric === 'openDisputes';
  let carried = '0';
  if (level) {
    const column = input.metric === 'escrowLocked' ? 'escrow_locked' : 'open_disputes';
    const before = db
      .prepare(
        `SELECT ${column} AS v FROM market_rollups WHERE bucket_seconds = ? AND t < ? AND ${column} IS NOT NULL ORDER BY t DESC LIMIT 1`,
      )
      .get(bucketSeconds, start) as { v: string | number } | undefined;
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

interface ProsumerRow {
  address: string;
  status: ProsumerStatus;
  meter_id: string;
  kyc_hash: string;
  fee_wei: string;
  applied_at: number;
  applied_block: number;
  applied_tx: string;
  updated_at: number;
  reason: string | null;
  applications: number;
  rejections: number;
  trades: number;
  energy_sold_wh: number;
  energy_bought_wh: number;
  energy_minted_wh: number;
}

const prosumerView = (r: ProsumerRow): ProsumerView => ({
  address: checksum(r.address),
  status: r.status,
  meterId: r.meter_id,
  kycHash: r.kyc_hash,
  feeWei: r.fee_wei,
  appliedAt: r.applied_at,
  updatedAt: r.updated_at,
  reason: r.reason,
  applications: r.applications,
  trades: r.trades,
  energySoldWh: String(r.energy_sold_wh),
  energyBoughtWh: String(r.energy_bought_wh),
  energyMintedWh: String(r.energy_minted_wh),
});

export function marketProsumers(
  db: Database,
  input: { status?: ProsumerStatus; search?: string; offset: number; limit: number },
): Page<ProsumerView> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.status) {
    where.push('status = ?');
    args.push(input.status);
  }
  if (input.search) {
    where.push('(address LIKE ? OR meter_id LIKE ?)');
    const prefix = `${input.search.toLowerCase().replace(/[%_]/g, '')}%`;
    args.push(prefix, prefix);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM prosumers ${clause}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM prosumers ${clause} ORDER BY applied_at DESC, address LIMIT ? OFFSET ?`)
    .all(...args, input.limit, input.offset) as ProsumerRow[];
  return { total, offset: input.offset, rows: rows.map(prosumerView) };
}

export function marketApplications(
  db: Database,
  input: { offset: number; limit: number },
): Page<ApplicationView> {
  const total = (
    db.prepare("SELECT COUNT(*) AS n FROM prosumers WHERE status = 'pending'").get() as { n: number }
  ).n;
  const rows = db
    .prepare("SELECT * FROM prosumers WHERE status = 'pending' ORDER BY applied_at, address LIMIT ? OFFSET ?")
    .all(input.limit, input.offset) as ProsumerRow[];
  return {
    total,
    offset: input.offset,
    rows: rows.map((r) => ({
      address: checksum(r.address),
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

interface OfferRow {
  offer_id: number;
  seller: string;
  status: OfferStatus;
  energy_wh: number;
  energy_wh_remaining: number;
  price_per_kwh: string;
  expires_at: number;
  listed_at: number;
  closed_at: number | null;
  trades: number;
  tx_hash: string;
}

export function marketOffers(
  db: Database,
  input: { status?: OfferStatus; seller?: string; offset: number; limit: number },
): Page<OfferView> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.status) {
    where.push('status = ?');
    args.push(input.status);
  }
  if (input.seller) {
    where.push('seller = ?');
    args.push(input.seller.toLowerCase());
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM offers ${clause}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM offers ${clause} ORDER BY offer_id DESC LIMIT ? OFFSET ?`)
    .all(...args, input.limit, input.offset) as OfferRow[];
  return {
    total,
    offset: input.offset,
    rows: rows.map((r) => ({
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
      txHash: r.tx_hash,
    })),
  };
}

interface TradeRow {
  trade_id: number;
  offer_id: number;
  seller: string;
  buyer: string;
  status: TradeStatus;
  energy_wh: number;
  payment_amount: string;
  price_per_kwh: string;
  fee_bps: number;
  dispute_deadline: number;
  opened_at: number;
  closed_at: number | null;
  seller_proceeds: string | null;
  fee_amount: string | null;
  buyer_refund: string | null;
  confirmed_by_buyer: number | null;
  block_number: number;
  tx_hash: string;
}

const tradeView = (r: TradeRow, finalized: number): TradeView => ({
  tradeId: String(r.trade_id),
  offerId: String(r.offer_id),
  seller: checksum(r.seller),
  buyer: checksum(r.buyer),
  status: r.status,
  energyWh: String(r.energy_wh),
  paymentAmount: r.payment_amount,
  pricePerKWh: r.price_per_kwh,
  feeBps: r.fee_bps,
  disputeDeadline: r.dispute_deadline,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  sellerProceeds: r.seller_proceeds,
  feeAmount: r.fee_amount,
  buyerRefund: r.buyer_refund,
  confirmedByBuyer: r.confirmed_by_buyer === null ? null : r.confirmed_by_buyer === 1,
  blockNumber: r.block_number,
  txHash: r.tx_hash,
  final: r.block_number <= finalized,
});

export interface TradeFilter {
  prosumer?: string;
  status?: TradeStatus[];
  from?: number;
  to?: number;
  sortBy: 'tradeId' | 'openedAt' | 'energyWh' | 'paymentAmount' | 'pricePerKWh';
  sortDir: 'asc' | 'desc';
}

const TRADE_ORDER: Record<TradeFilter['sortBy'], (dir: string) => string> = {
  tradeId: (d) => `trade_id ${d}`,
  openedAt: (d) => `opened_at ${d}, trade_id ${d}`,
  energyWh: (d) => `energy_wh ${d}, trade_id ${d}`,
  // Decimal text without leading zeros sorts numerically by (length, text).
  paymentAmount: (d) => `length(payment_amount) ${d}, payment_amount ${d}, trade_id ${d}`,
  pricePerKWh: (d) => `length(price_per_kwh) ${d}, price_per_kwh ${d}, trade_id ${d}`,
};

/**
 * `forRows`: the status test is written `+status`, which keeps SQLite from choosing the status index
 * for a sorted page; walking the sort order's index and skipping rows beats sorting 300,000 of them.
 */
function tradeWhere(filter: TradeFilter, forRows = false): { clause: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.prosumer) {
    where.push('(seller = ? OR buyer = ?)');
    args.push(filter.prosumer.toLowerCase(), filter.prosumer.toLowerCase());
  }
  if (filter.status?.length) {
    where.push(`${forRows ? '+' : ''}status IN (${filter.status.map(() => '?').join(', ')})`);
    args.push(...filter.status);
  }
  if (filter.from !== undefined) {
    where.push('opened_at >= ?');
    args.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('opened_at <= ?');
    args.push(filter.to);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

export function marketTrades(
  db: Database,
  input: TradeFilter & { offset: number; limit: number },
): Page<TradeView> {
  const { clause, args } = tradeWhere(input);
  // Unfiltered, the running total answers without counting a million rows.
  const total = clause
    ? (db.prepare(`SELECT COUNT(*) AS n FROM trades ${clause}`).get(...args) as { n: number }).n
    : Number(params(db).get('trades_total') ?? 0);
  const forRows = tradeWhere(input, true);
  const rows = db
    .prepare(
      `SELECT * FROM trades ${forRows.clause} ORDER BY ${TRADE_ORDER[input.sortBy](input.sortDir)} LIMIT ? OFFSET ?`,
    )
    .all(...forRows.args, input.limit, input.offset) as TradeRow[];
  const finalized = finalizedBlock(db);
  return { total, offset: input.offset, rows: rows.map((r) => tradeView(r, finalized)) };
}

export function marketTrade(db: Database, tradeId: bigint): TradeView {
  const row = db.prepare('SELECT * FROM trades WHERE trade_id = ?').get(tradeId) as TradeRow | undefined;
  if (!row) throw new GridkeeperError('NOT_FOUND', `Trade ${tradeId} is not in the store (yet).`);
  return tradeView(row, finalizedBlock(db));
}

const CSV_COLUMNS = [
  'tradeId',
  'offerId',
  'status',
  'seller',
  'buyer',
  'energyWh',
  'paymentAmount',
  'pricePerKWh',
  'feeBps',
  'openedAt',
  'closedAt',
  'sellerProceeds',
  'feeAmount',
  'buyerRefund',
  'blockNumber',
  'txHash',
] as const;

export function marketTradesCsv(
  db: Database,
  filter: TradeFilter,
): { fileName: string; content: string; rows: number } {
  const { clause, args } = tradeWhere(filter);
  const finalized = finalizedBlock(db);
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const iso = (t: number | null) => (t === null ? '' : new Date(t * 1000).toISOString());
  for (const row of db
    .prepare(`SELECT * FROM trades ${clause} ORDER BY ${TRADE_ORDER[filter.sortBy](filter.sortDir)}`)
    .iterate(...args) as Iterable<TradeRow>) {
    const v = tradeView(row, finalized);
    lines.push(
      [
        v.tradeId,
        v.offerId,
        v.status,
        v.seller,
        v.buyer,
        v.energyWh,
        v.paymentAmount,
        v.pricePerKWh,
        v.feeBps,
        iso(v.openedAt),
        iso(v.closedAt),
        v.sellerProceeds ?? '',
        v.feeAmount ?? '',
        v.buyerRefund ?? '',
        v.blockNumber,
        v.txHash,
      ].join(','),
    );
  }
  return { fileName: 'trades.csv', content: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

interface DisputeRow {
  trade_id: number;
  status: 'open' | 'resolved';
  opened_by: string;
  opened_at: number;
  resolved_at: number | null;
  seller_share_bps: number | null;
}

function disputeView(db: Database, d: DisputeRow, finalized: number): DisputeView {
  const id = String(d.trade_id);
  const entries: { order: number; entry: DisputeTimelineEntry }[] = [];
  const add = (
    kind: DisputeTimelineEntry['kind'],
    table: string,
    pick: (r: Record<string, string | number>) => Partial<DisputeTimelineEntry>,
  ) => {
    for (const r of db.prepare(`SELECT * FROM ${table} WHERE trade_id = ?`).all(id) as Record<
      string,
      string | number
    >[]) {
      entries.push({
        order: (r.block_number as number) * 1e6 + (r.log_index as number),
        entry: {
          kind,
          at: r.timestamp as number,
          blockNumber: r.block_number as number,
          txHash: r.tx_hash as string,
          by: null,
          evidenceHash: null,
          sellerShareBps: null,
          ...pick(r),
        },
      });
    }
  };
  add('TradeOpened', 'trade_opened', (r) => ({ by: checksum(r.buyer as string) }));
  add('DisputeOpened', 'dispute_opened', (r) => ({
    by: checksum(r.opened_by as string),
    evidenceHash: r.evidence_hash as string,
  }));
  add('DisputeEvidenceSubmitted', 'dispute_evidence_submitted', (r) => ({
    by: checksum(r.submitted_by as string),
    evidenceHash: r.evidence_hash as string,
  }));
  add('DisputeResolved', 'dispute_resolved', (r) => ({ sellerShareBps: Number(r.seller_share_bps) }));
  const timeline = entries.sort((a, b) => a.order - b.order).map((e) => e.entry);
  return {
    tradeId: id,
    status: d.status,
    openedBy: checksum(d.opened_by),
    openedAt: d.opened_at,
    resolvedAt: d.resolved_at,
    sellerShareBps: d.seller_share_bps,
    evidenceHashes: timeline.filter((e) => e.evidenceHash).map((e) => e.evidenceHash as string),
    timeline,
    trade: tradeView(
      db.prepare('SELECT * FROM trades WHERE trade_id = ?').get(d.trade_id) as TradeRow,
      finalized,
    ),
  };
}

export function marketDisputes(
  db: Database,
  input: { status?: 'open' | 'resolved'; offset: number; limit: number },
): Page<DisputeView> {
  const clause = input.status ? 'WHERE status = ?' : '';
  const args = input.status ? [input.status] : [];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM disputes ${clause}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM disputes ${clause} ORDER BY opened_at DESC, trade_id DESC LIMIT ? OFFSET ?`)
    .all(...args, input.limit, input.offset) as DisputeRow[];
  const finalized = finalizedBlock(db);
  return { total, offset: input.offset, rows: rows.map((d) => disputeView(db, d, finalized)) };
}

export function marketDispute(db: Database, tradeId: bigint): DisputeView {
  const row = db.prepare('SELECT * FROM disputes WHERE trade_id = ?').get(tradeId) as DisputeRow | undefined;
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
  const owners = db
    .prepare('SELECT address FROM safe_owners ORDER BY added_block, added_log_index')
    .all() as { address: string }[];
  const executions = db
    .prepare(
      `SELECT e.*, m.to_address, m.value, m.data, m.operation, m.safe_tx_gas, m.base_gas, m.gas_price, m.gas_token,
         m.refund_receiver, m.additional_info
       FROM (SELECT tx_hash_safe, 1 AS success, block_number, block_hash, log_index, tx_hash, timestamp
               FROM execution_success
             UNION ALL
             SELECT tx_hash_safe, 0 AS success, block_number, block_hash, log_index, tx_hash, timestamp
               FROM execution_failure) e
       LEFT JOIN safe_multi_sig_transaction m ON m.tx_hash = e.tx_hash AND m.block_hash = e.block_hash
       ORDER BY e.block_number DESC, e.log_index DESC LIMIT 50`,
    )
    .all() as ExecutionRow[];
  const cp = db.prepare('SELECT indexed_block FROM indexer_checkpoint').get() as
    | { indexed_block: number }
    | undefined;
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

interface ExecutionRow {
  tx_hash_safe: string;
  success: number;
  block_number: number;
  tx_hash: string;
  timestamp: number;
  to_address: string | null;
  value: string;
  data: string;
  operation: string;
  safe_tx_gas: string;
  base_gas: string;
  gas_price: string;
  gas_token: string;
  refund_receiver: string;
  additional_info: string;
}

/** SafeL2 puts the nonce, the executing account and the threshold in `additionalInfo`. */
function executedSafeTx(row: ExecutionRow): { tx: SafeTxData; executor: string } | null {
  if (row.to_address === null) return null;
  const [nonce, executor] = AbiCoder.defaultAbiCoder().decode(
    ['uint256', 'address', 'uint256'],
    row.additional_info,
  ) as unknown as [bigint, string];
  return {
    executor,
    tx: {
      to: checksum(row.to_address),
      value: BigInt(row.value),
      data: row.data,
      operation: Number(row.operation) === 1 ? 1 : 0,
      safeTxGas: BigInt(row.safe_tx_gas),
      baseGas: BigInt(row.base_gas),
      gasPrice: BigInt(row.gas_price),
      gasToken: checksum(row.gas_token),
      refundReceiver: checksum(row.refund_receiver),
      nonce,
    },
  };
}
