import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openingTxHash } from '../market/rows';
import { hexToBlob, loadMigrations, MIGRATIONS_DIR, migrate } from '../store';
import { eventTextRow, textRow } from './stored-values';

const SELLER = `0x${'ab'.repeat(20)}`;
const BUYER = `0x${'cd'.repeat(20)}`;
const MARKET = `0x${'ef'.repeat(20)}`;
const BLOCK_HASH = `0x${'11'.repeat(32)}`;
const TX = `0x${'22'.repeat(32)}`;
/** More than 2^64: a payment no INTEGER holds. */
const PAYMENT = '123456789012345678901234567890';

/** An in-memory store with the migrations up to `id` applied. */
function storeAt(id: number): Database.Database {
  const db = new Database(':memory:');
  migrate(
    db,
    loadMigrations(MIGRATIONS_DIR).filter((m) => m.id <= id),
  );
  return db;
}

describe('migration 0011 (compact storage)', () => {
  it('converts the rows of a 0010 store in place: events, derived state and daily history read back equal', () => {
    const db = storeAt(10);
    db.prepare(
      `INSERT INTO trade_opened (block_number, block_hash, log_index, tx_hash, timestamp, address, trade_id, offer_id,
         seller, buyer, energy_wh, payment_amount, fee_bps, dispute_deadline)
       VALUES (7, ?, 3, ?, 1700000000, ?, '5', '4', ?, ?, '1500', ?, '250', '1700000600')`,
    ).run(BLOCK_HASH, TX, MARKET, SELLER, BUYER, PAYMENT);
    db.prepare(
      `INSERT INTO trades (trade_id, offer_id, seller, buyer, status, energy_wh, payment_amount, price_per_kwh, fee_bps,
         dispute_deadline, opened_at, closed_at, seller_proceeds, fee_amount, buyer_refund, confirmed_by_buyer,
         block_number, tx_hash)
       VALUES (5, 4, ?, ?, 'settled', 1500, ?, '82304526', 250, 1700000600, 1700000000, 1700000300, '9', '1', '0', 1, 7, ?)`,
    ).run(SELLER, BUYER, PAYMENT, TX);
    db.prepare(
      `INSERT INTO prosumer_daily (address, day, trades, energy_sold_wh, energy_bought_wh, value_sold, value_bought)
       VALUES (?, 1699920000, 1, 1500, 0, ?, '0')`,
    ).run(SELLER, PAYMENT);
    db.prepare(
      `INSERT INTO audit_log (seq, at, kind, safe_tx_hash, actor, detail, prev_hash, entry_hash)
       VALUES (1, '2026-01-01T00:00:00.000Z', 'proposal.created', ?, NULL, '{}', '0x00', '0x01')`,
    ).run(TX);
    const audit = db.prepare('SELECT * FROM audit_log').all();

    migrate(db, loadMigrations(MIGRATIONS_DIR));

    expect(eventTextRow(db.prepare('SELECT * FROM trade_opened').get())).toEqual({
      block_number: 7,
      log_index: 3,
      tx_hash: TX,
      timestamp: 1_700_000_000,
      contract: 1,
      trade_id: '5',
      offer_id: '4',
      seller: SELLER,
      buyer: BUYER,
      energy_wh: '1500',
      payment_amount: PAYMENT,
      fee_bps: '250',
      dispute_deadline: '1700000600',
    });
    expect(textRow(db.prepare('SELECT * FROM event_blocks').get())).toEqual({ number: 7, hash: BLOCK_HASH });
    expect(textRow(db.prepare('SELECT * FROM contracts').get())).toEqual({ id: 1, address: MARKET });
    expect(textRow(db.prepare('SELECT * FROM trades').get())).toMatchObject({
      seller: SELLER,
      buyer: BUYER,
      payment_amount: PAYMENT,
      price_per_kwh: '82304526',
      seller_proceeds: '9',
      buyer_refund: '0',
      closed_at: 1_700_000_300,
      // 0014: the trade points at its TradeOpened (block 7, log 3) instead of repeating its hash.
      block_number: 7,
      log_index: 3,
    });
    expect(db.prepare('SELECT * FROM trades').get()).not.toHaveProperty('tx_hash');
    expect(textRow(db.prepare('SELECT * FROM prosumer_daily').get())).toEqual({
      address: SELLER,
      day: 1_699_920_000,
      trades: 1,
      energy_sold_wh: 1500,
      energy_bought_wh: 0,
      value_sold: PAYMENT,
      value_bought: '0',
    });
    // The app's own tables are untouched.
    expect(db.prepare('SELECT * FROM audit_log').all()).toEqual(audit);
  });
});

describe('migration 0014 (trades and offers point at their opening event)', () => {
  it("finds each row's event by id and block, and leaves a row whose event retention pruned without one", () => {
    const db = storeAt(13);
    db.prepare('INSERT INTO contracts (id, address) VALUES (1, ?)').run(hexToBlob(MARKET));
    const listed = db.prepare(
      `INSERT INTO offer_listed (block_number, log_index, tx_hash, timestamp, contract, offer_id, seller, energy_wh,
         price_per_kwh, expires_at, fee_bps, dispute_window_seconds)
       VALUES (?, ?, ?, 1700000000, 1, ?, ?, 1500, ?, 1700086400, 100, 600)`,
    );
    const offer = db.prepare(
      `INSERT INTO offers (offer_id, seller, status, energy_wh, energy_wh_remaining, price_per_kwh, expires_at, listed_at,
         closed_at, trades, block_number, tx_hash, fee_bps, dispute_window_seconds)
       VALUES (?, ?, 'open', 1500, 1500, ?, 1700086400, 1700000000, NULL, 0, ?, ?, 100, 600)`,
    );
    const price = hexToBlob('0x0100');
    // Two offers listed in block 9 (logs 2 and 5) and the same id's event in another block, which
    // must not be taken; offer 3's event was pruned.
    listed.run(9, 2, hexToBlob(TX), 1, hexToBlob(SELLER), price);
    listed.run(9, 5, hexToBlob(`0x${'33'.repeat(32)}`), 2, hexToBlob(SELLER), price);
    listed.run(8, 0, hexToBlob(`0x${'44'.repeat(32)}`), 2, hexToBlob(SELLER), price);
    offer.run(1, hexToBlob(SELLER), price, 9, hexToBlob(TX));
    offer.run(2, hexToBlob(SELLER), price, 9, hexToBlob(`0x${'33'.repeat(32)}`));
    offer.run(3, hexToBlob(SELLER), price, 4, hexToBlob(`0x${'55'.repeat(32)}`));

    migrate(db, loadMigrations(MIGRATIONS_DIR));

    const rows = db
      .prepare('SELECT offer_id, block_number, log_index FROM offers ORDER BY offer_id')
      .all() as {
      offer_id: number;
      block_number: number;
      log_index: number | null;
    }[];
    expect(rows).toEqual([
      { offer_id: 1, block_number: 9, log_index: 2 },
      { offer_id: 2, block_number: 9, log_index: 5 },
      { offer_id: 3, block_number: 4, log_index: null },
    ]);
    expect(rows.map((r) => openingTxHash(db, 'offer_listed', r))).toEqual([TX, `0x${'33'.repeat(32)}`, null]);
    // The update's index is gone with it.
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'offer_listed_offer_id%'").all(),
    ).toEqual([]);
  });
});
