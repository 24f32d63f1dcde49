import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Contract, JsonRpcSigner } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketUpdated } from '../api/contract/market';
import { EventBus } from '../api/event-bus';
import { RpcClient } from '../chain/rpc-client';
import { marketSeries, marketSummary, marketTrades, safeState } from '../market/queries';
import { silentLogger } from '../ports/logger';
import { openStore } from '../store';
import { storeDigest } from './digest';
import type { Checkpoint } from './index-store';
import { MarketIndexer, type MarketIndexerOptions, STORED_MESSAGE } from './market-indexer';
import { textRow } from './stored-values';
import { startFaultyProxy } from './testing/faulty-rpc-proxy';
import { type MarketChain, runScenario, startMarketChain } from './testing/market-chain';
import { startNewHeadsSocket } from './testing/new-heads-socket';
import { waitFor } from './testing/wait-for';

let chain: MarketChain;
let dir: string;
let stores = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gk-indexer-'));
  chain = await startMarketChain();
  await runScenario(chain, { prosumers: 8, offers: 10, trades: 24 }, 1);
});
afterAll(async () => {
  await chain?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function indexer(options: Partial<MarketIndexerOptions> & { urls?: string[]; timeoutMs?: number } = {}) {
  const db = openStore(join(dir, `store-${stores++}.sqlite`));
  const rpc = new RpcClient({
    urls: options.urls ?? [chain.rpcUrl],
    log: silentLogger,
    timeoutMs: options.timeoutMs,
    baseBackoffMs: 10,
    maxBackoffMs: 200,
  });
  const idx = new MarketIndexer({
    db,
    rpc,
    chainId: chain.chainId,
    contracts: chain.contracts,
    deploymentBlock: chain.deploymentBlock,
    log: silentLogger,
    confirmations: 5,
    ...options,
  });
  return { db, rpc, idx };
}

async function cleanDigest(): Promise<{ digest: string; db: Database }> {
  const { db, idx } = indexer();
  await idx.syncTo(await chain.blockNumber());
  return { digest: storeDigest(db), db };
}

const TRADE_STATUS = ['none', 'open', 'disputed', 'settled', 'resolved'];
const PROSUMER_STATUS = ['none', 'pending', 'admitted', 'rejected', 'suspended', 'removed'];
const as = (c: Contract, i: number) => c.connect(chain.signers[i] as JsonRpcSigner) as Contract;

/** Lists a fresh offer by member 4 and returns a function buying from it as member 5. */
async function openOffer(): Promise<(energyWh: bigint) => Promise<void>> {
  const latest = await chain.provider.getBlock('latest');
  await (
    await as(chain.market, 4).getFunction('listOffer')(
      50_000n,
      2n * 10n ** 14n,
      (latest?.timestamp ?? 0) + 86_400,
    )
  ).wait();
  const offerId = (await chain.market.getFunction('lastOfferId')()) as bigint;
  return async (energyWh) => {
    const quote = (await chain.market.getFunction('quote')(offerId, energyWh)) as bigint;
    await (await as(chain.market, 5).getFunction('buy')(offerId, energyWh, { value: quote })).wait();
  };
}

describe('market indexer on a real chain', () => {
  it('derives trades, prosumers, offers, disputes, the Safe and the totals exactly as the contracts hold them', async () => {
    const { db } = await cleanDigest();
    const trades = db.prepare('SELECT * FROM trades ORDER BY trade_id').all().map(textRow) as {
      trade_id: number;
      status: string;
      energy_wh: number;
      payment_amount: string;
      buyer: string;
    }[];
    expect(trades.length).toBe(Number(await chain.market.getFunction('lastTradeId')()));
    let escrow = 0n;
    for (const t of trades) {
      const onChain = (await chain.market.getFunction('tradeOf')(t.trade_id)) as Record<
        string,
        bigint | string
      >;
      expect(t.status).toBe(TRADE_STATUS[Number(onChain.status)]);
      expect(BigInt(t.energy_wh)).toBe(onChain.energyWh);
      expect(t.payment_amount).toBe(String(onChain.paymentAmount));
      expect(t.buyer).toBe(String(onChain.buyer).toLowerCase());
      if (t.status === 'open' || t.status === 'disputed') escrow += BigInt(t.payment_amount);
    }
    const offers = db.prepare('SELECT * FROM offers').all().map(textRow) as {
      offer_id: number;
      status: string;
      energy_wh_remaining: number;
    }[];
    expect(offers.length).toBe(Number(await chain.market.getFunction('lastOfferId')()));
    for (const o of offers) {
      const onChain = (await chain.market.getFunction('offerOf')(o.offer_id)) as Record<
        string,
        bigint | boolean
      >;
      expect(BigInt(o.energy_wh_remaining)).toBe(onChain.open ? onChain.remainingWh : 0n);
      expect(o.status === 'open').toBe(onChain.open);
    }
    const prosumers = db.prepare('SELECT * FROM prosumers').all().map(textRow) as {
      address: string;
      status: string;
    }[];
    expect(prosumers.length).toBe(8);
    for (const p of prosumers) {
      const onChain = (await chain.registry.getFunction('prosumerOf')(p.address)) as Record<string, bigint>;
      expect(p.status).toBe(PROSUMER_STATUS[Number(onChain.status)]);
    }
    const summary = marketSummary(db, {} as never);
    expect(summary.escrowLocked).toBe(escrow.toString());
    expect(summary.feeBps).toBe(Number(await chain.market.getFunction('marketFeeBps')()));
    expect(summary.prosumers).toEqual({ pending: 0, admitted: 7, rejected: 1, suspended: 0, removed: 0 });
    expect(summary.allTime.trades).toBe(trades.length);
    expect(summary.openDisputes).toBe(trades.filter((t) => t.status === 'disputed').length);

    const safe = safeState(db, chain.contracts.safe as string);
    expect(new Set(safe.owners)).toEqual(new Set((await chain.safe.getFunction('getOwners')()) as string[]));
    expect(safe.threshold).toBe(Number(await chain.safe.getFunction('getThreshold')()));
    expect(safe.nonce).toBe(String(await chain.safe.getFunction('nonce')()));
    expect(safe.executions.length).toBeGreaterThan(10);

    // Every rollup adds up to the totals, and a series never exceeds its point budget.
    for (const bucket of [60, 3600, 86400]) {
      const sum = db
        .prepare('SELECT SUM(energy_wh) AS e, SUM(trades) AS n FROM market_rollups WHERE bucket_seconds = ?')
        .get(bucket) as { e: number; n: number };
      expect(String(sum.e)).toBe(summary.allTime.energyWh);
      expect(sum.n).toBe(trades.length);
    }
    const series = marketSeries(db, { metric: 'energyWh', maxPoints: 100 });
    expect(series.points.length).toBeLessThanOrEqual(100);
    expect(series.points.reduce((s, p) => s + BigInt(p.v), 0n)).toBe(BigInt(summary.allTime.energyWh));
    const page = marketTrades(db, { sortBy: 'paymentAmount', sortDir: 'desc', offset: 0, limit: 5 });
    expect(page.total).toBe(trades.length);
    expect(page.rows.map((r) => BigInt(r.paymentAmount))).toEqual(
      trades
        .map((t) => BigInt(t.payment_amount))
        .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
        .slice(0, 5),
    );
  });

  it('prunes event rows and closed trades behind the retention window, keeping rollups and daily aggregates', async () => {
    const target = await chain.blockNumber();
    const { db: full } = await cleanDigest();
    const { db, idx } = indexer({ retentionDays: 0 });
    await idx.syncTo(target);
    const all = (d: Database, sql: string) => d.prepare(sql).all();
    const count = (d: Database, sql: string) => (d.prepare(sql).get() as { n: number }).n;
    // Everything but the newest block's time lies behind a zero-day window; non-final blocks stay.
    const cp = idx.store.checkpoint() as Checkpoint;
    expect(count(full, 'SELECT COUNT(*) AS n FROM trade_opened')).toBeGreaterThan(0);
    expect(
      count(
        db,
        `SELECT COUNT(*) AS n FROM trade_opened WHERE timestamp < ${cp.indexedTimestamp} AND block_number <= ${cp.finalizedBlock}`,
      ),
    ).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM trades WHERE status IN ('open', 'disputed')")).toBe(
      count(full, "SELECT COUNT(*) AS n FROM trades WHERE status IN ('open', 'disputed')"),
    );
    expect(count(db, 'SELECT COUNT(*) AS n FROM trades')).toBeLessThan(
      count(full, 'SELECT COUNT(*) AS n FROM trades'),
    );
    // The horizon it recorded: every row below its block is gone, every row from it on is kept.
    const horizon = idx.store.prunedHorizon() as { block: number; time: number };
    expect(horizon.time).toBeLessThanOrEqual(cp.indexedTimestamp as number);
    expect(horizon.block).toBeLessThanOrEqual(cp.finalizedBlock + 1);
    const rows = (d: Database, where: string) =>
      count(d, `SELECT COUNT(*) AS n FROM trade_opened WHERE ${where}`);
    expect(rows(db, `block_number < ${horizon.block}`)).toBe(0);
    expect(rows(db, `block_number >= ${horizon.block}`)).toBe(rows(full, `block_number >= ${horizon.block}`));
    expect(rows(full, `block_number < ${horizon.block}`)).toBeGreaterThan(0);
    for (const kept of [
      'SELECT * FROM market_rollups ORDER BY bucket_seconds, t',
      'SELECT * FROM prosumer_daily ORDER BY address, day',
      'SELECT * FROM prosumers ORDER BY address',
      // The counts per status and the prune marks follow what is stored; the rest stays.
      "SELECT * FROM market_params WHERE key <> 'seed_block' AND key NOT LIKE 'count:%' AND key NOT IN ('trades_pruned_below', 'pruned_below_block', 'pruned_before_time') ORDER BY key",
    ])
      expect(all(db, kept)).toEqual(all(full, kept));
    for (const d of [db, full]) {
      for (const table of ['trades', 'offers', 'disputes', 'prosumers'])
        for (const { status, n } of all(d, `SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`) as {
          status: string;
          n: number;
        }[])
          expect(
            Number(
              (
                d
                  .prepare('SELECT value FROM market_params WHERE key = ?')
                  .get(`count:${table}:${status}`) as { value: string }
              ).value,
            ),
            `${table} ${status}`,
          ).toBe(n);
      // A date window's count (by trade ids) is the rows there, gaps of retention included.
      const { lo, hi } = d.prepare('SELECT MIN(opened_at) AS lo, MAX(opened_at) AS hi FROM trades').get() as {
        lo: number;
        hi: number;
      };
      for (const [from, to] of [
        [lo, hi],
        [lo + 1, hi - 1],
        [0, lo],
      ] as const)
        expect(
          marketTrades(d, { sortBy: 'tradeId', sortDir: 'desc', from, to, offset: 0, limit: 5 }).total,
        ).toBe(
          count(d, `SELECT COUNT(*) AS n FROM trades WHERE opened_at >= ${from} AND opened_at <= ${to}`),
        );
    }
    expect(count(full, 'SELECT COUNT(*) AS n FROM prosumer_daily')).toBeGreaterThan(0);
    db.close();
    full.close();
  });

  it('ends in the same digest as a clean run behind a proxy failing 20% of calls and refusing wide ranges', async () => {
    const clean = await cleanDigest();
    const proxy = await startFaultyProxy({
      upstream: chain.rpcUrl,
      failureRate: 0.2,
      maxLogRange: 8,
      timeoutMs: 400,
      seed: 3,
    });
    try {
      // A dead URL first: the client falls back to the proxy.
      // A deep confirmation window sends the last 60 blocks through the block-by-block path too.
      const { db, idx, rpc } = indexer({
        urls: ['http://127.0.0.1:9', proxy.url],
        timeoutMs: 250,
        initialRange: 64,
        concurrency: 4,
        confirmations: 60,
      });
      await idx.syncTo(await chain.blockNumber());
      expect(storeDigest(db)).toBe(clean.digest);
      const faults = Object.values(proxy.stats.faults).reduce((a, b) => a + b, 0);
      expect(faults).toBeGreaterThan(proxy.stats.requests * 0.1);
      for (const count of Object.values(proxy.stats.faults)) expect(count).toBeGreaterThan(0);
      expect(proxy.stats.rangeRefusals).toBeGreaterThan(0);
      expect(rpc.failures).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('shows a new trade in the store and as a push event within a second', async () => {
    const events = new EventBus();
    // The debug line bench:live times "block to stored" with.
    const stored: Array<{ toBlock: number; storedAt: number }> = [];
    const log = {
      ...silentLogger,
      debug: (message: string, fields?: Record<string, unknown>) => {
        if (message === STORED_MESSAGE) stored.push(fields as { toBlock: number; storedAt: number });
      },
    };
    const { db, idx } = indexer({ events, pollIntervalMs: 100, log });
    const buy = await openOffer();
    idx.start();
    try {
      await waitFor(() => idx.status().phase === 'live' && idx.status().lagBlocks === 0, 20_000);
      const before = (db.prepare('SELECT COUNT(*) AS n FROM trades').get() as { n: number }).n;
      const seen = new Promise<MarketUpdated>((resolve) =>
        events.subscribe((name, payload) => {
          if (name === 'market/updated' && (payload as MarketUpdated).events.TradeOpened)
            resolve(payload as MarketUpdated);
        }),
      );
      const sentAt = Date.now();
      await buy(1_000n);
      const update = await seen;
      const latency = Date.now() - sentAt;
      expect(latency).toBeLessThan(1_000);
      expect(update.indexedBlock).toBe(await chain.blockNumber());
      expect((db.prepare('SELECT COUNT(*) AS n FROM trades').get() as { n: number }).n).toBe(before + 1);
      const line = stored.find((s) => s.toBlock === update.indexedBlock);
      expect(line?.storedAt).toBeGreaterThanOrEqual(sentAt);
      expect(line?.storedAt).toBeLessThanOrEqual(Date.now());
    } finally {
      await idx.stop();
    }
  });

  it('follows new heads over a WebSocket subscription instead of waiting for the next poll', async () => {
    const socket = await startNewHeadsSocket(chain.eip);
    // Polling every 5 s: only the subscription can bring a new block in within a second.
    const { db, idx } = indexer({ wsUrl: socket.url, pollIntervalMs: 5_000 });
    const buy = await openOffer();
    idx.start();
    try {
      await waitFor(() => idx.status().headSource === 'websocket' && idx.status().lagBlocks === 0, 20_000);
      await new Promise((r) => setTimeout(r, 300));
      const before = (db.prepare('SELECT COUNT(*) AS n FROM trades').get() as { n: number }).n;
      await buy(1_000n);
      const sentAt = Date.now();
      await waitFor(
        () => (db.prepare('SELECT COUNT(*) AS n FROM trades').get() as { n: number }).n === before + 1,
        3_000,
      );
      expect(Date.now() - sentAt).toBeLessThan(1_000);
    } finally {
      await idx.stop();
      await socket.close();
    }
  });

  it('rolls back a replaced history to the fork point and ends equal to the new chain', async () => {
    const buy = await openOffer();
    const { db, idx } = indexer({ confirmations: 5 });
    const events = new EventBus();
    const fork = await chain.blockNumber();
    const snapshot = await chain.snapshot();
    await buy(1_111n);
    await buy(2_222n);
    await chain.mine(1);
    await idx.syncTo(await chain.blockNumber());
    const tradesBefore = db.prepare('SELECT energy_wh FROM trades ORDER BY trade_id DESC LIMIT 2').all();
    expect(tradesBefore).toEqual([{ energy_wh: 2222 }, { energy_wh: 1111 }]);

    // A different history of the same length and one block more, from the fork point.
    await chain.revert(snapshot);
    await chain.increaseTime(7);
    await buy(3_333n);
    await chain.mine(3);
    const rolledBack: number[] = [];
    const withEvents = new MarketIndexer({
      db,
      rpc: new RpcClient({ urls: [chain.rpcUrl], log: silentLogger }),
      chainId: chain.chainId,
      contracts: chain.contracts,
      deploymentBlock: chain.deploymentBlock,
      log: silentLogger,
      confirmations: 5,
      events,
    });
    events.subscribe((name, payload) => {
      if (name === 'market/updated' && (payload as MarketUpdated).rolledBackTo !== null)
        rolledBack.push((payload as MarketUpdated).rolledBackTo as number);
    });
    await withEvents.syncTo(await chain.blockNumber());
    expect(rolledBack).toEqual([fork]);
    expect(db.prepare('SELECT energy_wh FROM trades ORDER BY trade_id DESC LIMIT 1').all()).toEqual([
      { energy_wh: 3333 },
    ]);
    expect(storeDigest(db)).toBe((await cleanDigest()).digest);
  });
});
