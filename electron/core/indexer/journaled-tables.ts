import type { Database, Statement } from 'better-sqlite3';
import { storedValue, storedValueOf, textRow } from './stored-values';

/** The derived tables and their keys. Every write to them goes through JournaledTables. */
export const DERIVED_TABLES = {
  prosumers: ['address'],
  offers: ['offer_id'],
  trades: ['trade_id'],
  disputes: ['trade_id'],
  safe_owners: ['address'],
  market_params: ['key'],
  market_rollups: ['bucket_seconds', 't'],
  prosumer_daily: ['address', 'day'],
} as const satisfies Record<string, readonly string[]>;

export type DerivedTable = keyof typeof DERIVED_TABLES;

/** Tables kept in compact form (0011): their hashes, addresses and amounts are BLOBs. */
const COMPACT_TABLES = new Set<DerivedTable>([
  'prosumers',
  'offers',
  'trades',
  'disputes',
  'safe_owners',
  'prosumer_daily',
]);
export type Row = Record<string, string | number | bigint | null>;

/**
 * Reads and writes derived rows. Writes are held in memory until `flush()` (at the end of the
 * caller's transaction), so a row changed several times in one commit (an offer listed then bought,
 * a trade opened then settled) is written, and its indexes updated, once. While `journalBlock` is
 * set (a block above the finalized one), the first write of a row records its prior image in
 * `undo_log`, so a reorg can put everything back exactly. Rows are text here (lowercase hex, decimal
 * amounts, as `textRow` reads them); the compact tables get their BLOBs only when written.
 */
export class JournaledTables {
  journalBlock: number | null = null;
  readonly #db: Database;
  readonly #get = new Map<DerivedTable, Statement>();
  readonly #upsert = new Map<
    DerivedTable,
    { columns: string[]; toStored: ((value: unknown) => unknown)[]; statement: Statement }
  >();
  readonly #delete = new Map<DerivedTable, Statement>();
  readonly #undo: Statement;
  /** Rows written since the last flush (null: deleted), by table and key (`pendingId`). */
  readonly #pending = new Map<
    DerivedTable,
    Map<string | number, { key: (string | number)[]; row: Row | null }>
  >();
  /**
   * Keys read inside the caller's transaction, since the last flush, that have no stored row (a
   * trader the registry never admitted, a new day): nothing else writes these tables during a
   * commit, so each is read once per commit. Cleared by `flush` and `discard`, which end every
   * transaction that reads through here.
   */
  readonly #absent = new Map<DerivedTable, Set<string | number>>();

