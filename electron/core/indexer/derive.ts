import { AbiCoder } from 'ethers';
import { amountToHex, hexToAmount } from '../store';
import { arg, type DecodedEvent } from './decode';
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

/** A hash, address or amount argument as the working form has it (hex of the stored bytes). */
const hexArg = (e: DecodedEvent, name: string): string => arg(e, name) as string;
/** An amount argument's value. */
const amountArg = (e: DecodedEvent, name: string): bigint => hexToAmount(hexArg(e, name));
/** An INTEGER argument, or an amount that a number holds (timestamps, durations, energy). */
function numberArg(e: DecodedEvent, name: string): number {
  const value = arg(e, name);
  // An ordered amount of up to 6 bytes: its digits after the length byte, read as a double.
  if (typeof value === 'string')
    return value.length <= 14 ? Number.parseInt(value.slice(2), 16) || 0 : Number(hexToAmount(value));
  return Number(value);
}
const ZERO = amountToHex(0n);
/** An amount of a row (working form; none counts as zero) plus `value`. */
const plus = (amount: string | number | bigint | null | undefined, value: bigint): string =>
  amountToHex(hexToAmount((amount as string | undefined) ?? ZERO) + value);
/** An amount as `market_params` keeps it (decimal text). */
const paramAmount = (e: DecodedEvent, name: string): string => amountArg(e, name).toString();

