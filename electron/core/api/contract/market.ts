import { z } from 'zod';
import { channel } from './define';
import { zAddress, zEmpty, zUint } from './schemas';
import { type StatementView, zRefetchCancelInput, zStatementCsvInput, zStatementInput } from './statement';

/**
 * The market as the indexer sees it: read from the store, never from the chain. Amounts (Wh, wei,
 * payment units) are decimal strings; times are unix seconds; addresses checksummed; hashes lowercase.
 */

export type ProsumerStatus = 'pending' | 'admitted' | 'rejected' | 'suspended' | 'removed';
export type OfferStatus = 'open' | 'sold' | 'cancelled' | 'expired';
export type TradeStatus = 'open' | 'disputed' | 'settled' | 'resolved';
export type DisputeStatus = 'open' | 'resolved';
/** How a dispute ended: the Safe decided, its opener withdrew it, or the default outcome applied. */
export type DisputeEnding = 'decided' | 'withdrawn' | 'defaulted';

/** Where the indexer stands. `lagBlocks` = head − indexed. */
export interface IndexerStatusView {
  chainId: number;
  marketAddress: string;
  safeAddress: string | null;
  deploymentBlock: number;
  /** The chain's head as last seen (null before the first answer). */
  headBlock: number | null;
  /** Every block up to here is in the store. */
  indexedBlock: number;
  /** Rows at or below this block are final (the `finalized` tag or head − confirmation depth). */
  finalizedBlock: number;
  lagBlocks: number | null;
  /** Seconds between the head's timestamp and the indexed block's (null when unknown). */
  lagSeconds: number | null;
  phase: 'starting' | 'backfill' | 'live' | 'stopped' | 'error';
  backfill: {
    fromBlock: number;
    toBlock: number;
    doneBlocks: number;
    totalBlocks: number;
    eventsPerSec: number;
    etaSeconds: number | null;
  };
  /** How new heads arrive. */
  headSource: 'websocket' | 'polling';
  lastError: string | null;
  updatedAt: number;
}

export interface MarketSummaryView {
  indexer: IndexerStatusView;
  /** The market's payment token; the zero address for native POL. */
  paymentToken: string;
  feeBps: number | null;
  disputeWindowSeconds: number | null;
  /** Bond of new disputes (payment units; capped at each trade's payment). */
  disputeBond: string | null;
  /** How long the Safe has to decide a new dispute before its default outcome applies. */
  arbitrationPeriodSeconds: number | null;
  registrationFeeWei: string | null;
  paused: boolean;
  prosumers: Record<ProsumerStatus, number>;
  openOffers: number;
  openTrades: number;
  openDisputes: number;
  /** Payment held by the market for open and disputed trades. */
  escrowLocked: string;
  last24h: { trades: number; energyWh: string; valueWei: string; vwapPerKWh: string | null };
  allTime: { trades: number; energyWh: string; valueWei: string; vwapPerKWh: string | null };
}

export const MARKET_METRICS = [
  'energyWh',
  'valueWei',
  'vwapPerKWh',
  'trades',
  'escrowLocked',
  'openDisputes',
  'newProsumers',
] as const;
export type MarketMetric = (typeof MARKET_METRICS)[number];

