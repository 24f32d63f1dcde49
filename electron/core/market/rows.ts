import type { Database } from 'better-sqlite3';
import { AbiCoder, getAddress } from 'ethers';
import type {
  DisputeEnding,
  OfferStatus,
  ProsumerStatus,
  ProsumerView,
  TradeStatus,
  TradeView,
} from '../api/contract/market';
import { textRow } from '../indexer';
import type { SafeTxData } from '../safe';
import { cachedStatement } from '../store';

/**
 * The rows of the market store as the read model sees them: one interface per table (or query), the
 * one place a SQLite row gets its type (`rowsOf`, `rowOf`, `eachRowOf`), and the mappers from rows to
 * the views of the api contract. The indexer writes these tables; `store/migrations/0004`–`0011` are
 * their schema. Hashes, addresses and amounts are BLOBs in the store (0011); every row read here has
 * them back as text (`textRow`: lowercase hex, decimal amounts), so the mappers and the api contract
 * never see a BLOB. A query's arguments are passed in stored form (`storedValue`). Statements are
 * prepared once per database and SQL text (`cachedStatement`).
 */

export const rowsOf = <R>(db: Database, sql: string, ...args: unknown[]): R[] =>
  (cachedStatement(db, sql).all(...args) as R[]).map(textRow);

export const rowOf = <R>(db: Database, sql: string, ...args: unknown[]): R | undefined =>
  textRow(cachedStatement(db, sql).get(...args) as R | undefined);

export function* eachRowOf<R>(db: Database, sql: string, ...args: unknown[]): Iterable<R> {
  for (const row of cachedStatement(db, sql).iterate(...args) as Iterable<R>) yield textRow(row);
}

/** `sql` selects `COUNT(*) AS n`. */
export const countOf = (db: Database, sql: string, ...args: unknown[]): number =>
  rowOf<{ n: number }>(db, sql, ...args)?.n ?? 0;

const checksums = new Map<string, string>();
export function checksum(address: string): string {
  let out = checksums.get(address);
  if (!out) {
    out = getAddress(address);
    if (checksums.size > 100_000) checksums.clear();
    checksums.set(address, out);
  }
  return out;
}

export function params(db: Database): Map<string, string> {
  const rows = rowsOf<{ key: string; value: string }>(db, 'SELECT key, value FROM market_params');
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function chainNow(db: Database): number {
  const row = rowOf<{ t: number | null }>(db, 'SELECT indexed_timestamp AS t FROM indexer_checkpoint');
  return row?.t ?? Math.floor(Date.now() / 1000);
}

/** The chain's clock as far as the store knows: the timestamp of the last indexed block (0 before any). */
export function chainTime(db: Database): number {
  return rowOf<{ t: number | null }>(db, 'SELECT indexed_timestamp AS t FROM indexer_checkpoint')?.t ?? 0;
}

export function finalizedBlock(db: Database): number {
  const row = rowOf<{ f: number }>(
    db,
    'SELECT MIN(finalized_block, indexed_block) AS f FROM indexer_checkpoint',
  );
  return row?.f ?? -1;
}

export interface RollupRow {
  t: number;
  energy_wh: number;
  value_wei: string;
  trades: number;
  new_prosumers: number;
  escrow_locked: string | null;
  open_disputes: number | null;
}

export interface ProsumerRow {
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
  application_hash: string;
}

export const prosumerView = (r: ProsumerRow): ProsumerView => ({
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

export interface OfferRow {
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
  block_number: number;
  /** The OfferListed's place in its block (`openingTxHash`). */
  log_index: number | null;
}

export interface TradeRow {
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
  /** The TradeOpened's place in its block (`openingTxHash`). */
  log_index: number | null;
}

/**
 * The transaction that listed an offer or opened a trade: their rows point at that event (block
 * number, log index: migration 0014) instead of repeating its hash. Null when retention has pruned
 * the event of a row it keeps (an offer or trade still open), or for a row without one.
 */
export function openingTxHash(
  db: Database,
  table: 'offer_listed' | 'trade_opened',
  row: { block_number: number; log_index: number | null },
): string | null {
  if (row.log_index === null) return null;
  return (
    rowOf<{ tx_hash: string }>(
      db,
      `SELECT tx_hash FROM ${table} WHERE block_number = ? AND log_index = ?`,
      row.block_number,
      row.log_index,
    )?.tx_hash ?? null
  );
}

export const tradeView = (db: Database, r: TradeRow, finalized: number): TradeView => ({
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
  txHash: openingTxHash(db, 'trade_opened', r),
  final: r.block_number <= finalized,
});

export interface DisputeRow {
  trade_id: number;
  status: 'open' | 'resolved';
  opened_by: string;
  opened_at: number;
  resolved_at: number | null;
  seller_share_bps: number | null;
  bond: string | null;
  arbitration_deadline: number | null;
  ending: DisputeEnding | null;
  bond_to_seller: string | null;
  bond_to_buyer: string | null;
}

/** The columns every event table has (store/migrations/0011_compact_storage.sql). */
export interface EventRow {
  block_number: number;
  log_index: number;
  timestamp: number;
  tx_hash: string;
}

export interface ExecutionRow {
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
export function executedSafeTx(row: ExecutionRow): { tx: SafeTxData; executor: string } | null {
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
