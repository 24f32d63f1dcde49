import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { getAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountToBlob, blobToAmount, hexToBlob, openStore } from '../store';
import { buildStatement, marketStatement } from './statement';

/**
 * Statements over a store of event rows written straight into the real schema: one trade opened and
 * settled a minute apart every STEP seconds for 60 days, five addresses trading round robin. The
 * window's edges (from included, to excluded) and the prosumer's side are checked against arithmetic,
 * and the time of a month's statement is printed beside a baseline measured in the same run.
 */

const STEP = 60;
const DAYS = 60;
const START = Date.UTC(2026, 8, 1) / 1000; // 2026-09-01
const TRADES = (DAYS * 86_400) / STEP;
const PARTIES = Array.from({ length: 5 }, (_, i) => `0x${(0xa0 + i).toString(16).padStart(40, '0')}`);
const sellerOf = (i: number) => PARTIES[i % 5] as string;
const buyerOf = (i: number) => PARTIES[(i + 1) % 5] as string;

let dir: string;
let db: Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-statement-'));
  db = openStore(join(dir, 'market.sqlite'));
  const opened = db.prepare(
    `INSERT INTO trade_opened (block_number, log_index, tx_hash, timestamp, contract, trade_id, offer_id,
       seller, buyer, energy_wh, payment_amount, fee_bps, dispute_deadline) VALUES (?, 0, ?, ?, 1, ?, ?, ?, ?, ?, ?, 100, ?)`,
  );
  const settled = db.prepare(
    `INSERT INTO trade_settled (block_number, log_index, tx_hash, timestamp, contract, trade_id,
       seller_proceeds, fee_amount, confirmed_by_buyer) VALUES (?, 1, ?, ?, 1, ?, ?, ?, 1)`,
  );
  db.transaction(() => {
    for (let i = 0; i < TRADES; i++) {
      const t = START + i * STEP;
      const payment = 10n ** 18n + BigInt(i);
      const fee = payment / 100n;
      const hash = hexToBlob(`0x${i.toString(16).padStart(64, '0')}`);
      // Trade i opens in block 2i at t and settles in block 2i + 1 at t + STEP / 2.
      opened.run(
        2 * i,
        hash,
        t,
        i + 1,
        i + 1,
        hexToBlob(sellerOf(i)),
        hexToBlob(buyerOf(i)),
        amountToBlob(1000),
        amountToBlob(payment),
        amountToBlob(t + 600),
      );
      settled.run(2 * i + 1, hash, t + STEP / 2, i + 1, amountToBlob(payment - fee), amountToBlob(fee));
    }
  })();
});
afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('statement windows over the event tables', () => {
  it('includes an event at `from`, excludes one at `to`, and sums exactly', () => {
    // From trade 10's second to trade 20's: trades 10…19 opened, 10…19 settled (each 30 s after).
    const from = START + 10 * STEP;
    const to = START + 20 * STEP;
    const s = buildStatement(db, { from, to });
    expect(s.totals.trades.count).toBe(10);
    expect(s.totals.settled.count).toBe(10);
    const payments = Array.from({ length: 10 }, (_, k) => 10n ** 18n + BigInt(10 + k));
    expect(s.totals.trades.payment).toBe(String(payments.reduce((a, b) => a + b, 0n)));
    expect(s.totals.fees).toBe(String(payments.reduce((a, b) => a + b / 100n, 0n)));
    expect(s.totals.sellerProceeds).toBe(String(payments.reduce((a, b) => a + b - b / 100n, 0n)));
    expect(s.lines[0]).toMatchObject({ kind: 'TradeOpened', at: from, tradeId: '11' });
    expect(s.lines.at(-1)).toMatchObject({ kind: 'TradeSettled', tradeId: '20' });
    expect(s.lines.every((l) => l.at >= from && l.at < to)).toBe(true);
    // One second later on both edges: trade 10's opening leaves, trade 20's enters.
    const shifted = buildStatement(db, { from: from + 1, to: to + 1 });
    expect(shifted.lines[0]).toMatchObject({ kind: 'TradeSettled', tradeId: '11' });
    expect(shifted.lines.at(-1)).toMatchObject({ kind: 'TradeOpened', tradeId: '21' });
  });

  it("covers one prosumer's sales and purchases, each side summed on its own", () => {
    const from = START;
    const to = START + 100 * STEP;
    const me = PARTIES[2] as string;
    const s = buildStatement(db, { prosumer: me, from, to });
    // Round robin: seller every 5th trade (i ≡ 2), buyer every 5th (i ≡ 1).
    expect(s.totals.sold.count).toBe(20);
    expect(s.totals.bought.count).toBe(20);
    expect(s.totals.trades.count).toBe(40);
    expect(s.totals.settled.count).toBe(40);
    const sold = Array.from({ length: 20 }, (_, k) => 10n ** 18n + BigInt(5 * k + 2));
    expect(s.totals.sold.payment).toBe(String(sold.reduce((a, b) => a + b, 0n)));
    expect(s.totals.sellerProceeds).toBe(String(sold.reduce((a, b) => a + b - b / 100n, 0n)));
    expect(s.lines.every((l) => l.seller === s.prosumer || l.buyer === s.prosumer)).toBe(true);
    expect(s.prosumer).toBe(getAddress(me));
  });

  it('cuts the window into UTC days whose sums are the totals exactly, edges and empty days included', () => {
    // From noon of day 2 to 06:00 of day 5: days 2 (half), 3, 4 and 5 (a quarter).
    const from = START + 2 * 86_400 + 43_200;
    const to = START + 5 * 86_400 + 21_600;
    const me = PARTIES[2] as string;
    for (const s of [buildStatement(db, { from, to }), buildStatement(db, { prosumer: me, from, to })]) {
      expect(s.days.map((d) => d.day)).toEqual([2, 3, 4, 5].map((d) => START + d * 86_400));
      const sum = (key: 'tradedWh' | 'soldWh' | 'boughtWh' | 'sellerProceeds' | 'fees') =>
        String(s.days.reduce((acc, d) => acc + BigInt(d[key]), 0n));
      expect(sum('tradedWh')).toBe(s.totals.trades.energyWh);
      expect(sum('soldWh')).toBe(s.totals.sold.energyWh);
      expect(sum('boughtWh')).toBe(s.totals.bought.energyWh);
      expect(sum('sellerProceeds')).toBe(s.totals.sellerProceeds);
      expect(sum('fees')).toBe(s.totals.fees);
    }
    // A trade every minute, 1,000 Wh each: half a day of them, then whole days, then a quarter.
    const market = buildStatement(db, { from, to });
    expect(market.days.map((d) => d.tradedWh)).toEqual(['720000', '1440000', '1440000', '360000']);
    // Nothing happened past the 60 days stored: those days are there, and zero.
    const after = buildStatement(db, { from: START + DAYS * 86_400, to: START + (DAYS + 2) * 86_400 });
    expect(after.days).toEqual(
      [0, 1].map((d) => ({
        day: START + (DAYS + d) * 86_400,
        tradedWh: '0',
        soldWh: '0',
        boughtWh: '0',
        sellerProceeds: '0',
        fees: '0',
      })),
    );
  });

  it("answers a month's statement of the whole market, timed against a plain scan of the same rows", () => {
    const from = Date.UTC(2026, 9, 1) / 1000;
    const to = Date.UTC(2026, 10, 1) / 1000;
    let started = performance.now();
    const s = marketStatement(buildStatement(db, { from, to }), 500);
    const ms = performance.now() - started;
    // Baseline: the same two tables read by timestamp and summed, without parties, lines or order.
    started = performance.now();
    let payment = 0n;
    let count = 0;
    for (const table of ['trade_opened', 'trade_settled'])
      for (const r of db
        .prepare(`SELECT * FROM ${table} WHERE timestamp >= ? AND timestamp < ?`)
        .iterate(from, to) as Iterable<{ payment_amount?: Buffer }>) {
        count++;
        if (r.payment_amount) payment += blobToAmount(r.payment_amount);
      }
    const baselineMs = performance.now() - started;
    console.log(
      `statement of a month (${s.linesTotal} lines of ${2 * TRADES} stored): ${ms.toFixed(0)} ms; plain scan ${baselineMs.toFixed(0)} ms; ratio ${(ms / baselineMs).toFixed(2)}`,
    );
    expect(s.linesTotal).toBe(count);
    expect(s.totals.trades.payment).toBe(String(payment));
    expect(s.lines).toHaveLength(500);
  });
});
