// One admitted prosumer added to a synthetic market store (synthetic-market.ts) with N trades of its
// own (selling and buying in turn), its daily totals and a few open offers, written straight into
// the real schema as the indexer would derive them: for the prosumer page's bench (bench:ui).
import type { Database } from 'better-sqlite3';
import { amountToBlob, hexToBlob } from '../../store';
import { type CountedTable, statusCountKey } from '../derive';
import { lastThirtyDays } from './synthetic-market';

/** Adds `n` to the count per status the indexer keeps for `table`. */
function addToCount(db: Database, table: CountedTable, status: string, n: number): void {
  db.prepare(
    `INSERT INTO market_params (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + excluded.value AS TEXT)`,
  ).run(statusCountKey(table, status), String(n));
}

export function addSyntheticProsumer(
  db: Database,
  address: string,
  trades: number,
  window = lastThirtyDays(),
): void {
  const me = hexToBlob(address.toLowerCase());
  const from = window.to - window.spanSeconds;
  const first =
    ((db.prepare('SELECT MAX(trade_id) AS n FROM trades').get() as { n: number | null }).n ?? 0) + 1;
  const insert = db.prepare(
    `INSERT INTO trades (trade_id, offer_id, seller, buyer, status, energy_wh, payment_amount, price_per_kwh, fee_bps,
     dispute_deadline, opened_at, block_number, log_index) VALUES (?, ?, ?, ?, 'settled', ?, ?, ?, 100, ?, ?, ?, ?)`,
  );
  const daily = new Map<number, { trades: number; sold: number; bought: number; in: bigint; out: bigint }>();
  let sold = 0;
  let bought = 0;
  db.transaction(() => {
    for (let i = 0; i < trades; i++) {
      const id = first + i;
      const t = from + Math.floor(((i + 1) / trades) * window.spanSeconds);
      const energy = 300 + ((i * 7919) % 4000);
      const price = 9n * 10n ** 16n;
      const payment = (BigInt(energy) * price + 999n) / 1000n;
      const other = hexToBlob(`0x${(0x3000 + (i % 300)).toString(16).padStart(40, '0')}`);
      const selling = i % 2 === 0;
      insert.run(
        id,
        id,
        selling ? me : other,
        selling ? other : me,
        energy,
        amountToBlob(payment),
        amountToBlob(price),
        t + 600,
        t,
        id,
        1,
      );
      const day = t - (t % 86_400);
      const d = daily.get(day) ?? { trades: 0, sold: 0, bought: 0, in: 0n, out: 0n };
      d.trades++;
      if (selling) {
        d.sold += energy;
        d.in += payment;
        sold += energy;
      } else {
        d.bought += energy;
        d.out += payment;
        bought += energy;
      }
      daily.set(day, d);
    }
    const put = db.prepare(
      `INSERT INTO prosumer_daily (address, day, trades, energy_sold_wh, energy_bought_wh, value_sold, value_bought)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [day, d] of daily)
      put.run(me, day, d.trades, d.sold, d.bought, amountToBlob(d.in), amountToBlob(d.out));
    db.prepare(
      `INSERT INTO prosumers (address, status, meter_id, kyc_hash, fee_wei, applied_at, applied_block, applied_tx,
       updated_at, reason, applications, rejections, trades, energy_sold_wh, energy_bought_wh, energy_minted_wh,
       application_hash) VALUES (?, 'admitted', ?, ?, ?, ?, 1, ?, ?, NULL, 1, 0, ?, ?, ?, ?, ?)`,
    ).run(
      me,
      hexToBlob(`0x${'ab'.repeat(32)}`),
      hexToBlob(`0x${'cd'.repeat(32)}`),
      amountToBlob(0n),
      from,
      hexToBlob(`0x${'ef'.repeat(32)}`),
      from,
      trades,
      sold,
      bought,
      sold,
      hexToBlob(`0x${'12'.repeat(32)}`),
    );
    const offer = db.prepare(
      `INSERT INTO offers (offer_id, seller, status, energy_wh, energy_wh_remaining, price_per_kwh, expires_at, listed_at,
       closed_at, trades, block_number, log_index) VALUES (?, ?, 'open', 5000, 2500, ?, ?, ?, NULL, 1, ?, ?)`,
    );
    const lastOffer =
      (db.prepare('SELECT MAX(offer_id) AS n FROM offers').get() as { n: number | null }).n ?? 0;
    for (let k = 0; k < 3; k++) {
      const id = Math.max(lastOffer, first + trades) + 1 + k;
      offer.run(id, me, amountToBlob(9n * 10n ** 16n), window.to + 86_400, window.to - 60, id, 0);
    }
    addToCount(db, 'trades', 'settled', trades);
    addToCount(db, 'prosumers', 'admitted', 1);
    addToCount(db, 'offers', 'open', 3);
  })();
}
