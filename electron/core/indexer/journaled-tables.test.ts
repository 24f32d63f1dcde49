import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { amountToHex, blobToAmount, blobToHex, openStore } from '../store';
import { JournaledTables, type Row } from './journaled-tables';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const address = 'ab'.repeat(20);
const hash = (n: number) => n.toString(16).padStart(64, '0');

/** A prosumer row in the working form: BLOB columns as the hex of their bytes. */
const prosumer = (status: string, feeWei: bigint): Row => ({
  address,
  status,
  meter_id: hash(1),
  kyc_hash: hash(2),
  fee_wei: amountToHex(feeWei),
  applied_at: 1_700_000_000,
  applied_block: 10,
  applied_tx: hash(3),
  updated_at: 1_700_000_000,
  reason: null,
  applications: 1,
  rejections: 0,
  trades: 0,
  energy_sold_wh: 0,
  energy_bought_wh: 0,
  energy_minted_wh: 0,
  application_hash: hash(4),
});

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'gk-journaled-'));
  dirs.push(dir);
  const db = openStore(join(dir, 'market.sqlite'));
  return { db, tables: new JournaledTables(db) };
}

describe('JournaledTables', () => {
  it('stores working-form rows as bytes and reads them back as written', () => {
    const { db, tables } = open();
    const row = prosumer('pending', 10n ** 18n);
    db.transaction(() => {
      tables.put('prosumers', row);
      tables.flush();
    })();
    const stored = db.prepare('SELECT address, fee_wei, reason FROM prosumers').get() as {
      address: Buffer;
      fee_wei: Buffer;
      reason: null;
    };
    expect(blobToHex(stored.address)).toBe(`0x${address}`);
    expect(stored.address).toHaveLength(20);
    // An ordered amount: a length byte, then the value's bytes (1 POL in wei is 9 bytes).
    expect(blobToAmount(stored.fee_wei)).toBe(10n ** 18n);
    expect(stored.fee_wei).toHaveLength(9);
    // A NULL stays NULL both ways, not an empty BLOB.
    expect(stored.reason).toBeNull();
    expect(tables.get('prosumers', address)).toEqual(row);
    expect(tables.get('prosumers', 'cd'.repeat(20))).toBeUndefined();
  });

  it('journals the prior image as text, as the undo log always had it, and undoes to the same bytes', () => {
    const { db, tables } = open();
    db.transaction(() => {
      tables.put('prosumers', prosumer('pending', 5n));
      tables.flush();
    })();
    const before = db.prepare('SELECT * FROM prosumers').get();
    db.transaction(() => {
      tables.journalBlock = 20;
      tables.put('prosumers', prosumer('admitted', 7n));
      tables.put('safe_owners', { address: 'cd'.repeat(20), added_block: 20, added_log_index: 0 });
      tables.flush();
      tables.journalBlock = null;
    })();
    const journal = db.prepare('SELECT tbl, key, old FROM undo_log ORDER BY seq').all() as {
      tbl: string;
      key: string;
      old: string | null;
    }[];
    expect(journal.map((j) => [j.tbl, JSON.parse(j.key)])).toEqual([
      ['prosumers', [`0x${address}`]],
      ['safe_owners', [`0x${'cd'.repeat(20)}`]],
    ]);
    const old = JSON.parse(journal[0]?.old as string);
    expect(old).toMatchObject({
      address: `0x${address}`,
      status: 'pending',
      fee_wei: '5',
      kyc_hash: `0x${hash(2)}`,
    });
    expect(journal[1]?.old).toBeNull();
    db.transaction(() => tables.undoAbove(19))();
    expect(db.prepare('SELECT * FROM prosumers').get()).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) AS n FROM safe_owners').get()).toEqual({ n: 0 });
  });
});
