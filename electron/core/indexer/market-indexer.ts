import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import { Interface } from 'ethers';
import type { EventBus } from '../api';
import type { IndexerStatusView } from '../api/contract/market';
import { type RpcClient, RpcError } from '../chain';
import type { Logger } from '../ports';
import { AdaptiveRange, backfill, eventsOf, type LogChunk } from './backfill';
import type { RpcLog } from './decode';
import { decodeAll, type EventBatch } from './event-batch';
import { HeadWatcher } from './head-watcher';
import { type BlockHeader, type Checkpoint, IndexStore } from './index-store';
import { LogDecodingThread } from './log-decoding-thread';

export interface MarketContracts {
  registry: string;
  token: string;
  market: string;
  /** The consortium Safe (SafeL2 events); optional. */
  safe?: string | null;
}

export interface MarketIndexerOptions {
  db: Database;
  rpc: RpcClient;
  chainId: number;
  contracts: MarketContracts;
  deploymentBlock: number;
  log: Logger;
  events?: EventBus;
  /**
   * Blocks behind the head that count as final. Omit to use the chain's `finalized` tag (falling back
   * to 64 blocks where the tag is missing).
   */
  confirmations?: number;
  /** A WebSocket URL for `newHeads`; polling otherwise (and whenever the socket is down). */
  wsUrl?: string;
  pollIntervalMs?: number;
  concurrency?: number;
  initialRange?: number;
  maxRange?: number;
  /**
   * Event rows and closed trades, offers and disputes older than this many days (of chain time) are
   * pruned; rollups and per-prosumer daily aggregates stay. Default 400.
   */
  retentionDays?: number;
  /** Logs gathered into one backfill commit, at least (default 30,000; a second's worth when sparse). */
  minCommitLogs?: number;
}

const FALLBACK_CONFIRMATIONS = 64;
export const DEFAULT_RETENTION_DAYS = 400;
/** The retention window is applied after the first backfill, then at most this often. */
const PRUNE_INTERVAL_MS = 3_600_000;
const PROGRESS_INTERVAL_MS = 500;
/**
 * A backfill transaction closes once it holds this many logs (about one answer): between two, the
 * answers that arrived send their next requests. 1M bench, quiet machine: 23.5k / 22.0k events/s
 * at 5,000 against 22.0k / 21.9k at 10,000, 19.2k / 20.6k at 20,000 and 19.5k–20.9k for one
 * transaction of 40,000 per chunk without a turn between; 3% more bytes written than the latter.
 */
const COMMIT_BATCH_LOGS = 5_000;
/** A backfill drops the secondary indexes when at least this many events are still ahead of it… */
const DEFER_INDEXES_EVENTS = 200_000;
/** The info line once a caught-up backfill has rebuilt its deferred indexes, with the time it took (`ms`). */
export const INDEXES_RESTORED_MESSAGE = 'indexer: deferred indexes rebuilt';
/** The debug line after each commit: blocks up to `toBlock` are stored as of `storedAt` (epoch ms). */
export const STORED_MESSAGE = 'indexer: stored';
const hex = (n: number) => `0x${n.toString(16)}`;

interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

const toHeader = (b: RpcBlock): BlockHeader => ({
  number: Number(b.number),
  hash: b.hash.toLowerCase(),
  parentHash: b.parentHash.toLowerCase(),
  timestamp: Number(b.timestamp),
});

/**
 * Follows the market's contracts (and the Safe) into the store: backfill of the final part of the
 * chain by ranges, then block by block above the finalized block with parent-hash checks, rolling
 * back to the fork point on a reorg.
 */
export class MarketIndexer {
  readonly store: IndexStore;
  readonly #o: MarketIndexerOptions;
  readonly #addresses: string[];
  readonly #range: AdaptiveRange;
  readonly #abort = new AbortController();
  readonly #heads: HeadWatcher;
  #running: Promise<void> | null = null;
  #status: IndexerStatusView;
  #finalizedTagMissing = false;
  #lastProgressAt = 0;
  #rate = { since: Date.now(), events: 0, blocks: 0, eventsPerSec: 0, blocksPerSec: 0 };
  #head: { number: number; timestamp: number | null } | null = null;

