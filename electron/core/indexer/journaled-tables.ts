import type { Database, Statement } from 'better-sqlite3';
import { BLOB_KINDS, workingFromText, workingText } from './stored-values';

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

export type Row = Record<string, string | number | bigint | null>;

/**
 * Reads and writes derived rows. Writes are held in memory until `flush()` (at the end of the
 * caller's transaction), so a row changed several times in one commit (an offer listed then bought,
 * a trade opened then settled) is written, and its indexes updated, once. While `journalBlock` is
 * set (a block above the finalized one), the first write of a row records its prior image in
 * `undo_log`, so a reorg can put everything back exactly. Rows are in the working form here
 * (stored-values.ts: a BLOB as the hex of its bytes), which SQL turns into bytes and back (`unhex`,
 * `hex`) as it writes and reads; the undo journal keeps rows as text (`textRow`'s form).
 */
export class JournaledTables {
  journalBlock: number | null = null;
  readonly #db: Database;
  readonly #get = new Map<DerivedTable, Statement>();
  readonly #upsert = new Map<DerivedTable, { columns: string[]; statement: Statement }>();
  /** The BLOB columns of each table (bound and read as hex). */
  readonly #blobs = new Map<DerivedTable, ReadonlySet<string>>();
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
      const info = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[];
      const columns = info.map((c) => c.name);
      const blobs = new Set(info.filter((c) => c.type === 'BLOB').map((c) => c.name));
      for (const blob of blobs)
        if (!BLOB_KINDS.has(blob))
          throw new Error(`${table}.${blob} is a BLOB of no known kind (stored-values.ts)`);
      this.#blobs.set(table, blobs);
      const bound = (c: string) => (blobs.has(c) ? 'unhex(?)' : '?');
      const read = (c: string) => (blobs.has(c) ? `iif(${c} IS NULL, NULL, lower(hex(${c}))) AS ${c}` : c);
      const where = keys.map((k) => `${k} = ${bound(k)}`).join(' AND ');
      this.#get.set(table, db.prepare(`SELECT ${columns.map(read).join(', ')} FROM ${table} WHERE ${where}`));
      this.#delete.set(table, db.prepare(`DELETE FROM ${table} WHERE ${where}`));
      // Positional binding of every column: named parameters cost more than the write itself.
      const updates = columns.filter((c) => !keys.includes(c));
      const statement = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(bound).join(', ')})` +
          (updates.length
            ? ` ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}`
            : ' ON CONFLICT DO NOTHING'),
      );
      this.#upsert.set(table, { columns, statement });
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

  /** The stored row, in the working form. */
  #stored<T extends Row>(table: DerivedTable, key: (string | number)[]): T | undefined {
    return this.#statement(this.#get, table).get(...key) as T | undefined;
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
      const { columns, statement } = upsert;
      for (const { key, row } of rows.values()) {
        if (row === null) {
          this.#statement(this.#delete, table).run(...key);
          continue;
        }
        const values = new Array<unknown>(columns.length);
        for (let i = 0; i < columns.length; i++) values[i] = row[columns[i] as string] ?? null;
        statement.run(values);
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
      JSON.stringify(this.#convert(table, key, workingText)),
      old ? JSON.stringify(this.#convert(table, old, workingText), bigintText) : null,
    );
  }

  /** A row or key (an array: the table's key columns) with its BLOB columns' values converted. */
  #convert<T extends Row | (string | number)[]>(
    table: DerivedTable,
    row: T,
    convert: (name: string, value: unknown) => unknown,
  ): T {
    const blobs = this.#blobs.get(table) as ReadonlySet<string>;
    if (Array.isArray(row)) {
      const names = DERIVED_TABLES[table] as readonly string[];
      return row.map((v, i) => (blobs.has(names[i] as string) ? convert(names[i] as string, v) : v)) as T;
    }
    const out: Row = { ...row };
    for (const name of blobs) if (name in out) out[name] = convert(name, out[name]) as Row[string];
    return out as T;
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
        const key = this.#convert(entry.tbl, JSON.parse(entry.key) as (string | number)[], workingFromText);
        if (entry.old === null) this.delete(entry.tbl, ...key);
        else this.put(entry.tbl, this.#convert(entry.tbl, JSON.parse(entry.old) as Row, workingFromText));
      }
      this.flush();
    } finally {
      this.journalBlock = saved;
    }
    this.#db.prepare('DELETE FROM undo_log WHERE block_number > ?').run(forkBlock);
    return entries.length;
  }
}

/** A row's key within its table: the value itself when the key is one column (no string to build per read). */
const pendingId = (key: (string | number)[]): string | number =>
  key.length === 1 ? (key[0] as string | number) : key.join('\u0000');

const bigintText = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);
