import { type RpcClient, RpcError } from '../chain';
import type { DecodedEvent, RpcLog } from './decode';
import { EncodedBatch, type EncodedLogs, type EventBatch, LogBatch } from './event-batch';
import type { LogDecodingThread } from './log-decoding-thread';

/**
 * Logs per eth_getLogs answer a backfill aims at: a larger answer costs its decoder tens of MB at
 * once (its text, then its parsed JSON), for no faster fetch.
 */
export const TARGET_LOGS_PER_ANSWER = 5_000;

/**
 * Block ranges for eth_getLogs that converge on the largest range the node answers well: the size
 * follows the chain's measured log density toward `targetLogs` per answer (halved while answers are
 * slow), never above a range the provider refused. Each answer sets the size from its own density,
 * not by halving the current size, so answers arriving together from concurrent requests cannot
 * drive it down to one block.
 */
export class AdaptiveRange {
  size: number;
  #density: number | null = null;
  #ceiling: number;
  #targetLogs: number;
  #sinceRefusal = 0;
  constructor(
    initial: number,
    readonly min = 1,
    readonly max = 100_000,
    /** Logs per answer aimed at: large enough for big commits, small enough to answer in time. */
    readonly targetLogs = TARGET_LOGS_PER_ANSWER,
    /** An answer slower than this halves the target (down to a tenth of it). */
    readonly slowMs = 5_000,
  ) {
    this.size = Math.max(min, Math.min(max, initial));
    this.#ceiling = max;
    this.#targetLogs = targetLogs;
  }

  /** The provider refused `failedSize` blocks (range or result-size limit). */
  shrink(failedSize: number): void {
    this.#ceiling = Math.max(this.min, Math.min(this.#ceiling, failedSize - 1));
    this.#sinceRefusal = 0;
    this.size = Math.max(this.min, Math.min(this.size, Math.floor(failedSize / 2)));
  }

