import type { Database } from 'better-sqlite3';
import type { DisputeEnding } from '../api/contract/market';
import type {
  StatementDay,
  StatementLine,
  StatementLineKind,
  StatementTotals,
  StatementView,
  TradeTotals,
} from '../api/contract/statement';
import { eventTextRow, storedValue } from '../indexer';
import { firstKeyAtOrAfter } from '../store';
import { chainTime, checksum, eachRowOf, finalizedBlock, params, rowOf } from './rows';

/**
 * Statements (`market/statement`, `market/statement-csv`): the market's or one prosumer's chain
 * events over [from, to) of the chain's clock, summed exactly in bigint, each line with its
 * transaction. Reads the event tables of the market store (store/migrations/0011), which keep
 * what the contracts emitted; the derived `trades` table names the parties only where the
 * TradeOpened row was pruned. Never the chain.
 */

/** IEnergyMarket.DisputeEnding, in the contract's order. */
const ENDINGS: readonly DisputeEnding[] = ['decided', 'withdrawn', 'defaulted'];

/** One event row as the statement's queries select it (columns an event lacks are absent). */
interface EventLineRow {
  block_number: number;
  log_index: number;
  timestamp: number;
  tx_hash: string;
  trade_id?: string;
  seller?: string | null;
  buyer?: string | null;
  account?: string;
  energy_wh?: string;
  payment_amount?: string;
  seller_proceeds?: string;
  buyer_refund?: string;
  fee_amount?: string;
  bond?: string;
  bond_to_seller?: string;
  bond_to_buyer?: string;
  energy_wh_to_buyer?: string;
  energy_wh_to_seller?: string;
  how?: string;
  confirmed_by_buyer?: string;
  seller_share_bps?: string;
  amount?: string;
}

/** The parties of the trade an event names: its TradeOpened row, else the derived trade. */
const PARTIES = `COALESCE(o.seller, t.seller) AS seller, COALESCE(o.buyer, t.buyer) AS buyer
  FROM %T e LEFT JOIN trade_opened o ON o.trade_id = e.trade_id
  LEFT JOIN trades t ON t.trade_id = CAST(e.trade_id AS INTEGER)`;

const SOURCES: { kind: StatementLineKind; table: string; select: string }[] = [
  { kind: 'EnergyMinted', table: 'energy_minted', select: 'e.to_address AS account, e.energy_wh FROM %T e' },
  {
    kind: 'TradeOpened',
    table: 'trade_opened',
    select: 'e.trade_id, e.seller, e.buyer, e.energy_wh, e.payment_amount FROM %T e',
  },
  {
    kind: 'TradeSettled',
    table: 'trade_settled',
    select: `e.trade_id, e.seller_proceeds, e.fee_amount, e.confirmed_by_buyer, ${PARTIES}`,
  },
  {
    kind: 'DisputeOpened',
    table: 'dispute_opened',
    select: `e.trade_id, e.opened_by AS account, e.bond, ${PARTIES}`,
  },
  {
    kind: 'DisputeResolved',
    table: 'dispute_resolved',
    select: `e.trade_id, e.seller_share_bps, e.seller_proceeds, e.buyer_refund, e.fee_amount,
      e.energy_wh_to_buyer, e.energy_wh_to_seller, ${PARTIES}`,
  },
  {
    kind: 'DisputeEnded',
    table: 'dispute_ended',
    select: `e.trade_id, e.how, e.by AS account, e.bond_to_seller, e.bond_to_buyer, ${PARTIES}`,
  },
  { kind: 'Withdrawn', table: 'withdrawn', select: 'e.account, e.amount FROM %T e' },
];

export interface StatementWindow {
  prosumer?: string;
  from?: number;
  to?: number;
}

/** Part of the store's blocks a statement reads: [fromBlock, belowBlock). */
export interface StatementPart {
  fromBlock?: number;
  belowBlock?: number;
  /** The store is a scratch store of history re-fetched from the chain: its lines say so. */
  refetched?: boolean;
}

/** The window asked for, or (neither end given) the last full calendar month of the chain's clock. */
export function statementWindow(db: Database, window: StatementWindow): { from: number; to: number } {
  return window.from !== undefined && window.to !== undefined
    ? { from: window.from, to: window.to }
    : lastFullMonth(chainTime(db));
}

/** The last full calendar month (UTC) before the month that `now` (unix seconds) falls in. */
export function lastFullMonth(now: number): { from: number; to: number } {
  const d = new Date(now * 1000);
  return {
    from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) / 1000,
    to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000,
  };
}

const opt = (v: string | undefined | null) => (v === undefined || v === null ? null : v);

