import {
  type StatementLine,
  type StatementTotals,
  type StatementView,
  statementFileName,
} from '../api/contract/statement';

/**
 * A statement as CSV (`market/statement-csv`): one header, one row per proof line (chain order),
 * then one `Total` row per total, its values in the columns they sum, named in `totalOf`.
 */
const LINE_COLUMNS = [
  'kind',
  'at',
  'blockNumber',
  'logIndex',
  'txHash',
  'final',
  'tradeId',
  'seller',
  'buyer',
  'account',
  'energyWh',
  'payment',
  'sellerProceeds',
  'buyerRefund',
  'fee',
  'bond',
  'bondToSeller',
  'bondToBuyer',
  'energyToBuyerWh',
  'energyToSellerWh',
  'ending',
  'confirmedByBuyer',
  'sellerShareBps',
  'amount',
  'refetched',
] as const satisfies readonly (keyof StatementLine)[];
const COLUMNS = [...LINE_COLUMNS, 'totalOf', 'count'] as const;
type Column = (typeof COLUMNS)[number];

const iso = (t: number) => new Date(t * 1000).toISOString();

function totalRows(t: StatementTotals): Partial<Record<Column, string | number>>[] {
  const d = t.disputes;
  return [
    { totalOf: 'energyMinted', energyWh: t.energyMintedWh },
    { totalOf: 'trades', count: t.trades.count, energyWh: t.trades.energyWh, payment: t.trades.payment },
    { totalOf: 'sold', count: t.sold.count, energyWh: t.sold.energyWh, payment: t.sold.payment },
    { totalOf: 'bought', count: t.bought.count, energyWh: t.bought.energyWh, payment: t.bought.payment },
    {
      totalOf: 'settled',
      count: t.settled.count,
      sellerProceeds: t.settled.sellerProceeds,
      fee: t.settled.fees,
    },
    { totalOf: 'disputesOpened', count: d.opened, bond: d.bondsPosted },
    ...(['decided', 'withdrawn', 'defaulted'] as const).map((how) => ({
      totalOf: `disputesEnded.${how}`,
      count: d.ended[how],
    })),
    {
      totalOf: 'disputeSplits',
      sellerProceeds: d.sellerProceeds,
      buyerRefund: d.buyerRefunds,
      fee: d.fees,
      energyToBuyerWh: d.energyToBuyerWh,
      energyToSellerWh: d.energyToSellerWh,
      bondToSeller: d.bondsToSeller,
      bondToBuyer: d.bondsToBuyer,
    },
    { totalOf: 'settledAmounts', sellerProceeds: t.sellerProceeds, buyerRefund: t.buyerRefunds, fee: t.fees },
    { totalOf: 'withdrawals', count: t.withdrawals.count, amount: t.withdrawals.amount },
  ];
}

export function marketStatementCsv(statement: StatementView): {
  fileName: string;
  content: string;
  rows: number;
} {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const out = [COLUMNS.join(',')];
  for (const line of statement.lines) {
    out.push(
      COLUMNS.map((c) =>
        c === 'at' ? iso(line.at) : c === 'totalOf' || c === 'count' ? '' : cell(line[c]),
      ).join(','),
    );
  }
  for (const total of totalRows(statement.totals)) {
    out.push(COLUMNS.map((c) => (c === 'kind' ? 'Total' : cell(total[c]))).join(','));
  }
  return {
    fileName: statementFileName(statement, 'csv'),
    content: `${out.join('\n')}\n`,
    rows: statement.lines.length,
  };
}