/**
 * Turns events (in chain order) into the derived tables: prosumers, offers, trades, disputes, Safe
 * owners/threshold/nonce, market parameters, running totals and the rollups. Totals and rollup
 * deltas are kept in memory and written by `flush()` at the end of each transaction. Rows are in the
 * working form (stored-values.ts): hashes, addresses and amounts as the hex of their stored bytes.
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
    if (SEEDED_EVENTS.has(e.spec.name) && e.blockNumber <= this.#seedBlock()) return;
    switch (e.spec.name) {
      case 'ProsumerApplied': {
        const old = this.#tables.get<Row>('prosumers', hexArg(e, 'prosumer'));
        this.#moved('prosumers', old, 'pending');
        this.#tables.put('prosumers', {
          address: hexArg(e, 'prosumer'),
          status: 'pending',
          meter_id: hexArg(e, 'meter_id'),
          kyc_hash: hexArg(e, 'kyc_hash'),
          fee_wei: hexArg(e, 'fee_wei'),
          applied_at: e.timestamp,
          applied_block: e.blockNumber,
          applied_tx: e.txHash.slice(2),
          updated_at: e.timestamp,
          reason: null,
          applications: Number(old?.applications ?? 0) + 1,
          rejections: Number(old?.rejections ?? 0),
          trades: Number(old?.trades ?? 0),
          energy_sold_wh: Number(old?.energy_sold_wh ?? 0),
          energy_bought_wh: Number(old?.energy_bought_wh ?? 0),
          energy_minted_wh: Number(old?.energy_minted_wh ?? 0),
          application_hash: hexArg(e, 'application_hash'),
        });
        return;
      }
      case 'ProsumerAdmitted':
      case 'ProsumerRejected':
      case 'ProsumerSuspended':
      case 'ProsumerReinstated':
      case 'ProsumerRemoved': {
        const old = this.#tables.get<Row>('prosumers', hexArg(e, 'prosumer'));
        if (!old) return;
        const status = STATUS_BY_EVENT[e.spec.name];
        this.#moved('prosumers', old, status);
        this.#tables.put('prosumers', {
          ...old,
          status,
          updated_at: e.timestamp,
          reason: (arg(e, 'reason') as string | undefined) ?? null,
          rejections: Number(old.rejections) + (e.spec.name === 'ProsumerRejected' ? 1 : 0),
        });
        if (e.spec.name === 'ProsumerAdmitted') this.#bucket(e.timestamp, (b) => b.newProsumers++);
        return;
      }
      case 'EnergyMinted':
        this.#addToProsumer(hexArg(e, 'to_address'), { energy_minted_wh: amountArg(e, 'energy_wh') });
        return;
      case 'OfferListed':
        this.#moved('offers', undefined, 'open');
        this.#tables.put('offers', {
          offer_id: numberArg(e, 'offer_id'),
          seller: hexArg(e, 'seller'),
          status: 'open',
          energy_wh: numberArg(e, 'energy_wh'),
          energy_wh_remaining: numberArg(e, 'energy_wh'),
          price_per_kwh: hexArg(e, 'price_per_kwh'),
          expires_at: numberArg(e, 'expires_at'),
          listed_at: e.timestamp,
          closed_at: null,
          trades: 0,
          block_number: e.blockNumber,
          log_index: e.logIndex,
          fee_bps: numberArg(e, 'fee_bps'),
          dispute_window_seconds: numberArg(e, 'dispute_window_seconds'),
        });
        return;
      case 'OfferCancelled':
      case 'OfferExpired': {
        const offer = this.#tables.get<Row>('offers', numberArg(e, 'offer_id'));
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
        const energyWh = amountArg(e, 'energy_wh');
        const payment = amountArg(e, 'payment_amount');
        const offer = this.#tables.get<Row>('offers', numberArg(e, 'offer_id'));
        let price = amountToHex(energyWh > 0n ? (payment * 1000n) / energyWh : 0n);
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
          trade_id: numberArg(e, 'trade_id'),
          offer_id: numberArg(e, 'offer_id'),
          seller: hexArg(e, 'seller'),
          buyer: hexArg(e, 'buyer'),
          status: 'open',
          energy_wh: Number(energyWh),
          payment_amount: hexArg(e, 'payment_amount'),
          price_per_kwh: price,
          fee_bps: numberArg(e, 'fee_bps'),
          dispute_deadline: numberArg(e, 'dispute_deadline'),
          opened_at: e.timestamp,
          closed_at: null,
          seller_proceeds: null,
          fee_amount: null,
          buyer_refund: null,
          confirmed_by_buyer: null,
          block_number: e.blockNumber,
          log_index: e.logIndex,
        });
        this.#addToProsumer(hexArg(e, 'seller'), { trades: 1n, energy_sold_wh: energyWh });
        this.#addToProsumer(hexArg(e, 'buyer'), { trades: 1n, energy_bought_wh: energyWh });
        const day = e.timestamp - (e.timestamp % 86_400);
        this.#addToDaily(hexArg(e, 'seller'), day, energyWh, payment, 'sold');
        this.#addToDaily(hexArg(e, 'buyer'), day, energyWh, payment, 'bought');
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
        const trade = this.#tables.get<Row>('trades', numberArg(e, 'trade_id'));
        if (!trade) return;
        const resolved = e.spec.name === 'DisputeResolved';
        this.#moved('trades', trade, resolved ? 'resolved' : 'settled');
        this.#tables.put('trades', {
          ...trade,
          status: resolved ? 'resolved' : 'settled',
          closed_at: e.timestamp,
          seller_proceeds: hexArg(e, 'seller_proceeds'),
          fee_amount: hexArg(e, 'fee_amount'),
          buyer_refund: resolved ? hexArg(e, 'buyer_refund') : ZERO,
          confirmed_by_buyer: resolved ? null : numberArg(e, 'confirmed_by_buyer'),
        });
        const totals = this.#loadTotals();
        totals.escrow_locked -= hexToAmount(trade.payment_amount as string);
        if (resolved) {
          const dispute = this.#tables.get<Row>('disputes', numberArg(e, 'trade_id'));
          if (dispute?.status === 'open') totals.open_disputes -= 1n;
          if (dispute) this.#moved('disputes', dispute, 'resolved');
          if (dispute)
            this.#tables.put('disputes', {
              ...dispute,
              status: 'resolved',
              resolved_at: e.timestamp,
              seller_share_bps: numberArg(e, 'seller_share_bps'),
            });
        }
        this.#bucket(e.timestamp, (b) => {
          b.escrowLocked = totals.escrow_locked;
          b.openDisputes = Number(totals.open_disputes);
        });
        return;
      }
      case 'DisputeOpened': {
        const trade = this.#tables.get<Row>('trades', numberArg(e, 'trade_id'));
        if (trade) {
          this.#moved('trades', trade, 'disputed');
          this.#tables.put('trades', { ...trade, status: 'disputed' });
        }
        this.#moved('disputes', undefined, 'open');
        this.#tables.put('disputes', {
          trade_id: numberArg(e, 'trade_id'),
          status: 'open',
          opened_by: hexArg(e, 'opened_by'),
          opened_at: e.timestamp,
          resolved_at: null,
          seller_share_bps: null,
          block_number: e.blockNumber,
          bond: hexArg(e, 'bond'),
          arbitration_deadline: numberArg(e, 'arbitration_deadline'),
          ending: null,
          bond_to_seller: null,
          bond_to_buyer: null,
        });
        const totals = this.#loadTotals();
        totals.open_disputes += 1n;
        // The bond is escrowed with the payment until the dispute ends.
        totals.escrow_locked += amountArg(e, 'bond');
        this.#bucket(e.timestamp, (b) => {
          b.openDisputes = Number(totals.open_disputes);
          b.escrowLocked = totals.escrow_locked;
        });
        return;
      }
      case 'DisputeEnded': {
        const dispute = this.#tables.get<Row>('disputes', numberArg(e, 'trade_id'));
        const bondToSeller = amountArg(e, 'bond_to_seller');
        const bondToBuyer = amountArg(e, 'bond_to_buyer');
        if (dispute) {
          this.#tables.put('disputes', {
            ...dispute,
            ending: DISPUTE_ENDINGS[numberArg(e, 'how')] ?? null,
            bond_to_seller: hexArg(e, 'bond_to_seller'),
            bond_to_buyer: hexArg(e, 'bond_to_buyer'),
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
        this.#param('dispute_bond', paramAmount(e, 'new_bond'));
        return;
      case 'ArbitrationPeriodChanged':
        this.#param('arbitration_period_seconds', paramAmount(e, 'new_seconds'));
        return;
      case 'MarketFeeChanged':
        this.#param('fee_bps', String(numberArg(e, 'new_fee_bps')));
        return;
      case 'DisputeWindowChanged':
        this.#param('dispute_window_seconds', paramAmount(e, 'new_seconds'));
        return;
      case 'RegistrationFeeChanged':
        this.#param('registration_fee_wei', paramAmount(e, 'new_fee_wei'));
        return;
      case 'Paused':
      case 'Unpaused':
        this.#param('paused', e.spec.name === 'Paused' ? '1' : '0');
        return;
      case 'SafeSetup': {
        const owners = JSON.parse(arg(e, 'owners') as string) as string[];
        owners.forEach((owner, i) => {
          this.#tables.put('safe_owners', {
            address: owner.slice(2),
            added_block: e.blockNumber,
            added_log_index: e.logIndex * 1000 + i,
          });
        });
        this.#param('safe_threshold', paramAmount(e, 'threshold'));
        return;
      }
      case 'AddedOwner':
        this.#tables.put('safe_owners', {
          address: hexArg(e, 'owner'),
          added_block: e.blockNumber,
          added_log_index: e.logIndex * 1000,
        });
        return;
      case 'RemovedOwner':
        this.#tables.delete('safe_owners', hexArg(e, 'owner'));
        return;
      case 'ChangedThreshold':
        this.#param('safe_threshold', paramAmount(e, 'threshold'));
        return;
      case 'SafeMultiSigTransaction': {
        const [nonce] = coder.decode(['uint256', 'address', 'uint256'], arg(e, 'additional_info') as string);
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
      value_sold: sold ? plus(old?.value_sold, value) : (old?.value_sold ?? ZERO),
      value_bought: sold ? (old?.value_bought ?? ZERO) : plus(old?.value_bought, value),
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