  /** An answer of `logs` logs for `size` blocks, received after `ms`. */
  observe(size: number, logs: number, ms = 0): void {
    const density = logs / size;
    this.#density = this.#density === null ? density : (this.#density + density) / 2;
    if (ms > this.slowMs) this.#targetLogs = Math.max(this.targetLogs / 10, this.#targetLogs / 2);
    // A refusal may have come from a dense stretch: probe above the ceiling again after a while.
    if (++this.#sinceRefusal >= 50 && this.#ceiling < this.max) {
      this.#ceiling = Math.min(this.max, this.#ceiling * 2);
      this.#sinceRefusal = 0;
    }
    const wanted = this.#density > 0 ? Math.floor(this.#targetLogs / this.#density) : Infinity;
    // Grow at most twofold per answer, so one sparse stretch does not overshoot into a dense one.
    const grown = Math.min(wanted, 2 * Math.max(size, this.size));
    this.size = Math.max(this.min, Math.min(this.#ceiling, grown));
  }
}

export interface LogChunk {
  from: number;
  to: number;
  /** The answers for [from, to], in block order. */
  batches: EventBatch[];
  logCount: number;
  /** Timestamps of the blocks that have logs. */
  timestamps: Map<number, number>;
}

/**
 * The known events of `batches` (of one chunk, with its timestamps), in chain order, read back one
 * answer at a time: a commit iterating them holds one answer's objects, not the chunk's.
 */
export function* eventsOf(batches: EventBatch[], timestamps: Map<number, number>): Generator<DecodedEvent> {
  for (const batch of batches) yield* batch.events(timestamps);
}

export interface BackfillOptions {
  rpc: RpcClient;
  addresses: string[];
  /** An eth_getLogs topic filter (e.g. one event's topic0); every log of the addresses without. */
  topics?: (string | string[] | null)[];
  from: number;
  to: number;
  range: AdaptiveRange;
  concurrency: number;
  signal: AbortSignal;
  /** Logs fetched but not yet committed, at most (default 40,000). */
  maxBufferedLogs?: number;
  /** Contiguous logs handed over in one chunk, at least (default 30,000; less at the end of the range). */
  minChunkLogs?: number;
  /** Fetches and decodes the logs on this thread instead of the caller's (a long backfill). */
  decodingThread?: LogDecodingThread;
  /**
   * Called in block order, one chunk at a time (the caller commits it). A promise (a commit that
   * yields between its transactions) holds the next chunk back until it settles, while the fetch
   * loops go on.
   */
  onChunk: (chunk: LogChunk) => void | Promise<void>;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * Fetches the logs of [from, to] with several ranges in flight and hands them over strictly in block
 * order, so the checkpoint always marks a prefix of the chain as done.
 */
export async function backfill(options: BackfillOptions): Promise<void> {
  const { from, to, range, signal } = options;
  let next = from;
  const ready = new Map<number, LogChunk>();
  // Fetched-but-uncommitted logs stay under a budget, so memory is bounded whatever the ranges hold.
  const maxBufferedLogs = options.maxBufferedLogs ?? 40_000;
  const minChunkLogs = Math.min(options.minChunkLogs ?? 30_000, maxBufferedLogs);
  const buffered = () => {
    let logs = 0;
    for (const chunk of ready.values()) logs += chunk.logCount;
    return logs;
  };
  let waiters: (() => void)[] = [];
  const notify = () => {
    for (const wake of waiters) wake();
    waiters = [];
  };
  const waitForRoom = () => new Promise<void>((resolve) => waiters.push(resolve));
  // After a failure, chunks still in flight must not be committed: the caller starts over from the checkpoint.
  let failed = false;
  let commitError: unknown = null;
  const fail = (error: unknown) => {
    commitError ??= error;
    failed = true;
    notify();
  };
  let handedOverAt = performance.now();
  /** The last block handed over (committed, or being committed). */
  let handedOverTo = from - 1;
  /** The commit of the chunk handed over last, while it runs (it may yield between transactions). */
  let committing: Promise<void> | null = null;

  const drain = () => {
    if (failed || committing) return;
    // Contiguous chunks are gathered into one commit of tens of thousands of logs: few, large
    // transactions. A smaller run goes out when it ends the range, the buffer is full or a second
    // has passed (a sparse stretch still moves the checkpoint and the progress).
    const run: LogChunk[] = [];
    let logs = 0;
    for (let chunk = ready.get(handedOverTo + 1); chunk; chunk = ready.get(chunk.to + 1)) {
      run.push(chunk);
      logs += chunk.logCount;
    }
    if (run.length === 0) return;
    const due =
      logs >= minChunkLogs ||
      (run.at(-1) as LogChunk).to >= to ||
      buffered() >= maxBufferedLogs ||
      performance.now() - handedOverAt >= 1_000;
    if (!due) return;
    for (const chunk of run) ready.delete(chunk.from);
    const merged =
      run.length === 1
        ? (run[0] as LogChunk)
        : {
            from: (run[0] as LogChunk).from,
            to: (run.at(-1) as LogChunk).to,
            batches: run.flatMap((c) => c.batches),
            logCount: logs,
            timestamps: new Map(run.flatMap((c) => [...c.timestamps])),
          };
    handedOverTo = merged.to;
    // Room in the buffer: the fetch loops go on while this chunk is written.
    notify();
    const committed = () => {
      // The second is counted from the end of this commit: a commit slower than a second (a loaded
      // machine) must not make the next one only as large as what arrived while it ran.
      handedOverAt = performance.now();
      committing = null;
    };
    const pending = options.onChunk(merged);
    if (!pending) return committed();
    committing = pending.then(
      () => {
        committed();
        drainLater();
      },
      (error: unknown) => {
        committing = null;
        fail(error);
      },
    );
  };

  // A commit runs a turn after its last answer arrived: the fetch loop that received it sends its
  // next request first, so the node (and the decoding thread) keep working while SQLite is written.
  const drainLater = () =>
    setImmediate(() => {
      try {
        drain();
      } catch (error) {
        fail(error);
      }
    });

  const fetchLoop = async () => {
    while (next <= to && !failed) {
      signal.throwIfAborted();
      while (ready.size > 0 && buffered() >= maxBufferedLogs && !failed) await waitForRoom();
      if (next > to || failed) return;
      const start = next;
      const end = Math.min(to, start + range.size - 1);
      next = end + 1;
      const chunk = await fetchChunk(options, start, end);
      ready.set(start, chunk);
      drainLater();
    }
  };
  /** Commits what is left once everything is fetched, each chunk after the one before. */
  const commitRest = async () => {
    for (;;) {
      if (committing) await committing;
      if (commitError !== null) return;
      const before = handedOverTo;
      drain();
      if (!committing && handedOverTo === before) return;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, fetchLoop));
    await commitRest();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    notify();
    // A commit still running ends before the caller goes on (it may start over from the checkpoint).
    while (committing) await committing;
  }
  if (commitError !== null) throw commitError;
  // Here every chunk handed over is committed: a failed commit threw above, a running one was awaited.
  if (handedOverTo !== to) throw new Error(`backfill stopped at ${handedOverTo} of ${to}`);
}

async function fetchChunk(options: BackfillOptions, from: number, to: number): Promise<LogChunk> {
  const batches = await fetchLogs(options, from, to);
  return {
    from,
    to,
    batches,
    logCount: batches.reduce((n, b) => n + b.logCount, 0),
    timestamps: await timestampsOf(options, batches),
  };
}

/** A range the provider refuses is split in two, down to single blocks. */
async function fetchLogs(options: BackfillOptions, from: number, to: number): Promise<EventBatch[]> {
  try {
    const started = performance.now();
    const batch = await getLogs(options, from, to);
    options.range.observe(to - from + 1, batch.logCount, performance.now() - started);
    return [batch];
  } catch (error) {
    if (!(error instanceof RpcError) || error.kind !== 'range' || from === to) throw error;
    options.range.shrink(to - from + 1);
    const mid = from + Math.floor((to - from) / 2);
    const left = await fetchLogs(options, from, mid);
    const right = await fetchLogs(options, mid + 1, to);
    return left.concat(right);
  }
}

async function getLogs(options: BackfillOptions, from: number, to: number): Promise<EventBatch> {
  const params = [
    {
      fromBlock: hex(from),
      toBlock: hex(to),
      address: options.addresses,
      ...(options.topics ? { topics: options.topics } : {}),
    },
  ];
  const thread = options.decodingThread;
  if (thread) {
    const transport = thread.transport;
    return new EncodedBatch(
      await options.rpc.call<EncodedLogs>('eth_getLogs', params, options.signal, { transport }),
    );
  }
  const logs = await options.rpc.call<RpcLog[]>('eth_getLogs', params, options.signal);
  if (!Array.isArray(logs)) throw new RpcError('transient', 'eth_getLogs answered without a list');
  return new LogBatch(logs);
}

const HEADER_BATCH = 50;

async function timestampsOf(options: BackfillOptions, batches: EventBatch[]): Promise<Map<number, number>> {
  const timestamps = new Map<number, number>();
  const missing: number[] = [];
  for (const batch of batches)
    for (const [block, timestamp] of batch.timestamps()) {
      if (timestamp === undefined) missing.push(block);
      else timestamps.set(block, timestamp);
    }
  const numbers = missing.filter((n) => !timestamps.has(n));
  for (let i = 0; i < numbers.length; i += HEADER_BATCH) {
    const part = numbers.slice(i, i + HEADER_BATCH);
    const headers = await options.rpc.batch<{ number: string; timestamp: string } | null>(
      part.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), false] })),
      options.signal,
    );
    headers.forEach((h, j) => {
      if (!h) throw new RpcError('transient', `block ${part[j]} not found`);
      timestamps.set(Number(h.number), Number(h.timestamp));
    });
  }
  return timestamps;
}
