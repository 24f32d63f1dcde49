// A market store holding N trades spread evenly over a time window, with the rollups the indexer
// derives, written straight into the real schema (the store's migrations): for measuring chart
// queries (bench:indexer) and the dashboard (bench:ui) at scale without a chain.
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
     dispute_deadline, opened_at, block_number, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 100, ?, ?, ?, ?)`,
  );
  const rollup = db.prepare(
    `INSERT INTO market_rollups (bucket_seconds, t, energy_wh, value_wei, trades, new_prosumers, escrow_locked, open_disputes)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const buckets = new Map<string, { energy: number; value: bigint; trades: number; escrow: bigint }>();
  const statuses = ['settled', 'settled', 'settled', 'open', 'disputed', 'resolved'];
  let escrow = 0n;
  db.transaction(() => {
    for (let i = 1; i <= trades; i++) {
      const t = from + Math.floor((i / trades) * span);
      const energy = 200 + ((i * 7919) % 5000);
      const price = 8n * 10n ** 16n + BigInt((i * 104729) % 1000) * 10n ** 14n;
      const payment = (BigInt(energy) * price + 999n) / 1000n;
      const status = statuses[i % statuses.length] as string;
      insert.run(
        i,
        i,
        hexToBlob(`0x${(0x1000 + (i % 500)).toString(16).padStart(40, '0')}`),
        hexToBlob(`0x${(0x2000 + (i % 700)).toString(16).padStart(40, '0')}`),
        status,
        energy,
        amountToBlob(payment),
        amountToBlob(price),
        t + 600,
        t,
        i,
        hexToBlob(`0x${i.toString(16).padStart(64, '0')}`),
      );
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
    // The counts per status the indexer keeps.
    for (const { status, n } of db
      .prepare('SELECT status, COUNT(*) AS n FROM trades GROUP BY status')
      .all() as {
      status: string;
      n: number;
    }[])
      db.prepare('INSERT INTO market_params (key, value) VALUES (?, ?)').run(
        statusCountKey('trades', status),
        String(n),
      );
    db.prepare(
      `INSERT INTO indexer_checkpoint (id, chain_id, market_address, deployment_block, indexed_block, indexed_timestamp, finalized_block)
       VALUES (1, 31337, '0x0', 0, ?, ?, ?)`,
    ).run(trades, now, trades);
  })();
  db.pragma('optimize');
  return db;
}
