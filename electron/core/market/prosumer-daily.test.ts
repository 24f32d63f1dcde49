import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedValue } from '../indexer';
import { openStore } from '../store';
import { prosumerDaily } from './prosumer-daily';

const ME = '0x00000000000000000000000000000000000000A1';
const OTHER = '0x00000000000000000000000000000000000000B2';
const DAY = 86_400;
// Past 2^53 wei: a sum in SQLite's floating point would round it.
const BIG = 9_007_199_254_740_993n;

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-prosumer-daily-'));
  db = openStore(join(dir, 'market.sqlite'));
  const put = db.prepare(
    `INSERT INTO prosumer_daily (address, day, trades, energy_sold_wh, energy_bought_wh, value_sold, value_bought)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // Stored as the indexer stores them: the address and the amounts as BLOBs.
  const row = (
    address: string,
    day: number,
    n: number,
    sold: number,
    bought: number,
    vSold: string,
    vBought: string,
  ) =>
    put.run(
      storedValue('address', address.toLowerCase()),
      day,
      n,
      sold,
      bought,
      storedValue('value_sold', vSold),
      storedValue('value_bought', vBought),
    );
  for (let d = 0; d < 5; d++) row(ME, d * DAY, d + 1, 1000 * d, 10 * d, `${BIG + BigInt(d)}`, `${d}`);
  row(OTHER, 0, 7, 7, 7, '7', '7');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('prosumerDaily', () => {
  it("lists the prosumer's own days newest first, at most the limit, and totals every day exactly", () => {
    const view = prosumerDaily(db, { prosumer: ME, limit: 2 });
    expect(view.days.map((d) => d.day)).toEqual([4 * DAY, 3 * DAY]);
    expect(view.paymentToken).toBe('0x0000000000000000000000000000000000000000');
    expect(view.days[0]).toEqual({
      day: 4 * DAY,
      trades: 5,
      energySoldWh: '4000',
      energyBoughtWh: '40',
      valueSold: `${BIG + 4n}`,
      valueBought: '4',
    });
    expect(view.totals).toEqual({
      days: 5,
      trades: 15,
      energySoldWh: '10000',
      energyBoughtWh: '100',
      valueSold: `${5n * BIG + 10n}`,
      valueBought: '10',
    });
  });

  it('shows nothing of another address, and an empty record for one that never traded', () => {
    expect(prosumerDaily(db, { prosumer: OTHER, limit: 90 }).totals.trades).toBe(7);
    const none = prosumerDaily(db, { prosumer: `0x${'c'.repeat(40)}`, limit: 90 });
    expect(none.days).toEqual([]);
    expect(none.totals).toMatchObject({ days: 0, trades: 0, valueSold: '0', valueBought: '0' });
  });
});