function lineOf(
  kind: StatementLineKind,
  r: EventLineRow,
  finalized: number,
  refetched: boolean,
): StatementLine {
  const address = (v: string | null | undefined) => (v ? checksum(v) : null);
  return {
    kind,
    at: r.timestamp,
    blockNumber: r.block_number,
    logIndex: r.log_index,
    txHash: r.tx_hash,
    final: r.block_number <= finalized,
    tradeId: opt(r.trade_id),
    seller: address(r.seller),
    buyer: address(r.buyer),
    account: address(r.account),
    energyWh: opt(r.energy_wh),
    payment: opt(r.payment_amount),
    sellerProceeds: opt(r.seller_proceeds),
    buyerRefund: opt(r.buyer_refund),
    fee: opt(r.fee_amount),
    bond: opt(r.bond),
    bondToSeller: opt(r.bond_to_seller),
    bondToBuyer: opt(r.bond_to_buyer),
    energyToBuyerWh: opt(r.energy_wh_to_buyer),
    energyToSellerWh: opt(r.energy_wh_to_seller),
    ending: r.how === undefined ? null : (ENDINGS[Number(r.how)] ?? null),
    confirmedByBuyer: r.confirmed_by_buyer === undefined ? null : r.confirmed_by_buyer === '1',
    sellerShareBps: r.seller_share_bps === undefined ? null : Number(r.seller_share_bps),
    amount: opt(r.amount),
    refetched,
  };
}

/** Bigint running sums, turned into the view's decimal strings at the end. */
class Sums {
  readonly #sums = new Map<string, bigint>();
  add(key: string, v: string | null | undefined, when = true): void {
    if (when && v) this.#sums.set(key, (this.#sums.get(key) ?? 0n) + BigInt(v));
  }
  get(key: string): string {
    return (this.#sums.get(key) ?? 0n).toString();
  }
}

const DAY = 86_400;

/** Per-day sums of the window for its charts: every UTC day it touches, empty ones included. */
class DailySums {
  readonly #first: number;
  readonly #days: Sums[];
  constructor(from: number, to: number) {
    this.#first = from - (from % DAY);
    this.#days = Array.from({ length: Math.ceil((to - this.#first) / DAY) }, () => new Sums());
  }
  add(at: number, key: keyof Omit<StatementDay, 'day'>, v: string | null | undefined, when = true): void {
    this.#days[Math.floor((at - this.#first) / DAY)]?.add(key, v, when);
  }
  view(): StatementDay[] {
    return this.#days.map((d, i) => ({
      day: this.#first + i * DAY,
      tradedWh: d.get('tradedWh'),
      soldWh: d.get('soldWh'),
      boughtWh: d.get('boughtWh'),
      sellerProceeds: d.get('sellerProceeds'),
      fees: d.get('fees'),
    }));
  }
}

/**
 * The statement of a window: its lines in chain order (every line for the market; for a prosumer,
 * the lines it is a party to) and their totals; with `part`, of those blocks only.
 */
