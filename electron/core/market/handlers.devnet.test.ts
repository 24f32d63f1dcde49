import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayText } from '../api/contract/display-text';
import { EventBus } from '../api/event-bus';
import type { Devnet } from '../devnet';
import type { MarketConcern } from '../indexer/concern';
import { EVENT_CATALOG } from '../indexer/event-catalog';
import { callerOf, type IndexedDevnet, startIndexedDevnet } from '../indexer/testing/indexed-devnet';
import { devnetSetup } from '../safe/testing/devnet-setup';
import { decodeSafeTx } from '../safe/verify/decode';
import { createMarketHandlers } from './handlers';

type Handlers = ReturnType<typeof createMarketHandlers>;

let devnet: Devnet;
let concern: MarketConcern;
let indexed: IndexedDevnet;
let handlers: Handlers;
const events = new EventBus();
const progress: number[] = [];

const call = callerOf(() => handlers);

/** True when the transaction `txHash` emitted `event` with `id` as its first indexed argument. */
async function emitted(
  txHash: string | null,
  event: 'TradeOpened' | 'OfferListed',
  id: string,
): Promise<boolean> {
  if (txHash === null) return false;
  const topic0 = EVENT_CATALOG.find((s) => s.name === event)?.topic0;
  const receipt = await devnet.provider.getTransactionReceipt(txHash);
  return !!receipt?.logs.some((l) => l.topics[0] === topic0 && BigInt(l.topics[1] as string) === BigInt(id));
}

beforeAll(async () => {
  events.subscribe((name, payload) => {
    if (name === 'indexer/progress') progress.push((payload as { done: number }).done);
  });
  indexed = await startIndexedDevnet({ events });
  ({ devnet, concern } = indexed);
  const setup = devnetSetup(devnet);
  handlers = createMarketHandlers({ market: () => concern, titleOf: (tx) => decodeSafeTx(tx, setup).title });
});
afterAll(() => indexed?.close());

