import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { EVENT_CATALOG } from './event-catalog';
import { DERIVED_TABLES } from './journaled-tables';

/**
 * A SHA-256 over every indexed row (event tables, their blocks and contracts, derived state, rollups)
 * and the indexed block, in key order. Two stores of the same chain have equal digests exactly when they hold the same data;
 * bookkeeping that depends on timing (the journal, non-final headers) is left out.
 */
export function storeDigest(db: Database): string {
  const hash = createHash('sha256');
  const tables: [string, string][] = [
    ...EVENT_CATALOG.map((s): [string, string] => [s.table, 'block_number, log_index']),
    ...Object.entries(DERIVED_TABLES).map(([table, keys]): [string, string] => [table, keys.join(', ')]),
    ['event_blocks', 'number'],
    ['contracts', 'id'],
  ];
  for (const [table, order] of tables) {
    hash.update(`\n#${table}\n`);
    // The block the parameters were read at depends on when the store was first opened, not on the chain.
    const where = table === 'market_params' ? "WHERE key <> 'seed_block'" : '';
    for (const row of db.prepare(`SELECT * FROM ${table} ${where} ORDER BY ${order}`).raw().iterate()) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
  }
  const cp = db.prepare('SELECT indexed_block, indexed_block_hash FROM indexer_checkpoint').raw().get();
  hash.update(JSON.stringify(cp ?? null));
  return hash.digest('hex');
}
