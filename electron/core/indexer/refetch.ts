import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../api';
import { GridkeeperError } from '../api/contract/errors';
import type { RefetchProgress } from '../api/contract/statement';
import type { RpcClient } from '../chain';
import type { Logger } from '../ports';
import { openStore } from '../store';
import { AdaptiveRange, backfill, eventsOf, type LogChunk } from './backfill';
import { arg, type DecodedEvent } from './decode';
import { EVENT_CATALOG, type EventSpec } from './event-catalog';
import { IndexStore } from './index-store';

/**
 * History behind the retention horizon, read again from the chain when a statement needs it. The
 * blocks are fetched with eth_getLogs through the backfill's range controller, decoded and committed
 * by the indexer's own path (`IndexStore.commit`) into a scratch store: a temporary SQLite file with
 * the same migrations, so the statement's own queries run on it unchanged, whatever the schema. The
 * scratch store is the last span fetched (a second statement of the same months, or of another
 * prosumer, reuses it); a new span replaces it, and closing the market removes it. The market store
 * itself is never written.
 *
 * A trade settled or disputed in the window may have been opened long before it: the contracts let
 * anyone settle once the dispute window has passed, but nobody has to, so no bound in time follows
 * from the dispute window and the arbitration period. The fetch therefore walks back from the
 * window's first block, over doubling spans and only for TradeOpened logs, until it has the opening
 * event of every trade the window names (trade ids grow with blocks, so it stops at the oldest one).
 */

export interface RefetchedSpan {
  /**
   * The scratch store: the events of blocks [fromBlock, toBlock] (or of a span around them fetched
   * before) and the openings of the trades they name.
   */
  db: Database;
  fromBlock: number;
  toBlock: number;
  /** How far back the walk for earlier TradeOpened events went; null when it was not needed. */
  tradesFromBlock: number | null;
}

export interface PrunedHistoryOptions {
  /** The market store's indexer side: where the retention horizon is recorded. */
  store: IndexStore;
  rpc: RpcClient;
  chainId: number;
  /** The statement's events come from the token (EnergyMinted) and the market. */
  contracts: { token: string; market: string };
  deploymentBlock: number;
  /** Where scratch stores live (emptied at open and at close). */
  scratchDir: string;
  events?: EventBus;
  log: Logger;
}

interface Running {
  operationId: string;
  abort: AbortController;
  done: Promise<RefetchedSpan>;
}

const hex = (n: number) => `0x${n.toString(16)}`;
const TRADE_OPENED = EVENT_CATALOG.find((s) => s.name === 'TradeOpened') as EventSpec;
/** Events that name a trade opened earlier. */
const TRADE_FOLLOW_UPS = new Set(['TradeSettled', 'DisputeOpened', 'DisputeResolved', 'DisputeEnded']);

export class PrunedHistory {
  readonly #o: PrunedHistoryOptions;
  #cached: RefetchedSpan | null = null;
  #running: Running | null = null;

  constructor(options: PrunedHistoryOptions) {
    this.#o = options;
    rmSync(options.scratchDir, { recursive: true, force: true });
  }

  /** Where retention stopped (see `IndexStore.prunedHorizon`); null while nothing was pruned. */
  horizon(): { block: number; time: number } | null {
    return this.#o.store.prunedHorizon();
  }