/** The dashboard's chart ranges; core anchors each to the chain's clock and picks its bucket. */
export const CHART_RANGES = ['1h', '24h', '7d', '30d', 'all'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

export interface SeriesPoint {
  /** Bucket start (unix seconds). */
  t: number;
  /** Decimal string (flows: sum over the bucket; levels escrowLocked/openDisputes: value at its end). */
  v: string;
}

export interface SeriesView {
  metric: MarketMetric;
  /** Start of the first bucket. */
  from: number;
  /** The end of the data: the chain's time (the newest indexed block's), inside the last bucket. */
  to: number;
  /** The rollup read: 60, 3600 or 86400 seconds. */
  bucketSeconds: number;
  /** True when the rollup had more buckets than maxPoints and LTTB picked the points. */
  downsampled: boolean;
  points: SeriesPoint[];
}

export interface ProsumerView {
  address: string;
  status: ProsumerStatus;
  meterId: string;
  kycHash: string;
  feeWei: string;
  appliedAt: number;
  updatedAt: number;
  /** Why the last rejection or suspension happened. */
  reason: string | null;
  applications: number;
  trades: number;
  energySoldWh: string;
  energyBoughtWh: string;
  energyMintedWh: string;
}

export interface ApplicationView {
  address: string;
  /** What the owners review and their admit/reject names: a re-filed application has another. */
  applicationHash: string;
  meterId: string;
  kycHash: string;
  feeWei: string;
  appliedAt: number;
  blockNumber: number;
  txHash: string;
  /** Earlier rejections of this address (a re-application after a rejection is allowed). */
  previousRejections: number;
}

export interface OfferView {
  offerId: string;
  seller: string;
  status: OfferStatus;
  energyWh: string;
  energyWhRemaining: string;
  pricePerKWh: string;
  expiresAt: number;
  listedAt: number;
  closedAt: number | null;
  trades: number;
  /** Null when retention has pruned the listing's event (an offer still open after the window). */
  txHash: string | null;
}

export interface TradeView {
  tradeId: string;
  offerId: string;
  seller: string;
  buyer: string;
  status: TradeStatus;
  energyWh: string;
  paymentAmount: string;
  pricePerKWh: string;
  feeBps: number;
  disputeDeadline: number;
  openedAt: number;
  closedAt: number | null;
  sellerProceeds: string | null;
  feeAmount: string | null;
  buyerRefund: string | null;
  confirmedByBuyer: boolean | null;
  blockNumber: number;
  /** Null when retention has pruned the opening event (a trade still open after the window). */
  txHash: string | null;
  /** At or below the finalized block. */
  final: boolean;
}

export interface DisputeTimelineEntry {
  kind: 'TradeOpened' | 'DisputeOpened' | 'DisputeEvidenceSubmitted' | 'DisputeResolved' | 'DisputeEnded';
  at: number;
  blockNumber: number;
  txHash: string;
  by: string | null;
  evidenceHash: string | null;
  sellerShareBps: number | null;
}

export interface DisputeView {
  tradeId: string;
  status: DisputeStatus;
  openedBy: string;
  openedAt: number;
  resolvedAt: number | null;
  sellerShareBps: number | null;
  /** Posted by the opener (payment units); follows the split: the seller gets its share of it. */
  bond: string;
  /** Until then the Safe may decide; from then on anyone applies the default outcome (unix seconds). */
  arbitrationDeadline: number;
  /**
   * Open and past its deadline by the chain's clock (the last indexed block): the Safe can no longer
   * decide, anyone can apply the default outcome.
   */
  arbitrationClosed: boolean;
  /** What happens at the deadline, in the app's words (the contract's rule). */
  defaultOutcome: string;
  ending: DisputeEnding | null;
  bondToSeller: string | null;
  bondToBuyer: string | null;
  evidenceHashes: string[];
  timeline: DisputeTimelineEntry[];
  trade: TradeView;
}

export interface SafeStateView {
  address: string;
  owners: string[];
  threshold: number | null;
  /** The next nonce (executed transactions so far). */
  nonce: string | null;
  asOfBlock: number;
  /** The Safe's executions as the chain recorded them (also those proposed elsewhere), newest first. */
  executions: {
    safeTxHash: string;
    success: boolean;
    blockNumber: number;
    txHash: string;
    at: number;
    /** From the SafeL2 `SafeMultiSigTransaction` event of the same transaction. */
    nonce: string | null;
    executor: string | null;
    /** The decisions it took, decoded from the project's ABIs (null when it could not be read). */
    title: string | null;
  }[];
}

export interface Page<T> {
  /** Rows matching the filter; null on a page asked for `after` a cursor (the first page's stands). */
  total: number | null;
  offset: number;
  rows: T[];
  /** Pass as `after` for the following page (keyset paging: as fast at any depth); null at the end. */
  next: string | null;
}

/** Pushed while the indexer catches up (about twice a second at most). */
export interface IndexerProgress {
  operationId: string;
  phase: 'backfill' | 'live';
  done: number;
  total: number;
  indexedBlock: number;
  headBlock: number;
  eventsPerSec: number;
  etaSeconds: number | null;
}

/** Pushed after each committed batch of blocks (live: every new block). */
export interface MarketUpdated {
  indexedBlock: number;
  blockHash: string;
  timestamp: number;
  finalizedBlock: number;
  /** How many new event rows the batch stored, by event name. */
  events: Record<string, number>;
  /** Set when a reorg rolled the store back to this block before re-indexing. */
  rolledBackTo: number | null;
}

const zTime = z
  .number()
  .int()
  .min(0)
  .max(2 ** 40);
const zPaging = {
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  /** The `next` of the previous page; `offset` is then ignored. */
  after: z.string().max(400).optional(),
};
const zSortDir = z.enum(['asc', 'desc']).default('desc');

const zTradeFilter = {
  prosumer: zAddress.optional(),
  status: z
    .array(z.enum(['open', 'disputed', 'settled', 'resolved']))
    .max(4)
    .optional(),
  from: zTime.optional(),
  to: zTime.optional(),
  sortBy: z.enum(['tradeId', 'openedAt', 'energyWh', 'paymentAmount', 'pricePerKWh']).default('tradeId'),
  sortDir: zSortDir,
};

export const marketChannels = {
  'market/summary': channel<MarketSummaryView>()(zEmpty),
  'indexer/status': channel<IndexerStatusView>()(zEmpty),
  'market/series': channel<SeriesView>()(
    z
      .object({
        metric: z.enum(MARKET_METRICS),
        /** A range ending at the chain's time; takes precedence over from/to. */
        range: z.enum(CHART_RANGES).optional(),
        /** The bucket to read the range in, instead of the range's own. */
        bucketSeconds: z.union([z.literal(60), z.literal(3600), z.literal(86_400)]).optional(),
        from: zTime.optional(),
        to: zTime.optional(),
        maxPoints: z.number().int().min(2).max(2000).default(500),
      })
      .strict(),
  ),
  'market/prosumers': channel<Page<ProsumerView>>()(
    z
      .object({
        status: z.enum(['pending', 'admitted', 'rejected', 'suspended', 'removed']).optional(),
        /** Address prefix or meter id prefix. */
        search: z.string().trim().max(66).optional(),
        ...zPaging,
      })
      .strict(),
  ),
  'market/applications': channel<Page<ApplicationView>>()(z.object({ ...zPaging }).strict()),
  'market/offers': channel<Page<OfferView>>()(
    z
      .object({
        status: z.enum(['open', 'sold', 'cancelled', 'expired']).optional(),
        seller: zAddress.optional(),
        ...zPaging,
      })
      .strict(),
  ),
  'market/trades': channel<Page<TradeView>>()(z.object({ ...zTradeFilter, ...zPaging }).strict()),
  'market/trade': channel<TradeView>()(z.object({ tradeId: zUint }).strict()),
  'market/trades-csv': channel<{ fileName: string; content: string; rows: number }>()(
    z.object(zTradeFilter).strict(),
  ),
  'market/disputes': channel<Page<DisputeView>>()(
    z.object({ status: z.enum(['open', 'resolved']).optional(), ...zPaging }).strict(),
  ),
  'market/dispute': channel<DisputeView>()(z.object({ tradeId: zUint }).strict()),
  'market/safe-state': channel<SafeStateView>()(zEmpty),
  'market/statement': channel<StatementView>()(zStatementInput),
  'market/statement-csv': channel<{ fileName: string; content: string; rows: number }>()(zStatementCsvInput),
  /** Stops a statement's re-fetch of pruned history; false when it had already ended. */
  'market/refetch-cancel': channel<{ cancelled: boolean }>()(zRefetchCancelInput),
};
