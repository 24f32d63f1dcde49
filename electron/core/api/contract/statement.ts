import { z } from 'zod';
import { zAddress } from './schemas';

/**
 * A statement of the market, or of one prosumer, over a window of the chain's clock: what happened
 * in it (energy minted and traded, fees, disputes and how they ended, money settled and withdrawn),
 * each line with the chain transaction that proves it. Built from the market store's event tables
 * (electron/core/market/statement.ts); the part of a window behind the store's retention horizon is
 * re-fetched from the chain for it (market/statement-history.ts, `refetched`). Amounts are exact
 * base units as decimal strings.
 *
 * The window is [from, to): an event belongs to it when its block's timestamp t has from ≤ t < to.
 * Lines are counted when they happen on chain: a trade opened in March and settled in April is a
 * March trade and an April settlement.
 */

/** The longest window one statement covers (a year and a day, so any calendar year fits). */
export const STATEMENT_MAX_SPAN_SECONDS = 367 * 86_400;

/** How a dispute ended (market.ts's DisputeEnding; this leaf file imports nothing of the contract's but schemas). */
type DisputeEnding = 'decided' | 'withdrawn' | 'defaulted';

export type StatementLineKind =
  | 'EnergyMinted'
  | 'TradeOpened'
  | 'TradeSettled'
  | 'DisputeOpened'
  | 'DisputeResolved'
  | 'DisputeEnded'
  | 'Withdrawn';

/** One chain event of the window. Fields that the event does not carry are null. */
export interface StatementLine {
  kind: StatementLineKind;
  /** Block timestamp (unix seconds). */
  at: number;
  blockNumber: number;
  logIndex: number;
  txHash: string;
  /** At or below the finalized block. */
  final: boolean;
  tradeId: string | null;
  /** The trade's parties (TradeOpened and what follows it), checksummed. */
  seller: string | null;
  buyer: string | null;
  /** Who minted to, opened a dispute, ended it or withdrew. */
  account: string | null;
  energyWh: string | null;
  /** TradeOpened: the payment escrowed. */
  payment: string | null;
  sellerProceeds: string | null;
  buyerRefund: string | null;
  fee: string | null;
  /** DisputeOpened: the bond posted. */
  bond: string | null;
  bondToSeller: string | null;
  bondToBuyer: string | null;
  /** DisputeResolved: the energy each side ended with. */
  energyToBuyerWh: string | null;
  energyToSellerWh: string | null;
  ending: DisputeEnding | null;
  /** TradeSettled: the buyer confirmed delivery (else settled after the dispute window). */
  confirmedByBuyer: boolean | null;
  /** DisputeResolved: the seller's share decided. */
  sellerShareBps: number | null;
  /** Withdrawn: the amount paid out. */
  amount: string | null;
  /** Read from the chain for this statement: its block is behind the store's retention horizon. */
  refetched: boolean;
}

export interface TradeTotals {
  count: number;
  energyWh: string;
  payment: string;
}

/**
 * The window's sums. For one prosumer, each is its side: `sold` where it is the seller, `bought`
 * where the buyer; `sellerProceeds` and `fees` of its sales; `buyerRefunds` of its purchases; bonds it
 * posted and bonds it got back. For the market, `sold` and `bought` are every trade.
 */
export interface StatementTotals {
  energyMintedWh: string;
  /** Every trade opened in the window that the statement covers (a self-trade is impossible). */
  trades: TradeTotals;
  sold: TradeTotals;
  bought: TradeTotals;
  /** Trades settled (by confirmation or after the dispute window). */
  settled: { count: number; sellerProceeds: string; fees: string };
  disputes: {
    opened: number;
    bondsPosted: string;
    /** Disputes ended in the window, by how. */
    ended: Record<DisputeEnding, number>;
    /** The payment split of the disputes that ended. */
    sellerProceeds: string;
    buyerRefunds: string;
    fees: string;
    energyToBuyerWh: string;
    energyToSellerWh: string;
    bondsToSeller: string;
    bondsToBuyer: string;
  };
  /** Settled and dispute-split together. */
  sellerProceeds: string;
  buyerRefunds: string;
  fees: string;
  withdrawals: { count: number; amount: string };
}

/**
 * One UTC day of the window, what the statement's charts draw: the first and last day may be cut by
 * the window's edges. Summed over the days, each field is the matching total exactly.
 */
export interface StatementDay {
  /** The UTC day's start (unix seconds). */
  day: number;
  /** Energy of the trades opened that day (`totals.trades.energyWh`), and the prosumer's sides of it. */
  tradedWh: string;
  soldWh: string;
  boughtWh: string;
  /** Settled that day, by settlement or dispute split: the sellers' proceeds and the fees (`totals.sellerProceeds`, `totals.fees`). */
  sellerProceeds: string;
  fees: string;
}

