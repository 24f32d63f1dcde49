import type { Database } from 'better-sqlite3';
import type { AddressBookEntry, AddressBookImportView } from '../api/contract/address-book';
import { type AddressBookLine, formatAddressBookCsv, parseAddressBookCsv } from './csv';

interface Row {
  chain_id: number;
  address: string;
  name: string;
  updated_at: string;
}

const entryOf = (row: Row): AddressBookEntry => ({
  chainId: row.chain_id,
  address: row.address,
  name: row.name,
  updatedAt: row.updated_at,
});

/**
 * The owner's names for addresses, in the session store (`address_book`): every chain's entries
 * are kept (a Safe{Wallet} export names several), the current chain's are used to name addresses.
 */
export class AddressBookStore {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  list(chainId?: number): AddressBookEntry[] {
    const rows = (
      chainId === undefined
        ? this.#db.prepare('SELECT * FROM address_book ORDER BY chain_id, name, address').all()
        : this.#db
            .prepare('SELECT * FROM address_book WHERE chain_id = ? ORDER BY name, address')
            .all(chainId)
    ) as Row[];
    return rows.map(entryOf);
  }

  /** The names of one chain's addresses, keyed by the lower-case address. */
  names(chainId: number): Map<string, string> {
    return new Map(this.list(chainId).map((e) => [e.address.toLowerCase(), e.name]));
  }

  set(line: AddressBookLine): AddressBookEntry {
    const updatedAt = this.#now().toISOString();
    this.#db
      .prepare(
        `INSERT INTO address_book (chain_id, address, name, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (chain_id, address) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
      )
      .run(line.chainId, line.address, line.name, updatedAt);
    return { ...line, updatedAt };
  }

  remove(chainId: number, address: string): boolean {
    return (
      this.#db.prepare('DELETE FROM address_book WHERE chain_id = ? AND address = ?').run(chainId, address)
        .changes > 0
    );
  }

  /** Saves every good line of the CSV in one transaction; the bad ones are reported, not guessed. */
  importCsv(content: string): AddressBookImportView {
    const { lines, refused } = parseAddressBookCsv(content);
    this.#db.transaction(() => {
      for (const line of lines) this.set(line);
    })();
    return { saved: lines.length, refused };
  }

  exportCsv(): string {
    return formatAddressBookCsv(this.list());
  }
}