  constructor(db: Database) {
    this.#db = db;
    this.#undo = db.prepare('INSERT INTO undo_log (block_number, tbl, key, old) VALUES (?, ?, ?, ?)');
    for (const [table, keys] of Object.entries(DERIVED_TABLES) as [DerivedTable, readonly string[]][]) {
      const where = keys.map((k) => `${k} = ?`).join(' AND ');
      this.#get.set(table, db.prepare(`SELECT * FROM ${table} WHERE ${where}`));
      this.#delete.set(table, db.prepare(`DELETE FROM ${table} WHERE ${where}`));
      // Positional binding of every column: named parameters cost more than the write itself.
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      const updates = columns.filter((c) => !(keys as readonly string[]).includes(c));
      const statement = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})` +
          (updates.length
            ? ` ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}`
            : ' ON CONFLICT DO NOTHING'),
      );
      const compact = COMPACT_TABLES.has(table);
      const toStored = columns.map((c) => (compact ? storedValueOf(c) : orNull));
      this.#upsert.set(table, { columns, toStored, statement });
    }
  }

  get<T extends Row>(table: DerivedTable, ...key: (string | number)[]): T | undefined {
    const id = pendingId(key);
    const pending = this.#pending.get(table)?.get(id);
    if (pending) return (pending.row ?? undefined) as T | undefined;
    const absent = this.#absent.get(table);
    if (absent?.has(id)) return undefined;
    const row = this.#stored<T>(table, key);
    if (row === undefined && this.#db.inTransaction) {
      if (absent) absent.add(id);
      else this.#absent.set(table, new Set([id]));
    }
    return row;
  }

  /** The stored row, as text. */
  #stored<T extends Row>(table: DerivedTable, key: (string | number)[]): T | undefined {
    return textRow(this.#statement(this.#get, table).get(...this.#storedKey(table, key)) as T | undefined);
  }

  #storedKey(table: DerivedTable, key: (string | number)[]): unknown[] {
    if (!COMPACT_TABLES.has(table)) return key;
    const names = DERIVED_TABLES[table] as readonly string[];
    return key.map((v, i) => storedValue(names[i] as string, v));
  }

  /** Writes a whole row (columns missing from `row` are written as NULL). */
  put(table: DerivedTable, row: Row): void {
    this.#write(
      table,
      DERIVED_TABLES[table].map((k) => row[k] as string | number),
      row,
    );
  }

  delete(table: DerivedTable, ...key: (string | number)[]): void {
    this.#write(table, key, null);
  }

  /** Writes the held rows to their tables. Inside the caller's transaction. */
  flush(): void {
    for (const [table, rows] of this.#pending) {
      const upsert = this.#upsert.get(table);
      if (!upsert) throw new Error(`unknown derived table ${table}`);
      const { columns, toStored } = upsert;
      for (const { key, row } of rows.values()) {
        if (row === null) {
          this.#statement(this.#delete, table).run(...this.#storedKey(table, key));
          continue;
        }
        const values = new Array<unknown>(columns.length);
        for (let i = 0; i < columns.length; i++)
          values[i] = (toStored[i] as (value: unknown) => unknown)(row[columns[i] as string]);
        upsert.statement.run(values);
      }
    }
    this.#pending.clear();
    this.#absent.clear();
  }

  /** Forgets the held rows (their transaction was rolled back). */
  discard(): void {
    this.#pending.clear();
    this.#absent.clear();
  }

  #write(table: DerivedTable, key: (string | number)[], row: Row | null): void {
    const id = pendingId(key);
    let rows = this.#pending.get(table);
    if (!rows) {
      rows = new Map();
      this.#pending.set(table, rows);
    }
    // The prior image is the stored row: only the first write of a row in a commit is journaled.
    if (!rows.has(id)) this.#journal(table, key);
    rows.set(id, { key, row });
  }

  #journal(table: DerivedTable, key: (string | number)[]): void {
    if (this.journalBlock === null) return;
    const old = this.#stored<Row>(table, key);
    this.#undo.run(
      this.journalBlock,
      table,
      JSON.stringify(key),
      old ? JSON.stringify(old, bigintText) : null,
    );
  }

  #statement(map: Map<DerivedTable, Statement>, table: DerivedTable): Statement {
    const statement = map.get(table);
    if (!statement) throw new Error(`unknown derived table ${table}`);
    return statement;
  }

  /** Puts back every derived row changed above `forkBlock`, newest change first. Inside the caller's transaction. */
  undoAbove(forkBlock: number): number {
    const entries = this.#db
      .prepare('SELECT tbl, key, old FROM undo_log WHERE block_number > ? ORDER BY seq DESC')
      .all(forkBlock) as { tbl: DerivedTable; key: string; old: string | null }[];
    const saved = this.journalBlock;
    this.journalBlock = null;
    try {
      for (const entry of entries) {
        const key = JSON.parse(entry.key) as (string | number)[];
        if (entry.old === null) this.delete(entry.tbl, ...key);
        else this.put(entry.tbl, JSON.parse(entry.old) as Row);
      }
      this.flush();
    } finally {
      this.journalBlock = saved;
    }
    this.#db.prepare('DELETE FROM undo_log WHERE block_number > ?').run(forkBlock);
    return entries.length;
  }
}

const orNull = (value: unknown) => value ?? null;

/** A row's key within its table: the value itself when the key is one column (no string to build per read). */
const pendingId = (key: (string | number)[]): string | number =>
  key.length === 1 ? (key[0] as string | number) : key.join('\u0000');

const bigintText = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);
