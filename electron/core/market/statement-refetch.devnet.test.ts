import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefetchProgress, StatementView } from '../api/contract/statement';
import { EventBus } from '../api/event-bus';
import { RpcClient } from '../chain';
import type { Devnet } from '../devnet';
import { PrunedHistory, storeDigest } from '../indexer';
import type { MarketConcern } from '../indexer/concern';
import { callerOf, type IndexedDevnet, startIndexedDevnet } from '../indexer/testing/indexed-devnet';
import { silentLogger } from '../ports/logger';
import { createMarketHandlers } from './handlers';
import { statementOf } from './statement-history';

/**
 * Statements behind the retention horizon: the seeded market's statements are taken from the whole
 * store, the retention step prunes the older part of it, and the same statements asked again
 * re-fetch that part from the chain and come out identical (totals and lines), with progress events
 * from 0 to 100 %. Cancelling and a failing RPC keep nothing and change nothing; asking again works.
 */

const DAY = 86_400;
let devnet: Devnet;
let concern: MarketConcern;
let indexed: IndexedDevnet;
const events = new EventBus();
const progress: RefetchProgress[] = [];
events.subscribe((name, payload) => {
  if (name === 'market/refetch-progress') progress.push(payload as RefetchProgress);
});
const call = callerOf(() => createMarketHandlers({ market: () => concern }));

/** A statement without what says where its lines came from: the rest must equal the unpruned one. */
const comparable = (s: StatementView) => ({
  ...s,
  lines: s.lines.map(({ refetched: _, ...line }) => line),
  prunedBefore: null,
  refetched: null,
});

interface Window {
  from: number;
  to: number;
  prosumer?: string;
}
let windows: Window[] = [];
const before = new Map<Window, StatementView>();
let horizon: { block: number; time: number };

/** A JSON-RPC proxy to the devnet that answers eth_getLogs with 503 while `failing`. */
let proxy: { server: Server; url: string; failing: boolean };

beforeAll(async () => {
  indexed = await startIndexedDevnet({ events, timeoutMs: 120_000 });
  ({ devnet, concern } = indexed);
  // Nothing moves the store but this test from here on: its digest shows whether anything wrote to it.
  await concern.indexer.stop();
  const newest = concern.indexer.store.checkpoint()?.indexedTimestamp as number;
  const first = newest - 6 * DAY;
  const all = await call('market/statement', { from: first, to: newest + 1, limit: 5000 });
  const lineTimes = all.lines.map((l) => l.at);
  const oldest = Math.min(...lineTimes);
  const month = new Date(oldest * 1000);
  const monthFrom = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1) / 1000;
  const monthTo = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1) / 1000;
  const cutoff = newest - 2.5 * DAY;
  // A trade settled behind the horizon, opened in an earlier block.
  const openedAt = new Map(all.lines.filter((l) => l.kind === 'TradeOpened').map((l) => [l.tradeId, l.at]));
  const settled = all.lines.find(
    (l) => l.kind === 'TradeSettled' && l.at < cutoff && (openedAt.get(l.tradeId) as number) < l.at,
  );
  if (!settled) throw new Error('the seed has no trade settled after the block it was opened in');
  windows = [
    // For the seller of that trade, from just after it was opened: the fetch walks back for the
    // TradeOpened event that names the parties of its settlement.
    {
      from: (openedAt.get(settled.tradeId) as number) + 1,
      to: newest + 1,
      prosumer: settled.seller as string,
    },
    // The calendar month of the oldest events (the history is 5 days: the month holds most of it).
    { from: monthFrom, to: monthTo },
    // The first two days, all behind the horizon: every line re-fetched (inside the month's span).
    { from: oldest, to: oldest + 2 * DAY },
  ];
  for (const w of windows) before.set(w, await call('market/statement', { ...w, limit: 5000 }));
  // The indexer's retention step with a window of 2.5 days (what `retentionDays: 2.5` applies).
  const deleted = concern.indexer.store.pruneBefore(cutoff);
  expect(deleted).toBeGreaterThan(0);
  horizon = concern.history.horizon() as { block: number; time: number };
  expect(horizon.time).toBe(cutoff);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      if (proxy.failing && body.includes('eth_getLogs')) {
        res.writeHead(503).end('upstream down');
        return;
      }
      const answer = await fetch(devnet.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, failing: false };
}, 300_000);

afterAll(async () => {
  proxy?.server.close();
  await indexed?.close();
});

/** A second PrunedHistory over the same store, on `rpcUrl`, with its own scratch folder. */
function historyVia(rpcUrl: string, name: string) {
  const scratchDir = join(concern.db.name, '..', `test-${name}`);
  const history = new PrunedHistory({
    store: concern.indexer.store,
    rpc: new RpcClient({ urls: [rpcUrl], log: silentLogger, maxAttempts: 2, baseBackoffMs: 10 }),
    chainId: devnet.chainId,
    contracts: devnet.market,
    deploymentBlock: devnet.market.deploymentBlock,
    scratchDir,
    events,
    log: silentLogger,
  });
  const files = () => {
    try {
      return readdirSync(scratchDir);
    } catch {
      return [];
    }
  };
  return { history, files };
}

