import { AbiCoder } from 'ethers';
import type { DecodedEvent } from './decode';
import type { JournaledTables, Row } from './journaled-tables';

export const ROLLUP_BUCKETS = [60, 3600, 86400] as const;

/** The tables whose rows are counted per status (kept in market_params, so a list's count is one read). */
export type CountedTable = 'prosumers' | 'offers' | 'trades' | 'disputes';

/** The market_params key holding how many rows of `table` have `status`. */
export const statusCountKey = (table: CountedTable, status: string): string => `count:${table}:${status}`;

/** Running totals kept in market_params (decimal text). */
const TOTAL_KEYS = [
  'escrow_locked',
  'open_disputes',
  'trades_total',
  'energy_wh_total',
  'value_wei_total',
] as const;
type TotalKey = (typeof TOTAL_KEYS)[number];

interface BucketDelta {
  bucketSeconds: number;
  t: number;
  energyWh: bigint;
  valueWei: bigint;
  trades: number;
  newProsumers: number;
  escrowLocked: bigint | null;
  openDisputes: number | null;
}

const coder = AbiCoder.defaultAbiCoder();
/** Events whose effect is also in the state read at the seed block. */
const SEEDED_EVENTS = new Set([
  'MarketFeeChanged',
  'DisputeWindowChanged',
  'DisputeBondChanged',
  'ArbitrationPeriodChanged',
  'RegistrationFeeChanged',
  'Paused',
  'Unpaused',
  'SafeSetup',
  'AddedOwner',
  'RemovedOwner',
  'ChangedThreshold',
  'SafeMultiSigTransaction',
]);
const STATUS_BY_EVENT = {
  ProsumerAdmitted: 'admitted',
  ProsumerRejected: 'rejected',
  ProsumerSuspended: 'suspended',
  ProsumerReinstated: 'admitted',
  ProsumerRemoved: 'removed',
} as const;
const DISPUTE_ENDINGS = ['decided', 'withdrawn', 'defaulted'] as const;

/**
 * Turns events (in chain order) into the derived tables: prosumers, offers, trades, disputes, Safe
 * owners/threshold/nonce, market parameters, running totals and the rollups. Totals and rollup
 * deltas are kept in memory and written by `flush()` at the end of each transaction.
 */
export class MarketDeriver {
  readonly #tables: JournaledTables;
  #totals: Record<TotalKey, bigint> | null = null;
  readonly #buckets = new Map<string, BucketDelta>();
  /** Changes of the rows per table and status (kept as `statusCountKey`) in this transaction. */
  readonly #statusCounts = new Map<CountedTable, Map<string, number>>();

  constructor(tables: JournaledTables) {
    this.#tables = tables;
  }