  /**
   * The part of the window [from, to) of the chain's clock below the `horizon`, fetched from the
   * chain (or the span already fetched, when it covers it); null when the store holds all of it.
   * Blocks at or above the horizon are left to the store. Throws CANCELLED when `cancel` stopped it
   * and RPC_UNAVAILABLE when the chain did not answer; either way nothing of it is kept.
   */
  async fetch(
    window: { from: number; to: number },
    horizon: { block: number; time: number },
  ): Promise<RefetchedSpan | null> {
    if (window.from >= horizon.time) return null;
    // One fetch at a time: a statement asked while another fetches waits, then maybe reuses it.
    await this.#idle();
    const abort = new AbortController();
    const span = await this.#failing('finding the blocks of the window', horizon.block, () =>
      this.#blocksOf(window, horizon.block, abort.signal),
    );
    if (!span) return null;
    await this.#idle();
    const cached = this.#cached;
    if (cached && cached.fromBlock <= span.fromBlock && cached.toBlock >= span.toBlock)
      return { ...cached, ...span };
    const operationId = `refetch:${span.fromBlock}-${span.toBlock}:${randomUUID().slice(0, 8)}`;
    // Started on the next microtask: running (so `cancel` finds it) before its first progress event.
    const running: Running = {
      operationId,
      abort,
      done: Promise.resolve().then(() => this.#run(operationId, span.fromBlock, span.toBlock, abort.signal)),
    };
    this.#running = running;
    try {
      const fetched = await running.done;
      this.#discard(this.#cached);
      this.#cached = fetched;
      return fetched;
    } finally {
      this.#running = null;
    }
  }

  async #idle(): Promise<void> {
    while (this.#running) await this.#running.done.catch(() => undefined);
  }

