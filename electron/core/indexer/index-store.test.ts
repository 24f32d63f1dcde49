import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { IndexStore } from './index-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const indexes = (db: Database) =>
  db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all() as { name: string; sql: string }[];

describe('IndexStore deferred indexes', () => {
  it('drops the market tables’ secondary indexes and rebuilds the same ones, also after a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-index-store-'));
    dirs.push(dir);
    const file = join(dir, 'market.sqlite');
    const db = openStore(file);
    const before = indexes(db);
    expect(before.map((i) => i.name)).toContain('trades_status');
    const store = new IndexStore(db);
    expect(store.indexesDeferred()).toBe(false);
    store.deferIndexes();
    const during = indexes(db).map((i) => i.name);
    expect(during).not.toContain('trades_status');
    expect(during).not.toContain('trade_opened_trade_id');
    // The journal's index is not the backfill's to drop.
    expect(during).toContain('undo_log_block');
    // A crash here: the next start still knows what to rebuild.
    db.close();
    const reopened = openStore(file);
    const again = new IndexStore(reopened);
    expect(again.indexesDeferred()).toBe(true);
    again.restoreIndexes();
    expect(again.indexesDeferred()).toBe(false);
    expect(indexes(reopened)).toEqual(before);
    reopened.close();
  });
});