describe('statements behind the retention horizon', () => {
  it('re-fetch the pruned part from the chain and equal the statements of the unpruned store', async () => {
    const digest = storeDigest(concern.db);
    for (const [i, w] of windows.entries()) {
      const stored = await call('market/statement', { ...w, refetch: false, limit: 5000 });
      expect(stored.prunedBefore).toBe(horizon.time);
      expect(stored.refetched).toBeNull();
      expect(stored.linesTotal).toBeLessThan(before.get(w)?.linesTotal as number);

      progress.length = 0;
      const started = performance.now();
      const again = await call('market/statement', { ...w, limit: 5000 });
      const ms = performance.now() - started;
      const fromStore = performance.now();
      await call('market/statement', { ...w, refetch: false, limit: 5000 });
      console.log(
        `statement ${JSON.stringify(w)}: ${again.refetched?.lines} of ${again.linesTotal} lines re-fetched (blocks ${again.refetched?.fromBlock}–${again.refetched?.toBlock}) in ${ms.toFixed(1)} ms; the store's part alone ${(performance.now() - fromStore).toFixed(1)} ms`,
      );
      expect(comparable(again)).toEqual(comparable(before.get(w) as StatementView));
      expect(again.coverage.complete).toBe(true);
      expect(again.refetched).toMatchObject({ toBlock: expect.any(Number), before: horizon.time });
      expect(again.refetched?.toBlock).toBeLessThan(horizon.block);
      expect(again.refetched?.lines).toBeGreaterThan(0);
      expect(again.lines.filter((l) => l.refetched).length).toBe(again.refetched?.lines);
      expect(again.lines.every((l) => l.refetched === l.blockNumber < horizon.block)).toBe(true);

      // The CSV says it line by line.
      const csv = await call('market/statement-csv', w);
      const rows = csv.content.trimEnd().split('\n');
      const column = (rows[0] as string).split(',').indexOf('refetched');
      expect(rows.slice(1, 1 + csv.rows).filter((r) => r.split(',')[column] === 'true').length).toBe(
        again.refetched?.lines,
      );

      // The first two fetch; the two-day window lies inside the month's span and reuses it.
      expect(progress.length > 0).toBe(i < 2);
      if (i < 2) {
        const dones = progress.map((p) => p.done);
        expect(dones).toEqual([...dones].sort((a, b) => a - b));
        expect(progress[0]).toMatchObject({ phase: 'blocks', done: 0 });
        expect(progress.at(-1)).toMatchObject({ phase: 'done', done: progress.at(-1)?.total });
        expect(new Set(progress.map((p) => p.operationId)).size).toBe(1);
      }
      // Trades settled or disputed in the re-fetched part and opened before the window: their
      // parties came from the walk back.
      const opened = new Set(again.lines.filter((l) => l.kind === 'TradeOpened').map((l) => l.tradeId));
      const earlier = again.lines.filter((l) => l.refetched && l.tradeId !== null && !opened.has(l.tradeId));
      if (i === 0) expect(earlier.length).toBeGreaterThan(0);
      if (earlier.length > 0)
        expect(again.refetched?.tradesFromBlock).toBeLessThan(again.refetched?.fromBlock as number);
    }
    expect(storeDigest(concern.db)).toBe(digest);
  });

  it('keeps nothing when cancelled, and asking again gives the statement', async () => {
    const { history, files } = historyVia(devnet.rpcUrl, 'cancel');
    const digest = storeDigest(concern.db);
    // The window whose fetch walks back: cancelled once its blocks are in the scratch store.
    const w = windows[0] as Window;
    let written = 0;
    const stop = events.subscribe((name, payload) => {
      const p = payload as RefetchProgress;
      if (name !== 'market/refetch-progress' || p.phase !== 'blocks' || p.done === 0) return;
      written = files().length;
      history.cancel(p.operationId);
    });
    progress.length = 0;
    const cancelled = await statementOf({ db: concern.db, history }, w).catch((e: unknown) => e);
    stop();
    expect(cancelled).toMatchObject({
      code: 'CANCELLED',
      message: expect.stringMatching(/nothing of it was kept/),
    });
    expect(progress.at(-1)?.phase).toBe('cancelled');
    expect(written).toBeGreaterThan(0);
    expect(files()).toEqual([]);
    expect(storeDigest(concern.db)).toBe(digest);

    const again = await statementOf({ db: concern.db, history }, w);
    expect(comparable(again)).toEqual(comparable(before.get(w) as StatementView));
    expect(history.cancel('refetch:none')).toBe(false);
    await history.close();
    expect(files()).toEqual([]);
  });

  it('names what failed when the RPC fails, keeps nothing, and a retry works', async () => {
    const { history, files } = historyVia(proxy.url, 'rpc');
    const digest = storeDigest(concern.db);
    const w = windows[2] as Window;
    proxy.failing = true;
    const failed = await statementOf({ db: concern.db, history }, w).catch((e: unknown) => e);
    expect(failed).toMatchObject({
      code: 'RPC_UNAVAILABLE',
      message: expect.stringMatching(
        /failed while fetching the logs of blocks \d+–\d+: .*127\.0\.0\.1.*ask again/,
      ),
    });
    expect(progress.at(-1)?.phase).toBe('failed');
    expect(files()).toEqual([]);
    expect(storeDigest(concern.db)).toBe(digest);

    proxy.failing = false;
    const again = await statementOf({ db: concern.db, history }, w);
    expect(comparable(again)).toEqual(comparable(before.get(w) as StatementView));
    await history.close();
  });
});