  constructor(options: MarketIndexerOptions) {
    this.#o = options;
    this.store = new IndexStore(options.db);
    const c = options.contracts;
    this.#addresses = [c.registry, c.token, c.market, ...(c.safe ? [c.safe] : [])].map((a) =>
      a.toLowerCase(),
    );
    this.#range = new AdaptiveRange(options.initialRange ?? 10, 1, options.maxRange ?? 50_000);
    this.#heads = new HeadWatcher({
      wsUrl: options.wsUrl,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      log: options.log,
    });
    this.#status = {
      chainId: options.chainId,
      marketAddress: c.market,
      safeAddress: c.safe ?? null,
      deploymentBlock: options.deploymentBlock,
      headBlock: null,
      indexedBlock: options.deploymentBlock - 1,
      finalizedBlock: options.deploymentBlock - 1,
      lagBlocks: null,
      lagSeconds: null,
      phase: 'starting',
      backfill: {
        fromBlock: options.deploymentBlock,
        toBlock: options.deploymentBlock,
        doneBlocks: 0,
        totalBlocks: 0,
        eventsPerSec: 0,
        etaSeconds: null,
      },
      headSource: 'polling',
      lastError: null,
      updatedAt: Date.now(),
    };
  }

  status(): IndexerStatusView {
    return { ...this.#status, headSource: this.#heads.source, backfill: { ...this.#status.backfill } };
  }

  /** Starts following the chain in the background. */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops after the current transaction; the checkpoint is where the next start resumes. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#heads.close();
    await this.#running?.catch(() => undefined);
    this.#status.phase = 'stopped';
  }

  /**
   * Indexes until the store holds block `target` on the canonical chain (tests, CLIs, the bench),
   * retrying failed steps like the background loop does. The background loop must not run.
   */
  async syncTo(target: number, signal: AbortSignal = this.#abort.signal): Promise<void> {
    let failures = 0;
    while (true) {
      signal.throwIfAborted();
      try {
        await this.#init();
        const cp = this.store.checkpoint() as Checkpoint;
        if (cp.indexedBlock >= target && (await this.#sameChain(cp, signal))) return;
        await this.#step(signal, target);
        failures = 0;
      } catch (error) {
        if (signal.aborted || ++failures > 20) throw error;
        this.#o.log.debug('indexer: step failed, retrying', { error: String(error) });
        await sleep(Math.min(2_000, 50 * 2 ** failures), undefined, { signal });
      }
    }
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    let failures = 0;
    this.#heads.start();
    while (!signal.aborted) {
      try {
        await this.#init();
        const progressed = await this.#step(signal);
        failures = 0;
        this.#status.lastError = null;
        if (!progressed) await this.#heads.next(signal);
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        this.#status.phase = 'error';
        this.#status.lastError = String((error as Error)?.message ?? error);
        this.#o.log.warn('indexer: step failed', { error: this.#status.lastError });
        await sleep(Math.min(30_000, 250 * 2 ** failures), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  #initialised = false;
  async #init(): Promise<void> {
    if (this.#initialised) return;
    const seed = this.store.checkpoint() ? null : await this.#readSeed();
    this.store.init(
      this.#o.chainId,
      this.#o.contracts.market,
      this.#o.deploymentBlock,
      () => seed ?? { params: {}, safeOwners: [] },
    );
    this.#initialised = true;
  }

  /** One move forward (or one reorg repair). False when there was nothing to do. */
  async #step(signal: AbortSignal, until = Number.POSITIVE_INFINITY): Promise<boolean> {
    const head = Number(await this.#o.rpc.call<string>('eth_blockNumber', [], signal));
    const chainFinal = Math.min(head, await this.#finalizedBlock(head, signal));
    // `until` (syncTo's target) also pauses a backfill there, so a bench can measure the store at
    // depths; a pause below the chain's final block is not caught up (see `#backfill`).
    const finalizedBlock = Math.min(until, chainFinal);
    this.#head = { number: head, timestamp: this.#head?.number === head ? this.#head.timestamp : null };
    this.#status.headBlock = head;
    let cp = this.store.checkpoint() as Checkpoint;
    if (!(await this.#sameChain(cp, signal))) return true;
    if (finalizedBlock > cp.finalizedBlock) {
      this.store.finalize(finalizedBlock);
      cp = this.store.checkpoint() as Checkpoint;
    }
    if (cp.indexedBlock < finalizedBlock) {
      await this.#backfill(cp.indexedBlock + 1, finalizedBlock, chainFinal, signal);
      return true;
    }
    if (cp.indexedBlock < head) {
      await this.#indexBlock(cp.indexedBlock + 1, finalizedBlock, signal);
      return true;
    }
    this.#status.phase = 'live';
    this.#updateLag(cp);
    if (Date.now() - this.#prunedAt >= PRUNE_INTERVAL_MS) this.#applyRetention();
    return false;
  }

  async #finalizedBlock(head: number, signal: AbortSignal): Promise<number> {
    if (this.#o.confirmations !== undefined) return head - this.#o.confirmations;
    if (!this.#finalizedTagMissing) {
      try {
        const block = await this.#o.rpc.call<RpcBlock | null>(
          'eth_getBlockByNumber',
          ['finalized', false],
          signal,
        );
        if (block) return Number(block.number);
      } catch (error) {
        if (!(error instanceof RpcError) || error.kind !== 'fatal') throw error;
      }
      this.#finalizedTagMissing = true;
      this.#o.log.info('indexer: no finalized tag, using a confirmation depth', {
        depth: FALLBACK_CONFIRMATIONS,
      });
    }
    return head - FALLBACK_CONFIRMATIONS;
  }

  /**
   * Backfill of final blocks up to `to`: no reorg can touch them, so ranges and no journal. `chainFinal`
   * is the chain's final block, where the backfill is caught up; `to` is below it only when a caller
   * (syncTo) pauses there, and the secondary indexes then stay deferred: whether they are worth
   * deferring, and when they are rebuilt, depends on the distance to the chain, not to the pause.
   */
  async #backfill(from: number, to: number, chainFinal: number, signal: AbortSignal): Promise<void> {
    if (this.#status.phase !== 'backfill') this.#status.backfill.fromBlock = from;
    this.#status.phase = 'backfill';
    this.#status.backfill.toBlock = to;
    let events = 0;
    // Longer than one range: answers are fetched and decoded on their own thread while this one
    // writes SQLite (one more V8 heap for the backfill's length, not worth it for a block or two).
    const decodingThread = to - from + 1 > this.#range.size ? new LogDecodingThread() : undefined;
    await backfill({
      rpc: this.#o.rpc,
      decodingThread,
      addresses: this.#addresses,
      from,
      to,
      range: this.#range,
      concurrency: this.#o.concurrency ?? 4,
      signal,
      ...(this.#o.minCommitLogs === undefined ? {} : { minChunkLogs: this.#o.minCommitLogs }),
      onChunk: (chunk) => {
        events += chunk.logCount;
        if (this.#worthDeferringIndexes(chunk.to, chainFinal, events / (chunk.to - from + 1)))
          this.store.deferIndexes();
        return this.#commitChunk(chunk, to, signal);
      },
    }).finally(() => decodingThread?.close());
    // Caught up: the queries need their indexes again (also after a crash in a deferred backfill).
    if (to >= chainFinal && this.store.indexesDeferred()) {
      const started = performance.now();
      this.store.restoreIndexes();
      this.#o.log.info(INDEXES_RESTORED_MESSAGE, { ms: Math.round(performance.now() - started) });
    }
    // On a live chain each new final block is a (tiny) backfill: the window is applied hourly.
    if (Date.now() - this.#prunedAt >= PRUNE_INTERVAL_MS) this.#applyRetention();
  }

  #prunedAt = 0;
  #applyRetention(): void {
    this.#prunedAt = Date.now();
    const newest = this.store.checkpoint()?.indexedTimestamp;
    if (newest === null || newest === undefined) return;
    const days = this.#o.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const deleted = this.store.pruneBefore(newest - Math.floor(days * 86_400));
    if (deleted > 0) this.#o.log.info('indexer: retention window applied', { days, deleted });
  }

  /**
   * Building an index once over sorted keys costs far less than updating it row by row, when much is
   * left: at least DEFER_INDEXES_EVENTS events and at least a quarter as many blocks as are stored (so a
   * short catch-up on a big store does not rebuild it all). The density is this backfill's so far.
   */
  #worthDeferringIndexes(done: number, to: number, eventsPerBlock: number): boolean {
    const left = to - done;
    const stored = done - this.#o.deploymentBlock + 1;
    if (left * eventsPerBlock < DEFER_INDEXES_EVENTS || left < stored / 4) return false;
    return !this.store.indexesDeferred();
  }

  async #commitChunk(chunk: LogChunk, finalized: number, signal: AbortSignal): Promise<void> {
    // A chunk is written in several transactions of whole answers (each ends at a block boundary,
    // so each stores whole blocks with its checkpoint), a turn of the event loop between them: the
    // answers that arrived meanwhile send their next requests, so the node and the decoding thread
    // work while SQLite is written. Within one, the answers' events are read back one at a time.
    let group: EventBatch[] = [];
    let logs = 0;
    for (const [i, batch] of chunk.batches.entries()) {
      group.push(batch);
      logs += batch.logCount;
      const final = i === chunk.batches.length - 1;
      if (!final && logs < COMMIT_BATCH_LOGS) continue;
      const last = group.findLast((b) => b.logCount > 0)?.lastBlock() ?? null;
      // The last block of a transaction may have no log: its hash is then unknown (null) and the
      // timestamp stays that of the newest log's block, a lower bound used for the lag.
      const block = final ? chunk.to : (last as { number: number }).number;
      const to = {
        block,
        hash: last?.number === block ? last.hash : null,
        timestamp: last ? (chunk.timestamps.get(last.number) ?? null) : null,
      };
      const result = this.store.commit(eventsOf(group, chunk.timestamps), to, finalized);
      this.#afterCommit(
        result.inserted,
        result.insertedTotal,
        block - this.#status.indexedBlock,
        to,
        null,
        false,
      );
      group = [];
      logs = 0;
      if (final) return;
      await nextTurn();
      signal.throwIfAborted();
    }
  }

  /** One block above the finalized one: header first (parent check), then its logs by block hash. */
  async #indexBlock(number: number, finalized: number, signal: AbortSignal): Promise<void> {
    const block = await this.#o.rpc.call<RpcBlock | null>(
      'eth_getBlockByNumber',
      [hex(number), false],
      signal,
    );
    if (!block) return; // the head moved back under us; the next step sees it
    const header = toHeader(block);
    const parent = this.store.storedBlock(number - 1);
    if (parent && parent.hash !== header.parentHash) {
      await this.#repairReorg(number - 1, signal);
      return;
    }
    // By block hash, so the logs belong to exactly this header even if a reorg happens meanwhile.
    const logs = await this.#o.rpc.call<RpcLog[]>(
      'eth_getLogs',
      [{ blockHash: header.hash, address: this.#addresses }],
      signal,
    );
    const events = decodeAll(
      logs.filter((l) => !l.removed),
      new Map([[number, header.timestamp]]),
    );
    const to = { block: number, hash: header.hash, timestamp: header.timestamp };
    const result = this.store.commit(events, to, finalized, header);
    if (this.#head?.number === number) this.#head.timestamp = header.timestamp;
    this.#afterCommit(result.inserted, result.insertedTotal, 1, to, null, true);
  }

  /** True when the stored tip is still on the canonical chain; otherwise rolls back to the fork. */
  async #sameChain(cp: Checkpoint, signal: AbortSignal = this.#abort.signal): Promise<boolean> {
    const tip = this.store.storedBlock(cp.indexedBlock);
    if (!tip) return true;
    const block = await this.#o.rpc.call<RpcBlock | null>(
      'eth_getBlockByNumber',
      [hex(tip.number), false],
      signal,
    );
    if (block && block.hash.toLowerCase() === tip.hash) return true;
    await this.#repairReorg(cp.indexedBlock, signal);
    return false;
  }

  /** Walks back from `from` to the newest stored block still canonical, and rolls back to it. */
  async #repairReorg(from: number, signal: AbortSignal): Promise<void> {
    const cp = this.store.checkpoint() as Checkpoint;
    let fork = from;
    while (fork > cp.finalizedBlock) {
      const stored = this.store.storedBlock(fork);
      if (!stored) break;
      const block = await this.#o.rpc.call<RpcBlock | null>(
        'eth_getBlockByNumber',
        [hex(fork), false],
        signal,
      );
      if (block && block.hash.toLowerCase() === stored.hash) break;
      fork--;
    }
    this.#o.log.warn('indexer: reorg, rolling back', { from: cp.indexedBlock, to: fork });
    this.store.rollback(fork);
    const stored = this.store.storedBlock(fork);
    this.#afterCommit(
      {},
      0,
      0,
      { block: fork, hash: stored?.hash ?? null, timestamp: stored?.timestamp ?? null },
      fork,
      true,
    );
  }

  #afterCommit(
    inserted: Record<string, number>,
    insertedTotal: number,
    blocks: number,
    to: { block: number; hash: string | null; timestamp: number | null },
    rolledBackTo: number | null,
    live: boolean,
  ): void {
    const cp = this.store.checkpoint() as Checkpoint;
    const now = Date.now();
    const rate = this.#rate;
    rate.events += insertedTotal;
    rate.blocks += blocks;
    if (now - rate.since >= 1_000) {
      const seconds = (now - rate.since) / 1000;
      rate.eventsPerSec = rate.events / seconds;
      rate.blocksPerSec = rate.blocks / seconds;
      rate.since = now;
      rate.events = 0;
      rate.blocks = 0;
    }
    const head = this.#status.headBlock ?? cp.indexedBlock;
    const b = this.#status.backfill;
    b.doneBlocks = Math.max(0, cp.indexedBlock - b.fromBlock + 1);
    b.totalBlocks = Math.max(0, b.toBlock - b.fromBlock + 1);
    b.eventsPerSec = Math.round(rate.eventsPerSec);
    b.etaSeconds = rate.blocksPerSec > 0 ? Math.ceil((head - cp.indexedBlock) / rate.blocksPerSec) : null;
    this.#status.indexedBlock = cp.indexedBlock;
    this.#status.finalizedBlock = Math.min(cp.finalizedBlock, cp.indexedBlock);
    this.#updateLag(cp);
    // For `npm run bench:live` (GRIDKEEPER_LOG_LEVEL=debug): when each block became readable.
    this.#o.log.debug(STORED_MESSAGE, { toBlock: cp.indexedBlock, storedAt: now });
    const bus = this.#o.events;
    if (!bus) return;
    const due = now - this.#lastProgressAt >= PROGRESS_INTERVAL_MS;
    if (live || rolledBackTo !== null || due || cp.indexedBlock >= head) {
      bus.emit('market/updated', {
        indexedBlock: cp.indexedBlock,
        blockHash: to.hash ?? '',
        timestamp: to.timestamp ?? 0,
        finalizedBlock: this.#status.finalizedBlock,
        events: inserted,
        rolledBackTo,
      });
    }
    if (due || cp.indexedBlock >= head) {
      this.#lastProgressAt = now;
      bus.emit('indexer/progress', {
        operationId: `indexer:${this.#o.chainId}:${this.#o.contracts.market}`,
        phase: live ? 'live' : 'backfill',
        done: cp.indexedBlock - this.#o.deploymentBlock + 1,
        total: head - this.#o.deploymentBlock + 1,
        indexedBlock: cp.indexedBlock,
        headBlock: head,
        eventsPerSec: b.eventsPerSec,
        etaSeconds: b.etaSeconds,
      });
    }
  }

  #updateLag(cp: Checkpoint): void {
    const head = this.#status.headBlock;
    this.#status.lagBlocks = head === null ? null : Math.max(0, head - cp.indexedBlock);
    this.#status.lagSeconds =
      this.#head?.timestamp != null && cp.indexedTimestamp != null
        ? Math.max(0, this.#head.timestamp - cp.indexedTimestamp)
        : this.#status.lagBlocks === 0
          ? 0
          : null;
    this.#status.updatedAt = Date.now();
  }

  /**
   * Market parameters and Safe owners read at one block (the head at first start; recent state, so a
   * full node serves it). Parameter events at or below that block are then already counted.
   */
  async #readSeed(): Promise<{ params: Record<string, string>; safeOwners: string[] }> {
    const seedBlock = Number(await this.#o.rpc.call<string>('eth_blockNumber', []));
    const at = hex(seedBlock);
    const c = this.#o.contracts;
    const params: Record<string, string> = {};
    const read = async (to: string, signature: string, key: string) => {
      const iface = new Interface([`function ${signature}`]);
      const fragment = iface.getFunction(signature.split('(')[0] as string);
      if (!fragment) return undefined;
      try {
        const data = await this.#o.rpc.call<string>('eth_call', [
          { to, data: iface.encodeFunctionData(fragment) },
          at,
        ]);
        if (data === '0x') return undefined;
        const [value] = iface.decodeFunctionResult(fragment, data);
        if (key) params[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value).toLowerCase();
        return value as unknown;
      } catch (error) {
        if (error instanceof RpcError && error.kind === 'fatal') return undefined;
        throw error;
      }
    };
    await read(c.market, 'marketFeeBps() view returns (uint16)', 'fee_bps');
    await read(c.market, 'disputeWindowSeconds() view returns (uint64)', 'dispute_window_seconds');
    await read(c.market, 'disputeBond() view returns (uint256)', 'dispute_bond');
    await read(c.market, 'arbitrationPeriodSeconds() view returns (uint64)', 'arbitration_period_seconds');
    await read(c.market, 'paymentToken() view returns (address)', 'payment_token');
    await read(c.market, 'paused() view returns (bool)', 'paused');
    await read(c.registry, 'registrationFeeWei() view returns (uint256)', 'registration_fee_wei');
    let safeOwners: string[] = [];
    if (c.safe) {
      const owners = await read(c.safe, 'getOwners() view returns (address[])', '');
      if (Array.isArray(owners)) safeOwners = owners.map((o: string) => o.toLowerCase());
      await read(c.safe, 'getThreshold() view returns (uint256)', 'safe_threshold');
      await read(c.safe, 'nonce() view returns (uint256)', 'safe_nonce');
    }
    params.seed_block = String(seedBlock);
    return { params, safeOwners };
  }
}