export interface StatementView {
  /** Checksummed; null for the whole market. */
  prosumer: string | null;
  from: number;
  to: number;
  /** The chain's clock (the newest indexed block's timestamp) when the statement was read. */
  chainTime: number;
  /** Lines at or below this block are final. */
  finalizedBlock: number;
  /** The market's payment token; the zero address for native POL. */
  paymentToken: string;
  totals: StatementTotals;
  /** Every UTC day the window touches, in order, empty days included. */
  days: StatementDay[];
  /** Every line in chain order, or the first `limit` (the CSV has them all). */
  lines: StatementLine[];
  linesTotal: number;
  /**
   * Retention check over the whole UTC days inside the window: the trades counted by the per-day
   * totals that are kept forever (`prosumer_daily`) against the TradeOpened events still stored.
   * `complete` is false when the retention window pruned events of this window.
   */
  coverage: { complete: boolean; days: number; dailyTrades: number; eventTrades: number };
  /**
   * The store's event rows older than this (unix seconds) were pruned by the retention window and the
   * window reaches behind it; null when it does not. Without `refetched`, that part is missing.
   */
  prunedBefore: number | null;
  /**
   * The part of the window behind the retention horizon (its event rows pruned from the store), read
   * again from the chain for this statement: blocks [fromBlock, toBlock], all older than `before`
   * (unix seconds), and `lines` of the statement's lines. `tradesFromBlock`: how far back the fetch
   * walked for the TradeOpened events of trades settled or disputed in the window (null: not needed).
   * Null when the store holds the whole window.
   */
  refetched: {
    fromBlock: number;
    toBlock: number;
    before: number;
    lines: number;
    tradesFromBlock: number | null;
  } | null;
}

/**
 * Pushed while a statement re-fetches pruned history from the chain (`market/statement` and
 * `market/statement-csv` wait for it). `done` of `total` blocks; `total` counts the window's pruned
 * blocks and the blocks before them the walk back for earlier trades may read, so `done` reaches it
 * at the end whether or not the walk was needed. The last event of an operation has phase `done`,
 * `cancelled` or `failed`.
 */
export interface RefetchProgress {
  operationId: string;
  phase: 'blocks' | 'trades' | 'done' | 'cancelled' | 'failed';
  fromBlock: number;
  toBlock: number;
  done: number;
  total: number;
}

/**
 * The file a statement is saved to, as CSV or PDF: "statement-market-2026-10-01-to-2026-10-31.csv",
 * the prosumer's address instead of "market" for one prosumer, days in UTC, the last one included.
 */
export function statementFileName(
  statement: Pick<StatementView, 'prosumer' | 'from' | 'to'>,
  extension: 'csv' | 'pdf',
): string {
  const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  return `statement-${statement.prosumer ?? 'market'}-${day(statement.from)}-to-${day(statement.to - 1)}.${extension}`;
}

const zTime = z
  .number()
  .int()
  .min(0)
  .max(2 ** 40);

const zWindow = {
  prosumer: zAddress.optional(),
  /** Unix seconds, inclusive; with `to`. Both omitted: the last full calendar month (UTC) on the chain's clock. */
  from: zTime.optional(),
  /** Unix seconds, exclusive. */
  to: zTime.optional(),
  /**
   * Re-fetch from the chain the part of the window the retention window pruned (default). False:
   * only what the store holds (after the person cancelled a re-fetch).
   */
  refetch: z.boolean().default(true),
};

type WindowInput = { from?: number; to?: number };
const checkWindow = (ctx: z.RefinementCtx, v: WindowInput) => {
  if ((v.from === undefined) !== (v.to === undefined))
    ctx.addIssue({ code: 'custom', message: 'give both from and to, or neither', path: ['to'] });
  else if (v.from !== undefined && v.to !== undefined) {
    if (v.from >= v.to) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['to'] });
    else if (v.to - v.from > STATEMENT_MAX_SPAN_SECONDS)
      ctx.addIssue({ code: 'custom', message: 'a statement covers at most 367 days', path: ['to'] });
  }
};

export const zStatementInput = z
  .object({ ...zWindow, limit: z.number().int().min(0).max(5000).default(500) })
  .strict()
  .superRefine((v, ctx) => checkWindow(ctx, v));

export const zStatementCsvInput = z
  .object(zWindow)
  .strict()
  .superRefine((v, ctx) => checkWindow(ctx, v));

/** `market/refetch-cancel`: stops a re-fetch (nothing of it is kept). */
export const zRefetchCancelInput = z.object({ operationId: z.string().min(1).max(120) }).strict();
