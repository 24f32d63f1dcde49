import { Deserializer, Serializer } from 'node:v8';
import { RpcError } from '../chain';
import { type DecodedEvent, decodeLog, type RpcLog } from './decode';
import { EVENT_CATALOG, type EventSpec } from './event-catalog';

/**
 * The logs of one eth_getLogs answer, on their way from the fetch to the commit. A backfill holds
 * tens of thousands of them in its reorder buffer: they become `DecodedEvent`s only when committed,
 * so the objects of a commit die young.
 */
export interface EventBatch {
  /** Logs in the answer (unknown events included), what the range controller and the buffer count. */
  readonly logCount: number;
  /** The timestamps the answer carried (`blockTimestamp`); a block with logs but none is `undefined`. */
  timestamps(): Map<number, number | undefined>;
  /** The known events, in chain order, each with its block's timestamp. */
  events(timestamps: Map<number, number>): DecodedEvent[];
  /** The newest block the answer has logs in (any log: its hash is the block's), or null without logs. */
  lastBlock(): { number: number; hash: string } | null;
}

/** An answer as it came, decoded on the thread that commits it. */
export class LogBatch implements EventBatch {
  constructor(readonly logs: RpcLog[]) {}

  get logCount(): number {
    return this.logs.length;
  }

  timestamps(): Map<number, number | undefined> {
    const timestamps = new Map<number, number | undefined>();
    let block = '';
    for (const log of this.logs) {
      if (log.blockNumber === block) continue; // logs come block by block: one look per block
      block = log.blockNumber;
      timestamps.set(Number(block), log.blockTimestamp ? Number(log.blockTimestamp) : undefined);
    }
    return timestamps;
  }

  events(timestamps: Map<number, number>): DecodedEvent[] {
    return decodeAll(this.logs, timestamps);
  }

  lastBlock(): { number: number; hash: string } | null {
    const last = this.logs.at(-1);
    return last ? { number: Number(last.blockNumber), hash: last.blockHash.toLowerCase() } : null;
  }
}

/** Decodes logs (unknown events dropped), in chain order. */
export function decodeAll(logs: RpcLog[], timestamps: Map<number, number>): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  let block = '';
  let timestamp: number | undefined;
  for (const log of logs) {
    // Logs come block by block: each block's number is parsed and its timestamp looked up once.
    if (log.blockNumber !== block) {
      block = log.blockNumber;
      timestamp = timestamps.get(Number(block));
    }
    if (timestamp === undefined) throw new RpcError('transient', `no timestamp for block ${Number(block)}`);
    const event = decodeLog(log, timestamp);
    if (event) events.push(event);
  }
  return events.sort(byChainOrder);
}

const byChainOrder = (a: DecodedEvent, b: DecodedEvent) =>
  a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;

/**
 * An answer decoded on the log-decoding thread (`encodeLogs`), as the bytes of V8's serializer: one
 * buffer outside the heap while it waits, and cheaper to read back than the answer's JSON is to
 * parse and decode. V8's own serializer, not `v8.serialize`: that one sends every Buffer through a
 * JavaScript callback, which costs a third more to read back; the stored values come back as
 * Uint8Arrays, which SQLite binds as BLOBs like Buffers.
 */
export interface EncodedLogs {
  logCount: number;
  /** The events, each with its spec's index in EVENT_CATALOG and NaN for an unknown timestamp. */
  bytes: Uint8Array;
  /** [block, timestamp] of each block with logs; NaN where the answer did not carry it. */
  blocks: Float64Array;
  /** The hash of the last block in `blocks`. */
  lastBlockHash: string | null;
}

type SerializedEvent = Omit<DecodedEvent, 'spec'> & { spec: number | EventSpec };

const SPEC_INDEX = new Map(EVENT_CATALOG.map((spec, i) => [spec, i]));

/** Decodes an answer's logs for another thread. */
export function encodeLogs(logs: RpcLog[]): EncodedLogs {
  const batch = new LogBatch(logs);
  const timestamps = batch.timestamps();
  const blocks = new Float64Array(timestamps.size * 2);
  let i = 0;
  for (const [block, timestamp] of timestamps) {
    blocks[i++] = block;
    blocks[i++] = timestamp ?? Number.NaN;
  }
  const events: SerializedEvent[] = [];
  for (const log of logs) {
    const event = decodeLog(log, log.blockTimestamp ? Number(log.blockTimestamp) : Number.NaN);
    if (event) events.push({ ...event, spec: SPEC_INDEX.get(event.spec) as number });
  }
  const serializer = new Serializer();
  serializer.writeHeader();
  serializer.writeValue(events);
  const lastBlockHash = logs.at(-1)?.blockHash.toLowerCase() ?? null;
  return { logCount: logs.length, bytes: serializer.releaseBuffer(), blocks, lastBlockHash };
}

export function isEncodedLogs(value: unknown): value is EncodedLogs {
  const v = value as EncodedLogs | null;
  return typeof v?.logCount === 'number' && v.bytes instanceof Uint8Array && v.blocks instanceof Float64Array;
}

/**
 * Frees read bytes now (detaches their buffer) instead of at the next full GC: an answer's buffer
 * came from the decoding thread and lived through the reorder buffer, past any young-generation
 * GC. 1M bench: peak RSS 17–18.5 MB lower in three of three interleaved pairs. Only a buffer the
 * view owns whole (the thread hands over such), never part of a shared one.
 */
function freeNow(bytes: Uint8Array): void {
  // ES2024's ArrayBuffer.prototype.transfer (Node 21+, Electron 29+); the project's lib is ES2023.
  const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) buffer.transfer?.(0);
}

/** An answer the log-decoding thread decoded (`encodeLogs`). */
export class EncodedBatch implements EventBatch {
  constructor(readonly encoded: EncodedLogs) {}

  get logCount(): number {
    return this.encoded.logCount;
  }

  timestamps(): Map<number, number | undefined> {
    const { blocks } = this.encoded;
    const timestamps = new Map<number, number | undefined>();
    for (let i = 0; i < blocks.length; i += 2) {
      const timestamp = blocks[i + 1] as number;
      timestamps.set(blocks[i] as number, Number.isNaN(timestamp) ? undefined : timestamp);
    }
    return timestamps;
  }

  #read = false;

  /** The events, once: their bytes are freed as they are read (`freeNow`). */
  events(timestamps: Map<number, number>): DecodedEvent[] {
    if (this.#read) throw new Error('an encoded batch is read once: its bytes were freed when it was read');
    this.#read = true;
    const { bytes } = this.encoded;
    const deserializer = new Deserializer(bytes);
    deserializer.readHeader();
    const events = deserializer.readValue() as SerializedEvent[];
    freeNow(bytes);
    for (const event of events) {
      event.spec = EVENT_CATALOG[event.spec as number] as EventSpec;
      if (Number.isNaN(event.timestamp)) {
        const timestamp = timestamps.get(event.blockNumber);
        if (timestamp === undefined)
          throw new RpcError('transient', `no timestamp for block ${event.blockNumber}`);
        event.timestamp = timestamp;
      }
    }
    return (events as DecodedEvent[]).sort(byChainOrder);
  }

  lastBlock(): { number: number; hash: string } | null {
    const { blocks, lastBlockHash } = this.encoded;
    return lastBlockHash === null
      ? null
      : { number: blocks[blocks.length - 2] as number, hash: lastBlockHash };
  }
}