export function buildStatement(
  db: Database,
  window: StatementWindow,
  part: StatementPart = {},
): StatementView {
  const now = chainTime(db);
  const { from, to } = statementWindow(db, window);
  const me = window.prosumer?.toLowerCase() ?? null;
  const finalized = finalizedBlock(db);
  const counts = {
    trades: 0,
    sold: 0,
    bought: 0,
    settled: 0,
    opened: 0,
    withdrawals: 0,
    ended: { decided: 0, withdrawn: 0, defaulted: 0 },
  };
  const s = new Sums();
  const daily = new DailySums(from, to);
  // Each source in block order, then merged: the lines of one window in the order the chain has them.
  const perSource: StatementLine[][] = [];
  for (const source of SOURCES) {
    const lo = Math.max(
      firstKeyAtOrAfter(db, source.table, 'block_number', 'timestamp', from),
      part.fromBlock ?? 0,
    );
    const hi = Math.min(
      firstKeyAtOrAfter(db, source.table, 'block_number', 'timestamp', to),
      part.belowBlock ?? Number.MAX_SAFE_INTEGER,
    );
    const sql = `SELECT e.block_number, e.log_index, e.timestamp, e.tx_hash, ${source.select.replace('%T', source.table)}
      WHERE e.block_number >= ? AND e.block_number < ? ORDER BY e.block_number, e.log_index`;
    const mine: StatementLine[] = [];
    for (const stored of eachRowOf<EventLineRow>(db, sql, lo, hi)) {
      // Event arguments as the event has them: ids, flags and small integers as decimal text too.
      const row = eventTextRow(stored);
      const seller = me === null || row.seller === me;
      const buyer = me === null || row.buyer === me;
      const account = me === null || row.account === me;
      const covered =
        source.kind === 'EnergyMinted' || source.kind === 'Withdrawn' ? account : seller || buyer;
      if (!covered) continue;
      mine.push(lineOf(source.kind, row, finalized, part.refetched === true));
      switch (source.kind) {
        case 'EnergyMinted':
          s.add('minted', row.energy_wh);
          break;
        case 'TradeOpened':
          counts.trades++;
          s.add('trades.energy', row.energy_wh);
          s.add('trades.payment', row.payment_amount);
          daily.add(row.timestamp, 'tradedWh', row.energy_wh);
          daily.add(row.timestamp, 'soldWh', row.energy_wh, seller);
          daily.add(row.timestamp, 'boughtWh', row.energy_wh, buyer);
          if (seller) {
            counts.sold++;
            s.add('sold.energy', row.energy_wh);
            s.add('sold.payment', row.payment_amount);
          }
          if (buyer) {
            counts.bought++;
            s.add('bought.energy', row.energy_wh);
            s.add('bought.payment', row.payment_amount);
          }
          break;
        case 'TradeSettled':
          counts.settled++;
          s.add('settled.proceeds', row.seller_proceeds, seller);
          s.add('settled.fees', row.fee_amount, seller);
          daily.add(row.timestamp, 'sellerProceeds', row.seller_proceeds, seller);
          daily.add(row.timestamp, 'fees', row.fee_amount, seller);
          break;
        case 'DisputeOpened':
          counts.opened++;
          s.add('bonds.posted', row.bond, account);
          break;
        case 'DisputeResolved':
          s.add('disputes.proceeds', row.seller_proceeds, seller);
          s.add('disputes.refunds', row.buyer_refund, buyer);
          s.add('disputes.fees', row.fee_amount, seller);
          daily.add(row.timestamp, 'sellerProceeds', row.seller_proceeds, seller);
          daily.add(row.timestamp, 'fees', row.fee_amount, seller);
          s.add('disputes.energyToBuyer', row.energy_wh_to_buyer, buyer);
          s.add('disputes.energyToSeller', row.energy_wh_to_seller, seller);
          break;
        case 'DisputeEnded': {
          const how = ENDINGS[Number(row.how)];
          if (how) counts.ended[how]++;
          s.add('bonds.toSeller', row.bond_to_seller, seller);
          s.add('bonds.toBuyer', row.bond_to_buyer, buyer);
          break;
        }
        case 'Withdrawn':
          counts.withdrawals++;
          s.add('withdrawn', row.amount);
          break;
      }
    }
    perSource.push(mine);
  }
  const lines = perSource.flat();
  lines.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);

  const trade = (count: number, key: string): TradeTotals => ({
    count,
    energyWh: s.get(`${key}.energy`),
    payment: s.get(`${key}.payment`),
  });
  const sum = (...keys: string[]) => keys.reduce((acc, k) => acc + BigInt(s.get(k)), 0n).toString();
  const totals: StatementTotals = {
    energyMintedWh: s.get('minted'),
    trades: trade(counts.trades, 'trades'),
    sold: trade(counts.sold, 'sold'),
    bought: trade(counts.bought, 'bought'),
    settled: {
      count: counts.settled,
      sellerProceeds: s.get('settled.proceeds'),
      fees: s.get('settled.fees'),
    },
    disputes: {
      opened: counts.opened,
      bondsPosted: s.get('bonds.posted'),
      ended: counts.ended,
      sellerProceeds: s.get('disputes.proceeds'),
      buyerRefunds: s.get('disputes.refunds'),
      fees: s.get('disputes.fees'),
      energyToBuyerWh: s.get('disputes.energyToBuyer'),
      energyToSellerWh: s.get('disputes.energyToSeller'),
      bondsToSeller: s.get('bonds.toSeller'),
      bondsToBuyer: s.get('bonds.toBuyer'),
    },
    sellerProceeds: sum('settled.proceeds', 'disputes.proceeds'),
    buyerRefunds: s.get('disputes.refunds'),
    fees: sum('settled.fees', 'disputes.fees'),
    withdrawals: { count: counts.withdrawals, amount: s.get('withdrawn') },
  };
  return {
    prosumer: window.prosumer ? checksum(window.prosumer.toLowerCase()) : null,
    from,
    to,
    chainTime: now,
    finalizedBlock: finalized,
    paymentToken: checksum(params(db).get('payment_token') ?? '0x0000000000000000000000000000000000000000'),
    totals,
    days: daily.view(),
    coverage: statementCoverage(db, me, from, to, lines),
    lines,
    linesTotal: lines.length,
    prunedBefore: null,
    refetched: null,
  };
}

/**
 * The retention check: over the whole UTC days inside [from, to), the trades the per-day totals
 * (kept forever) count against the TradeOpened lines still stored. Each trade is a row of its seller
 * and one of its buyer, so the market's count is half the rows' sum.
 */
export function statementCoverage(
  db: Database,
  me: string | null,
  from: number,
  to: number,
  lines: StatementLine[],
): StatementView['coverage'] {
  const firstDay = Math.ceil(from / DAY) * DAY;
  const endDay = Math.floor(to / DAY) * DAY;
  const days = Math.max(0, (endDay - firstDay) / DAY);
  const daily =
    rowOf<{ n: number | null }>(
      db,
      `SELECT SUM(trades) AS n FROM prosumer_daily WHERE day >= ? AND day < ?${me ? ' AND address = ?' : ''}`,
      ...(me ? [firstDay, endDay, storedValue('address', me)] : [firstDay, endDay]),
    )?.n ?? 0;
  const dailyTrades = me ? daily : daily / 2;
  const eventTrades = lines.filter(
    (l) => l.kind === 'TradeOpened' && l.at >= firstDay && l.at < endDay,
  ).length;
  return { complete: eventTrades >= dailyTrades, days, dailyTrades, eventTrades };
}

/** `market/statement`: the totals and the first `limit` lines. */
export function marketStatement(statement: StatementView, limit: number): StatementView {
  return { ...statement, lines: statement.lines.slice(0, limit) };
}
