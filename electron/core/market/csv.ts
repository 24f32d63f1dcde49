import type { Database } from 'better-sqlite3';
import { type TradeFilter, tradeOrderBy, tradeWhere } from './queries';
import { eachRowOf, finalizedBlock, type TradeRow, tradeView } from './rows';

/** The trades of a filter as CSV (`market/trades-csv`): the same rows and order as the trades table. */
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
  const { clause, args } = tradeWhere(db, filter);
  const finalized = finalizedBlock(db);
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const iso = (t: number | null) => (t === null ? '' : new Date(t * 1000).toISOString());
  for (const row of eachRowOf<TradeRow>(
    db,
    `SELECT * FROM trades ${clause} ORDER BY ${tradeOrderBy(filter)}`,
    ...args,
  )) {
    const v = tradeView(db, row, finalized);
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
        v.txHash ?? '',
      ].join(','),
    );
  }
  return { fileName: 'trades.csv', content: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}
