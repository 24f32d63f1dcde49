import type { Database } from 'better-sqlite3';
import type { StatementTotals, StatementView } from '../api/contract/statement';
import type { PrunedHistory } from '../indexer';
import { buildStatement, type StatementWindow, statementCoverage, statementWindow } from './statement';

/**
 * A statement over any window, also one reaching behind the retention horizon: the store's lines
 * from the horizon on, and before it the lines of the same queries run on a scratch store of the
 * pruned blocks re-fetched from the chain (`PrunedHistory`). Totals are sums and counts of disjoint
 * sets of lines, so the two parts add up to exactly the statement of an unpruned store.
 */
export async function statementOf(
  market: { db: Database; history: PrunedHistory },
  input: StatementWindow & { refetch?: boolean },
): Promise<StatementView> {
  const { db, history } = market;
  const window = { ...input, ...statementWindow(db, input) };
  const horizon = history.horizon();
  if (!horizon || window.from >= horizon.time) return buildStatement(db, window);
  const stored = (prunedBefore: number) => ({ ...buildStatement(db, window), prunedBefore });
  if (input.refetch === false) return stored(horizon.time);
  const span = await history.fetch(window, horizon);
  // A retention pass while the chain answered pruned more: fetch again up to the new horizon.
  if (history.horizon()?.block !== horizon.block) return statementOf(market, input);
  if (!span) return stored(horizon.time);
  const old = buildStatement(span.db, window, {
    fromBlock: span.fromBlock,
    belowBlock: horizon.block,
    refetched: true,
  });
  const recent = buildStatement(db, window, { fromBlock: horizon.block });
  const lines = [...old.lines, ...recent.lines];
  const me = input.prosumer?.toLowerCase() ?? null;
  return {
    ...recent,
    totals: addTotals(old.totals, recent.totals),
    // Both parts cover the window's every UTC day in the same order.
    days: recent.days.map((day, i) => ({ ...addSums(old.days[i] ?? day, day), day: day.day })),
    lines,
    linesTotal: lines.length,
    coverage: statementCoverage(db, me, window.from, window.to, lines),
    prunedBefore: horizon.time,
    refetched: {
      fromBlock: span.fromBlock,
      toBlock: span.toBlock,
      before: horizon.time,
      lines: old.lines.length,
      tradesFromBlock: span.tradesFromBlock,
    },
  };
}

type Sum = number | string | { [key: string]: Sum };

/** Field by field: counts added, decimal amounts added exactly as bigints. */
function add(a: Sum, b: Sum): Sum {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return (BigInt(a) + BigInt(b)).toString();
  if (typeof a === 'object' && typeof b === 'object')
    return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, add(v, b[k] as Sum)]));
  throw new Error('totals of different shapes');
}

const addSums = <T extends object>(a: T, b: T): T =>
  add(a as unknown as Sum, b as unknown as Sum) as unknown as T;

export const addTotals = (a: StatementTotals, b: StatementTotals): StatementTotals => addSums(a, b);