describe('market/* channels on the seeded training network', () => {
  it('summarises the seeded market as the seeding reports it, with the indexer live', async () => {
    const seeded = devnet.seeded;
    if (!seeded) throw new Error('full seed expected');
    const summary = await call('market/summary', {});
    const trades = Object.values(seeded.trades).reduce((a, b) => a + b, 0);
    expect(summary.allTime.trades).toBe(trades);
    expect(summary.openTrades).toBe(seeded.trades.open);
    expect(summary.openDisputes).toBe(seeded.trades.disputed);
    expect(summary.prosumers.admitted + summary.prosumers.pending).toBe(
      seeded.prosumers + seeded.applications,
    );
    expect(summary.indexer.phase).toBe('live');
    expect(summary.indexer.lagBlocks).toBe(0);
    expect(summary.feeBps).toBe(100);
    expect(BigInt(summary.escrowLocked)).toBeGreaterThan(0n);
    expect(progress.length).toBeGreaterThan(0);
    expect((await call('indexer/status', {})).indexedBlock).toBe(summary.indexer.indexedBlock);
  });

  it('answers every series within its point budget, adding up to the totals', async () => {
    const summary = await call('market/summary', {});
    for (const metric of [
      'energyWh',
      'valueWei',
      'vwapPerKWh',
      'trades',
      'escrowLocked',
      'openDisputes',
      'newProsumers',
    ] as const) {
      const series = await call('market/series', { metric, maxPoints: 50 });
      expect(series.points.length).toBeLessThanOrEqual(50);
      expect(series.points.length).toBeGreaterThan(0);
    }
    const energy = await call('market/series', { metric: 'energyWh', maxPoints: 2000 });
    expect(energy.points.reduce((s, p) => s + BigInt(p.v), 0n)).toBe(BigInt(summary.allTime.energyWh));
    const escrow = await call('market/series', { metric: 'escrowLocked', maxPoints: 2000 });
    expect(escrow.points.at(-1)?.v).toBe(summary.escrowLocked);
  });

  it('pages, filters and sorts trades, and exports the same rows as CSV', async () => {
    const all = await call('market/trades', { limit: 1000 });
    const summary = await call('market/summary', {});
    expect(all.total).toBe(summary.allTime.trades);
    const bySize = await call('market/trades', { sortBy: 'energyWh', sortDir: 'asc', limit: 1000 });
    const sizes = bySize.rows.map((r) => Number(r.energyWh));
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const open = await call('market/trades', { status: ['open'], limit: 5, offset: 0 });
    expect(open.total).toBe(summary.openTrades);
    expect(open.rows.every((r) => r.status === 'open')).toBe(true);
    const someone = all.rows[0]?.seller as string;
    const theirs = await call('market/trades', { prosumer: someone, limit: 1000 });
    expect(theirs.rows.every((r) => r.seller === someone || r.buyer === someone)).toBe(true);
    const csv = await call('market/trades-csv', {});
    expect(csv.rows).toBe(all.total);
    expect(csv.content.split('\n')[0]).toMatch(/^tradeId,offerId,status,seller,buyer,energyWh/);
    const one = await call('market/trade', { tradeId: all.rows[0]?.tradeId as string });
    expect(one).toEqual(all.rows[0]);
    // A trade's transaction hash is read from its TradeOpened row (migration 0014): the chain agrees.
    for (const trade of [all.rows[0], all.rows.at(-1)])
      expect(await emitted(trade?.txHash ?? null, 'TradeOpened', trade?.tradeId as string)).toBe(true);
    const firstLine = csv.content.split('\n').find((line) => line.startsWith(`${all.rows[0]?.tradeId},`));
    expect(firstLine?.endsWith(`,${all.rows[0]?.txHash}`)).toBe(true);
    await expect(call('market/trade', { tradeId: '999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows disputes with their timeline and evidence, applications waiting, offers and the Safe', async () => {
    const disputes = await call('market/disputes', {});
    expect(disputes.total).toBe(
      (devnet.seeded?.trades.disputed ?? 0) + (devnet.seeded?.trades.resolved ?? 0),
    );
    expect(disputes.total).toBeGreaterThan(0);
    for (const d of disputes.rows) {
      expect(d.timeline[0]?.kind).toBe('TradeOpened');
      expect(d.timeline[1]?.kind).toBe('DisputeOpened');
      expect(d.evidenceHashes.length).toBeGreaterThan(0);
      expect(['disputed', 'resolved']).toContain(d.trade.status);
      if (d.status === 'resolved') {
        expect(d.timeline.slice(-2).map((e) => e.kind)).toEqual(['DisputeResolved', 'DisputeEnded']);
        expect(d.ending).not.toBeNull();
      }
    }
    const resolved = await call('market/disputes', { status: 'resolved' });
    const decided = resolved.rows.filter((d) => d.ending === 'decided');
    expect(decided.map((d) => d.sellerShareBps).sort()).toEqual([3000, 6000]);
    // One ended by its default outcome after the deadline: the trade as traded, the bond to the seller.
    const defaulted = resolved.rows.filter((d) => d.ending === 'defaulted');
    expect(defaulted.map((d) => d.sellerShareBps)).toEqual([10_000]);
    expect(defaulted[0]?.bondToSeller).toBe(defaulted[0]?.bond);
    // Of the open ones, one is past its deadline (anyone may apply the default), one is ten minutes
    // from it and one fresh, with most of the hour's arbitration period ahead, by the chain's clock.
    const open = await call('market/disputes', { status: 'open' });
    const chainNow = Number((await devnet.provider.getBlock('latest'))?.timestamp);
    expect(open.rows.filter((d) => d.arbitrationClosed)).toHaveLength(1);
    const [near, fresh] = open.rows
      .filter((d) => !d.arbitrationClosed)
      .sort((a, b) => a.arbitrationDeadline - b.arbitrationDeadline);
    expect(near!.arbitrationDeadline - chainNow).toBeGreaterThan(0);
    expect(near!.arbitrationDeadline - chainNow).toBeLessThanOrEqual(15 * 60);
    expect(fresh!.arbitrationDeadline - chainNow).toBeGreaterThan(45 * 60);
    expect(near!.defaultOutcome).toMatch(/ends as traded/);

    const waiting = await call('market/applications', {});
    const summary = await call('market/summary', {});
    expect(waiting.total).toBe(summary.prosumers.pending);
    expect(waiting.total).toBeGreaterThan(0);
    const pending = await call('market/prosumers', { status: 'pending' });
    expect(pending.rows.map((p) => p.address).sort()).toEqual(waiting.rows.map((a) => a.address).sort());

    const offers = await call('market/offers', { limit: 1000 });
    expect(offers.total).toBe(devnet.seeded?.offersListed);
    for (const offer of [offers.rows[0], offers.rows.at(-1)])
      expect(await emitted(offer?.txHash ?? null, 'OfferListed', offer?.offerId as string)).toBe(true);

    const safe = await call('market/safe-state', {});
    expect(new Set(safe.owners)).toEqual(new Set(devnet.owners.map((o) => o.address)));
    expect(safe.threshold).toBe(2);
    // nonce() of the Safe, read from the chain.
    expect(safe.nonce).toBe(
      String(BigInt(await devnet.provider.call({ to: devnet.safe.address, data: '0xaffed0e0' }))),
    );
    // Every execution the seeding made through the Safe, newest first, named by what it decided.
    expect(safe.executions.map((e) => e.nonce)).toEqual(
      Array.from({ length: Number(safe.nonce) }, (_, i) => String(Number(safe.nonce) - 1 - i)),
    );
    expect(
      safe.executions.every((e) => e.success && devnet.owners.some((o) => o.address === e.executor)),
    ).toBe(true);
    expect(safe.executions.map((e) => e.title)).toContain(`Admit ${devnet.seeded?.prosumers} prosumers`);
    // The Safe's first transaction installed the deployment's guard: named as such in the history, not "unknown".
    const first = safe.executions.find((e) => e.nonce === '0');
    expect(displayText(first?.title ?? '')).toBe(
      `Set transaction guard to ConsortiumGuard ${devnet.guard.slice(0, 6)}…${devnet.guard.slice(-4)} (the deployment record's)`,
    );
    expect(safe.executions.filter((e) => e.title?.includes('unknown'))).toEqual([]);
  });
});
