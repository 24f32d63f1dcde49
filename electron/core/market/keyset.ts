import type { Database } from 'better-sqlite3';
import { GridkeeperError } from '../api/contract/errors';
import { textRow } from '../indexer';
import { cachedStatement } from '../store';

/** Conditions with their arguments. */
export interface Terms {
  where: string[];
  args: unknown[];
}

export interface KeysetQuery extends Terms {
  table: string;
  /**
   * The sort, most significant first, ending in a unique column; one direction for all. A column
   * written `+col` is sorted by but not sought in its index (the page reads its rows by a filter's
   * index and sorts them).
   */
  order: string[];
  dir: 'asc' | 'desc';
  /**
   * Disjoint parts of the list, each read in the sort's order by its own index (e.g. one per status
   * of a `status IN (…)` filter, each walking `(status, rowid)`), merged: `UNION ALL` of one SELECT
   * per arm under one ORDER BY, which SQLite runs as a merge of sorted streams, each stopping at the
   * page's end. Each arm's terms are added to `where`.
   */
  arms?: Terms[];
}

/**
 * One page of a sorted list by keyset: after a cursor, the page starts where the previous one
 * ended (`(sort values) < (cursor)` walks the sort's index from there), so a page at depth costs
 * what the first one costs. Without a cursor, `offset` still works (a jump into the list).
 */
export function keysetPage<R>(
  db: Database,
  query: KeysetQuery,
  input: { after?: string; offset: number; limit: number },
): { rows: R[]; offset: number; next: string | null } {
  const where = [...query.where];
  const args = [...query.args];
  if (input.after !== undefined) {
    const cursor = decodeCursor(input.after, query.order.length);
    const [lt, le] = query.dir === 'desc' ? ['<', '<='] : ['>', '>='];
    // The bound on the first column lets SQLite seek in the sort's index (it does not for a row
    // value over an expression index); the row value then places the page exactly.
    where.push(
      `${query.order[0]} ${le} ?`,
      `(${query.order.join(', ')}) ${lt} (${query.order.map(() => '?').join(', ')})`,
    );
    args.push(cursor[0], ...cursor);
  }
  const keys = query.order.map((o, i) => `${o} AS _k${i}`).join(', ');
  const select = (terms: string[]) =>
    `SELECT *, ${keys} FROM ${query.table}${terms.length ? ` WHERE ${terms.join(' AND ')}` : ''}`;
  const offset = input.after === undefined ? input.offset : 0;
  const arms = query.arms?.length ? query.arms : null;
  // A compound SELECT sorts by its result columns: the keys' aliases.
  const sort = (arms ? query.order.map((_, i) => `_k${i}`) : query.order).map((o) => `${o} ${query.dir}`);
  const sql = arms ? arms.map((arm) => select([...where, ...arm.where])).join(' UNION ALL ') : select(where);
  const armArgs = arms ? arms.flatMap((arm) => [...args, ...arm.args]) : args;
  const rows = cachedStatement(db, `${sql} ORDER BY ${sort.join(', ')} LIMIT ? OFFSET ?`).all(
    ...armArgs,
    input.limit,
    offset,
  ) as (R & Record<string, string | number | Buffer>)[];
  const last = rows.at(-1);
  const next =
    last && rows.length === input.limit
      ? Buffer.from(JSON.stringify(query.order.map((_, i) => cursorValue(last[`_k${i}`])))).toString(
          'base64url',
        )
      : null;
  return { rows: rows.map(textRow), offset, next };
}

/** A sort value in a cursor: a BLOB (an address, an ordered amount) as `0x` hex, which no sort column holds as text. */
const cursorValue = (v: string | number | Buffer | undefined) =>
  Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : v;

function decodeCursor(cursor: string, length: number): (string | number | Buffer)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (
    !Array.isArray(values) ||
    values.length !== length ||
    !values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
  )
    throw new GridkeeperError(
      'INPUT_INVALID',
      'This page cursor does not belong to this list: start again from the first page.',
    );
  return (values as (string | number)[]).map((v) =>
    typeof v === 'string' && v.startsWith('0x') ? Buffer.from(v.slice(2), 'hex') : v,
  );
}