  apply(e: DecodedEvent): void {
    const c = e.columns;
    if (SEEDED_EVENTS.has(e.spec.name) && e.blockNumber <= this.#seedBlock()) return;
    switch (e.spec.name) {
      case 'ProsumerApplied': {
        const old = this.#tables.get<Row>('prosumers', c.prosumer as string);
        this.#moved('prosumers', old, 'pending');
        this.#tables.put('prosumers', {
          address: c.prosumer as string,
          status: 'pending',
          meter_id: c.meter_id as string,
          kyc_hash: c.kyc_hash as string,
          fee_wei: c.fee_wei as string,
          applied_at: e.timestamp,
          applied_block: e.blockNumber,
          applied_tx: e.txHash,
          updated_at: e.timestamp,
          reason: null,
          applications: Number(old?.applications ?? 0) + 1,
          rejections: Number(old?.rejections ?? 0),
          trades: Number(old?.trades ?? 0),
          energy_sold_wh: Number(old?.energy_sold_wh ?? 0),
          energy_bought_wh: Number(old?.energy_bought_wh ?? 0),
          energy_minted_wh: Number(old?.energy_minted_wh ?? 0),
          application_hash: c.application_hash as string,
        });
        return;
      }
      case 'ProsumerAdmitted':
      case 'ProsumerRejected':
      case 'ProsumerSuspended':
      case 'ProsumerReinstated':
      case 'ProsumerRemoved': {
        const old = this.#tables.get<Row>('prosumers', c.prosumer as string);
        if (!old) return;
        const status = STATUS_BY_EVENT[e.spec.name];
        this.#moved('prosumers', old, status);
        this.#tables.put('prosumers', {
          ...old,
          status,
          updated_at: e.timestamp,
          reason: (c.reason as string | undefined) ?? null,
          rejections: Number(old.rejections) + (e.spec.name === 'ProsumerRejected' ? 1 : 0),
        });
        if (e.spec.name === 'ProsumerAdmitted') this.#bucket(e.timestamp, (b) => b.newProsumers++);
        return;
      }
      case 'EnergyMinted':
        this.#addToProsumer(c.to_address as string, { energy_minted_wh: BigInt(c.energy_wh as string) });
        return;
      case 'OfferListed':
        this.#moved('offers', undefined, 'open');
        this.#tables.put('offers', {
          offer_id: Number(c.offer_id),
          seller: c.seller as string,
          status: 'open',
          energy_wh: Number(c.energy_wh),
          energy_wh_remaining: Number(c.energy_wh),
          price_per_kwh: c.price_per_kwh as string,
          expires_at: Number(c.expires_at),
          listed_at: e.timestamp,
          closed_at: null,
          trades: 0,
          block_number: e.blockNumber,
          log_index: e.logIndex,
          fee_bps: Number(c.fee_bps),
          dispute_window_seconds: Number(c.dispute_window_seconds),
        });
        return;
      case 'OfferCancelled':
      case 'OfferExpired': {
        const offer = this.#tables.get<Row>('offers', Number(c.offer_id));
        if (!offer) return;
        const status = e.spec.name === 'OfferCancelled' ? 'cancelled' : 'expired';
        this.#moved('offers', offer, status);
        this.#tables.put('offers', {
          ...offer,
          status,
          energy_wh_remaining: 0,
          closed_at: e.timestamp,
        });
        return;
      }
      case 'TradeOpened': {
        const energyWh = BigInt(c.energy_wh as string);
        const payment = BigInt(c.payment_amount as string);
        const offer = this.#tables.get<Row>('offers', Number(c.offer_id));
        let price = energyWh > 0n ? ((payment * 1000n) / energyWh).toString() : '0';
        if (offer) {
          price = offer.price_per_kwh as string;
          const remaining = BigInt(offer.energy_wh_remaining as number) - energyWh;
          const status = remaining <= 0n ? 'sold' : (offer.status as string);
          this.#moved('offers', offer, status);
          this.#tables.put('offers', {
            ...offer,
            energy_wh_remaining: Number(remaining),
            status,
            closed_at: remaining <= 0n ? e.timestamp : (offer.closed_at as number | null),
            trades: Number(offer.trades) + 1,
          });
        }
        this.#moved('trades', undefined, 'open');
        this.#tables.put('trades', {
          trade_id: Number(c.trade_id),
          offer_id: Number(c.offer_id),
          seller: c.seller as string,
          buyer: c.buyer as string,
          status: 'open',
          energy_wh: Number(energyWh),
          payment_amount: payment.toString(),
          price_per_kwh: price,
          fee_bps: Number(c.fee_bps),
          dispute_deadline: Number(c.dispute_deadline),
          opened_at: e.timestamp,
          closed_at: null,
          seller_proceeds: null,
          fee_amount: null,
          buyer_refund: null,
          confirmed_by_buyer: null,
          block_number: e.blockNumber,
          log_index: e.logIndex,
        });
        this.#addToProsumer(c.seller as string, { trades: 1n, energy_sold_wh: energyWh });
        this.#addToProsumer(c.buyer as string, { trades: 1n, energy_bought_wh: energyWh });
        const day = e.timestamp - (e.timestamp % 86_400);
        this.#addToDaily(c.seller as string, day, energyWh, payment, 'sold');
        this.#addToDaily(c.buyer as string, day, energyWh, payment, 'bought');
        const totals = this.#loadTotals();
        totals.escrow_locked += payment;
        totals.trades_total += 1n;
        totals.energy_wh_total += energyWh;
        totals.value_wei_total += payment;
        this.#bucket(e.timestamp, (b) => {
          b.energyWh += energyWh;
          b.valueWei += payment;
          b.trades++;
          b.escrowLocked = totals.escrow_locked;
        });
        return;
      }
      case 'TradeSettled':
      case 'DisputeResolved': {
        const trade = this.#tables.get<Row>('trades', Number(c.trade_id));
        if (!trade) return;
        const resolved = e.spec.name === 'DisputeResolved';
        this.#moved('trades', trade, resolved ? 'resolved' : 'settled');
        this.#tables.put('trades', {
          ...trade,
          status: resolved ? 'resolved' : 'settled',
          closed_at: e.timestamp,
          seller_proceeds: c.seller_proceeds as string,
          fee_amount: c.fee_amount as string,
          buyer_refund: resolved ? (c.buyer_refund as string) : '0',
          confirmed_by_buyer: resolved ? null : Number(c.confirmed_by_buyer),
        });
        const totals = this.#loadTotals();
        totals.escrow_locked -= BigInt(trade.payment_amount as string);
        if (resolved) {
          const dispute = this.#tables.get<Row>('disputes', Number(c.trade_id));
          if (dispute?.status === 'open') totals.open_disputes -= 1n;
          if (dispute) this.#moved('disputes', dispute, 'resolved');
          if (dispute)
            this.#tables.put('disputes', {
              ...dispute,
              status: 'resolved',
              resolved_at: e.timestamp,
              seller_share_bps: Number(c.seller_share_bps),
            });
        }
        this.#bucket(e.timestamp, (b) => {
          b.escrowLocked = totals.escrow_locked;
          b.openDisputes = Number(totals.open_disputes);
        });
        return;
      }
      case 'DisputeOpened': {
        const trade = this.#tables.get<Row>('trades', Number(c.trade_id));
        if (trade) {
          this.#moved('trades', trade, 'disputed');
          this.#tables.put('trades', { ...trade, status: 'disputed' });
        }
        this.#moved('disputes', undefined, 'open');
        this.#tables.put('disputes', {
          trade_id: Number(c.trade_id),
          status: 'open',
          opened_by: c.opened_by as string,
          opened_at: e.timestamp,
          resolved_at: null,
          seller_share_bps: null,
          block_number: e.blockNumber,
          bond: c.bond as string,
          arbitration_deadline: Number(c.arbitration_deadline),
          ending: null,
          bond_to_seller: null,
          bond_to_buyer: null,
        });
        const totals = this.#loadTotals();
        totals.open_disputes += 1n;
        // The bond is escrowed with the payment until the dispute ends.
        totals.escrow_locked += BigInt(c.bond as string);
        this.#bucket(e.timestamp, (b) => {
          b.openDisputes = Number(totals.open_disputes);
          b.escrowLocked = totals.escrow_locked;
        });
        return;
      }
      case 'DisputeEnded': {
        const dispute = this.#tables.get<Row>('disputes', Number(c.trade_id));
        const bondToSeller = BigInt(c.bond_to_seller as string);
        const bondToBuyer = BigInt(c.bond_to_buyer as string);
        if (dispute) {
          this.#tables.put('disputes', {
            ...dispute,
            ending: DISPUTE_ENDINGS[Number(c.how)] ?? null,
            bond_to_seller: bondToSeller.toString(),
            bond_to_buyer: bondToBuyer.toString(),
          });
        }
        const totals = this.#loadTotals();
        totals.escrow_locked -= bondToSeller + bondToBuyer;
        this.#bucket(e.timestamp, (b) => {
          b.escrowLocked = totals.escrow_locked;
        });
        return;
      }
      case 'DisputeBondChanged':
        this.#param('dispute_bond', c.new_bond as string);
        return;
      case 'ArbitrationPeriodChanged':
        this.#param('arbitration_period_seconds', c.new_seconds as string);
        return;
      case 'MarketFeeChanged':
        this.#param('fee_bps', c.new_fee_bps as string);
        return;
      case 'DisputeWindowChanged':
        this.#param('dispute_window_seconds', c.new_seconds as string);
        return;
      case 'RegistrationFeeChanged':
        this.#param('registration_fee_wei', c.new_fee_wei as string);
        return;
      case 'Paused':
      case 'Unpaused':
        this.#param('paused', e.spec.name === 'Paused' ? '1' : '0');
        return;
      case 'SafeSetup': {
        const owners = JSON.parse(c.owners as string) as string[];
        owners.forEach((owner, i) => {
          this.#tables.put('safe_owners', {
            address: owner,
            added_block: e.blockNumber,
            added_log_index: e.logIndex * 1000 + i,
          });
        });
        this.#param('safe_threshold', c.threshold as string);
        return;
      }
      case 'AddedOwner':
        this.#tables.put('safe_owners', {
          address: c.owner as string,
          added_block: e.blockNumber,
          added_log_index: e.logIndex * 1000,
        });
        return;
      case 'RemovedOwner':
        this.#tables.delete('safe_owners', c.owner as string);
        return;
      case 'ChangedThreshold':
        this.#param('safe_threshold', c.threshold as string);
        return;
      case 'SafeMultiSigTransaction': {
        const [nonce] = coder.decode(['uint256', 'address', 'uint256'], c.additional_info as string);
        this.#param('safe_nonce', ((nonce as bigint) + 1n).toString());
        return;
      }
    }
  }

  /** Writes the running totals and the rollup deltas of this transaction. */
  flush(): void {
    if (this.#totals) {
      for (const key of TOTAL_KEYS) this.#param(key, this.#totals[key].toString());
      this.#totals = null;
    }
    for (const delta of this.#buckets.values()) {
      const old = this.#tables.get<Row>('market_rollups', delta.bucketSeconds, delta.t);
      this.#tables.put('market_rollups', {
        bucket_seconds: delta.bucketSeconds,
        t: delta.t,
        energy_wh: Number(BigInt(old?.energy_wh ?? 0) + delta.energyWh),
        value_wei: (BigInt((old?.value_wei as string) ?? '0') + delta.valueWei).toString(),
        trades: Number(old?.trades ?? 0) + delta.trades,
        new_prosumers: Number(old?.new_prosumers ?? 0) + delta.newProsumers,
        escrow_locked:
          delta.escrowLocked !== null
            ? delta.escrowLocked.toString()
            : ((old?.escrow_locked as string) ?? null),
        open_disputes: delta.openDisputes ?? (old?.open_disputes as number) ?? null,
      });
    }
    this.#buckets.clear();
    this.#lastBucketed = null;
    // Written even when this commit's changes cancel out (listed and sold): the keys a store has
    // must not depend on where its commits fell.
    for (const [table, deltas] of this.#statusCounts)
      for (const [status, delta] of deltas) {
        const key = statusCountKey(table, status);
        const old = Number(this.#tables.get<Row>('market_params', key)?.value ?? 0);
        this.#param(key, String(old + delta));
      }
    this.#statusCounts.clear();
  }

  /** Forgets unflushed work (the transaction it belonged to was rolled back). */
  discard(): void {
    this.#totals = null;
    this.#buckets.clear();
    this.#lastBucketed = null;
    this.#statusCounts.clear();
  }

  /** Counts a row of `table` moving from its old status (none: a new row) to `status`. */
  #moved(table: CountedTable, old: Row | undefined, status: string): void {
    const from = old?.status as string | undefined;
    if (from === status) return;
    let deltas = this.#statusCounts.get(table);
    if (!deltas) {
      deltas = new Map();
      this.#statusCounts.set(table, deltas);
    }
    if (from !== undefined) deltas.set(from, (deltas.get(from) ?? 0) - 1);
    deltas.set(status, (deltas.get(status) ?? 0) + 1);
  }

  #seedBlockCache: number | null = null;
  /** The block the parameters and Safe owners were read at; their events up to it are already counted. */
  #seedBlock(): number {
    this.#seedBlockCache ??= Number(this.#tables.get<Row>('market_params', 'seed_block')?.value ?? -1);
    return this.#seedBlockCache;
  }

  #loadTotals(): Record<TotalKey, bigint> {
    if (!this.#totals) {
      const totals = {} as Record<TotalKey, bigint>;
      for (const key of TOTAL_KEYS) {
        totals[key] = BigInt((this.#tables.get<Row>('market_params', key)?.value as string) ?? '0');
      }
      this.#totals = totals;
    }
    return this.#totals;
  }

  #param(key: string, value: string): void {
    this.#tables.put('market_params', { key, value });
  }

  #addToProsumer(address: string, add: Partial<Record<string, bigint>>): void {
    const row = this.#tables.get<Row>('prosumers', address);
    if (!row) return;
    const next: Row = { ...row };
    for (const [k, v] of Object.entries(add)) next[k] = Number(BigInt(row[k] as number) + (v as bigint));
    this.#tables.put('prosumers', next);
  }

  #addToDaily(address: string, day: number, energyWh: bigint, value: bigint, side: 'sold' | 'bought'): void {
    const old = this.#tables.get<Row>('prosumer_daily', address, day);
    const sold = side === 'sold';
    this.#tables.put('prosumer_daily', {
      address,
      day,
      trades: Number(old?.trades ?? 0) + 1,
      energy_sold_wh: Number(old?.energy_sold_wh ?? 0) + (sold ? Number(energyWh) : 0),
      energy_bought_wh: Number(old?.energy_bought_wh ?? 0) + (sold ? 0 : Number(energyWh)),
      value_sold: sold ? (BigInt(old?.value_sold ?? 0) + value).toString() : (old?.value_sold ?? '0'),
      value_bought: sold ? (old?.value_bought ?? '0') : (BigInt(old?.value_bought ?? 0) + value).toString(),
    });
  }

  /** The deltas of the last timestamp bucketed (the events of a block share it). */
  #lastBucketed: { timestamp: number; deltas: BucketDelta[] } | null = null;

  #bucket(timestamp: number, update: (delta: BucketDelta) => void): void {
    if (this.#lastBucketed?.timestamp !== timestamp) {
      this.#lastBucketed = { timestamp, deltas: ROLLUP_BUCKETS.map((b) => this.#delta(timestamp, b)) };
    }
    for (const delta of this.#lastBucketed.deltas) update(delta);
  }

  #delta(timestamp: number, bucketSeconds: number): BucketDelta {
    const t = timestamp - (timestamp % bucketSeconds);
    const id = `${bucketSeconds}:${t}`;
    let delta = this.#buckets.get(id);
    if (!delta) {
      delta = {
        bucketSeconds,
        t,
        energyWh: 0n,
        valueWei: 0n,
        trades: 0,
        newProsumers: 0,
        escrowLocked: null,
        openDisputes: null,
      };
      this.#buckets.set(id, delta);
    }
    return delta;
  }
}