  /** Stops the fetch `operationId`; false when no such fetch runs. */
  cancel(operationId: string): boolean {
    if (this.#running?.operationId !== operationId) return false;
    this.#running.abort.abort(new GridkeeperError('CANCELLED', 'Cancelled.'));
    return true;
  }

  /** Stops a running fetch and removes the scratch stores. */
  async close(): Promise<void> {
    const running = this.#running;
    running?.abort.abort(new GridkeeperError('CANCELLED', 'The market is closing.'));
    await running?.done.catch(() => undefined);
    this.#discard(this.#cached);
    this.#cached = null;
    rmSync(this.#o.scratchDir, { recursive: true, force: true });
  }

  /** The blocks of [from, to) below the horizon, by binary search over the chain's block timestamps. */
  async #blocksOf(
    window: { from: number; to: number },
    horizonBlock: number,
    signal: AbortSignal,
  ): Promise<{ fromBlock: number; toBlock: number } | null> {
    const fromBlock = await this.#firstBlockAtOrAfter(
      window.from,
      this.#o.deploymentBlock,
      horizonBlock,
      signal,
    );
    const toBlock = (await this.#firstBlockAtOrAfter(window.to, fromBlock, horizonBlock, signal)) - 1;
    return fromBlock <= toBlock ? { fromBlock, toBlock } : null;
  }

  /** The first block in [lo, hi) whose timestamp is at least `t`; `hi` when none is. */
  async #firstBlockAtOrAfter(t: number, lo: number, hi: number, signal: AbortSignal): Promise<number> {
    let top = hi;
    while (lo < top) {
      const mid = lo + Math.floor((top - lo) / 2);
      const block = await this.#o.rpc.call<{ timestamp: string } | null>(
        'eth_getBlockByNumber',
        [hex(mid), false],
        signal,
      );
      if (!block) throw new GridkeeperError('RPC_UNAVAILABLE', `The node does not know block ${mid}.`);
      if (Number(block.timestamp) >= t) top = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  async #run(
    operationId: string,
    fromBlock: number,
    toBlock: number,
    signal: AbortSignal,
  ): Promise<RefetchedSpan> {
    const o = this.#o;
    mkdirSync(o.scratchDir, { recursive: true, mode: 0o700 });
    const db = openStore(join(o.scratchDir, `${operationId.replace(/:/g, '-')}.sqlite`));
    const scratch = new IndexStore(db);
    scratch.init(o.chainId, o.contracts.market, o.deploymentBlock, () => ({ params: {}, safeOwners: [] }));
    const addresses = [o.contracts.token, o.contracts.market].map((a) => a.toLowerCase());
    // The walk back may read every block from the deployment to the window: the bar's total counts them.
    const total = toBlock - o.deploymentBlock + 1;
    let done = 0;
    const progress = (phase: RefetchProgress['phase']) =>
      o.events?.emit('market/refetch-progress', { operationId, phase, fromBlock, toBlock, done, total });
    const opened = new Set<string>();
    const named = new Set<string>();
    // The walk back commits older blocks last: the checkpoint stays at the window's end (all final).
    const commit = (events: DecodedEvent[], chunk: LogChunk) => {
      scratch.commit(
        events,
        { block: Math.max(chunk.to, scratch.checkpoint()?.indexedBlock ?? 0), hash: null, timestamp: null },
        toBlock,
      );
    };
    progress('blocks');
    try {
      await this.#failing(`fetching the logs of blocks ${fromBlock}–${toBlock}`, fromBlock, () =>
        backfill({
          rpc: o.rpc,
          addresses,
          from: fromBlock,
          to: toBlock,
          range: new AdaptiveRange(100, 1, 50_000),
          concurrency: 2,
          signal,
          onChunk: (chunk) => {
            const events = [...eventsOf(chunk.batches, chunk.timestamps)];
            for (const e of events) {
              if (e.spec.name === 'TradeOpened') opened.add(String(arg(e, 'trade_id')));
              else if (TRADE_FOLLOW_UPS.has(e.spec.name)) named.add(String(arg(e, 'trade_id')));
            }
            commit(events, chunk);
            done += chunk.to - chunk.from + 1;
            progress('blocks');
          },
        }),
      );
      const missing = new Set([...named].filter((id) => !opened.has(id)));
      let tradesFromBlock: number | null = null;
      let hi = fromBlock - 1;
      let spanBlocks = Math.max(1_000, toBlock - fromBlock + 1);
      while (missing.size > 0 && hi >= o.deploymentBlock) {
        const lo = Math.max(o.deploymentBlock, hi - spanBlocks + 1);
        await this.#failing(`walking back over blocks ${lo}–${hi} for earlier trades`, lo, () =>
          backfill({
            rpc: o.rpc,
            addresses: [o.contracts.market.toLowerCase()],
            topics: [TRADE_OPENED.topic0],
            from: lo,
            to: hi,
            range: new AdaptiveRange(1_000, 1, 1_000_000),
            concurrency: 2,
            signal,
            onChunk: (chunk) => {
              const events = [...eventsOf(chunk.batches, chunk.timestamps)].filter((e) =>
                missing.delete(String(arg(e, 'trade_id'))),
              );
              commit(events, chunk);
              done += chunk.to - chunk.from + 1;
              progress('trades');
            },
          }),
        );
        tradesFromBlock = lo;
        hi = lo - 1;
        spanBlocks *= 2;
      }
      done = total;
      progress('done');
      return { db, fromBlock, toBlock, tradesFromBlock };
    } catch (error) {
      db.close();
      this.#removeFiles(db.name);
      progress(signal.aborted ? 'cancelled' : 'failed');
      if (signal.aborted)
        throw new GridkeeperError(
          'CANCELLED',
          `Re-fetching blocks ${fromBlock}–${toBlock} from the chain was cancelled; nothing of it was kept.`,
        );
      throw error;
    }
  }

  /** Runs one step against the chain; a failure becomes RPC_UNAVAILABLE naming the step. */
  async #failing<T>(what: string, block: number, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof GridkeeperError && error.code === 'CANCELLED') throw error;
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.#o.log.warn('refetch: failed', { what, error: reason });
      throw new GridkeeperError(
        'RPC_UNAVAILABLE',
        `Re-fetching pruned history from the chain failed while ${what}: ${reason} Nothing of it was kept; ask again to retry.`,
        { block },
      );
    }
  }

  #discard(span: RefetchedSpan | null): void {
    if (!span) return;
    span.db.close();
    this.#removeFiles(span.db.name);
  }

  #removeFiles(file: string): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}
