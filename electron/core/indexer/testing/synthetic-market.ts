// A market store holding N trades spread evenly over a time window, with the rollups the indexer
// derives, an offer per trade, the disputes and the prosumers that traded, written straight into the
// real schema (the store's migrations): for measuring chart queries and list pages (bench:indexer,
// bench:pages) and the dashboard (bench:ui) at scale without a chain. Statuses as a market has them:
// the newest 1% of trades open (still in their dispute window), 0.1% disputed, 0.5% resolved, the
// rest settled; the newest 0.5% of offers open, 1 in 40 cancelled, the rest sold.
import type { Database } from 'better-sqlite3';
import { amountToBlob, hexToBlob, openStore } from '../../store';
import { statusCountKey } from '../derive';

/** Where synthetic trades fall: the `spanSeconds` before `to` (unix seconds). */
export interface SyntheticWindow {
  to: number;
  spanSeconds: number;
}

/** The 30 days before now. */
export const lastThirtyDays = (): SyntheticWindow => ({
  to: Math.floor(Date.now() / 1000),
  spanSeconds: 30 * 86_400,
});

export function syntheticMarketStore(file: string, trades: number, window = lastThirtyDays()): Database {
  const db = openStore(file);
  const span = window.spanSeconds;
  const now = window.to;
  const from = now - span;
  const insert = db.prepare(
    `INSERT INTO trades (trade_id, offer_id, seller, buyer, status, energy_wh, payment_amount, price_per_kwh, fee_bps,
     dispute_deadline, opened_at, block_number, log_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 100, ?, ?, ?, ?)`,
  );
  const rollup = db.prepare(
    `INSERT INTO market_rollups (bucket_seconds, t, energy_wh, value_wei, trades, new_prosumers, escrow_locked, open_disputes)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const offer = db.prepare(
    `INSERT INTO offers (offer_id, seller, status, energy_wh, energy_wh_remaining, price_per_kwh, expires_at, listed_at,
     closed_at, trades, block_number, log_index) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const dispute = db.prepare(
    `INSERT INTO disputes (trade_id, status, opened_by, opened_at, resolved_at, seller_share_bps, block_number, bond,
     arbitration_deadline, ending, bond_to_seller, bond_to_buyer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
  );
  const buckets = new Map<string, { energy: number; value: bigint; trades: number; escrow: bigint }>();
  const traders = new Map<string, { first: number; trades: number; sold: number; bought: number }>();
  const trader = (address: string, t: number) => {
    const row = traders.get(address) ?? { first: t, trades: 0, sold: 0, bought: 0 };
    row.trades++;
    traders.set(address, row);
    return row;
  };
  let escrow = 0n;
  db.transaction(() => {
    for (let i = 1; i <= trades; i++) {
      const t = from + Math.floor((i / trades) * span);
      const energy = 200 + ((i * 7919) % 5000);
      const price = 8n * 10n ** 16n + BigInt((i * 104729) % 1000) * 10n ** 14n;
      const payment = (BigInt(energy) * price + 999n) / 1000n;
      const status =
        i > trades * 0.99 ? 'open' : i % 1000 === 7 ? 'disputed' : i % 200 === 3 ? 'resolved' : 'settled';
      const seller = `0x${(0x1000 + (i % 500)).toString(16).padStart(40, '0')}`;
      const buyer = `0x${(0x2000 + (i % 700)).toString(16).padStart(40, '0')}`;
      trader(seller, t).sold += energy;
      trader(buyer, t).bought += energy;
      insert.run(
        i,
        i,
        hexToBlob(seller),
        hexToBlob(buyer),
        status,
        energy,
        amountToBlob(payment),
        amountToBlob(price),
        t + 600,
        t,
        i,
        1,
      );
      const offerStatus = i > trades * 0.995 ? 'open' : i % 40 === 0 ? 'cancelled' : 'sold';
      offer.run(
        i,
        hexToBlob(seller),
        offerStatus,
        energy,
        amountToBlob(price),
        t + 86_400,
        t - 60,
        offerStatus === 'open' ? null : t,
        i,
        0,
      );
      if (status === 'disputed' || status === 'resolved') {
        const resolved = status === 'resolved';
        dispute.run(
          i,
          resolved ? 'resolved' : 'open',
          hexToBlob(buyer),
          t + 300,
          resolved ? t + 3600 : null,
          resolved ? 5000 : null,
          i,
          amountToBlob(10n ** 17n),
          t + 86_700,
          resolved ? 'decided' : null,
        );
      }
      if (status === 'open' || status === 'disputed') escrow += payment;
      for (const b of [60, 3600, 86_400]) {
        const key = `${b}:${t - (t % b)}`;
        const row = buckets.get(key) ?? { energy: 0, value: 0n, trades: 0, escrow: 0n };
        row.energy += energy;
        row.value += payment;
        row.trades++;
        row.escrow = escrow;
        buckets.set(key, row);
      }
    }
    for (const [key, row] of buckets) {
      const [b, t] = key.split(':').map(Number);
      rollup.run(b, t, row.energy, row.value.toString(), row.trades, row.escrow.toString(), row.trades % 7);
    }
    const prosumer = db.prepare(
      `INSERT INTO prosumers (address, status, meter_id, kyc_hash, fee_wei, applied_at, applied_block, applied_tx,
       updated_at, reason, applications, rejections, trades, energy_sold_wh, energy_bought_wh, energy_minted_wh,
       application_hash) VALUES (?, 'admitted', ?, ?, ?, ?, 1, ?, ?, NULL, 1, 0, ?, ?, ?, ?, ?)`,
    );
    for (const [address, p] of traders) {
      const bytes = (byte: string) => hexToBlob(`0x${address.slice(-8)}${byte.repeat(28)}`);
      const applied = p.first - 86_400;
      prosumer.run(
        hexToBlob(address),
        bytes('ab'),
        bytes('cd'),
        amountToBlob(0n),
        applied,
        bytes('ef'),
        applied,
        p.trades,
        p.sold,
        p.bought,
        p.sold,
        bytes('12'),
      );
    }
    // The counts per status the indexer keeps.
    for (const table of ['trades', 'offers', 'disputes', 'prosumers'] as const)
      for (const { status, n } of db
        .prepare(`SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`)
        .all() as { status: string; n: number }[])
        db.prepare('INSERT INTO market_params (key, value) VALUES (?, ?)').run(
          statusCountKey(table, status),
          String(n),
        );
    db.prepare(
      `INSERT INTO indexer_checkpoint (id, chain_id, market_address, deployment_block, indexed_block, indexed_timestamp, finalized_block)
       VALUES (1, 31337, '0x0', 0, ?, ?, ?)`,
    ).run(trades, now, trades);
  })();
  // No ANALYZE (nor PRAGMA optimize): the app's store has no statistics, and the plans are made for that.
  return db;
}
