import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { loadMigrations, migrate } from './migrate';

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

/** The file of one chain's store: chain id + genesis hash (+ market), so a new devnet never mixes with an old one. */
export function storeFileName(chainId: bigint | number, genesisHash: string, marketAddress?: string): string {
  const parts = [`chain-${chainId}`, genesisHash.slice(2, 14).toLowerCase()];
  if (marketAddress) parts.push(marketAddress.slice(2, 12).toLowerCase());
  return `${parts.join('-')}.sqlite`;
}

/** Opens (creating if needed) a store in WAL mode with every migration applied. */
export function openStore(file: string, migrationsDir: string = MIGRATIONS_DIR): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, loadMigrations(migrationsDir));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
