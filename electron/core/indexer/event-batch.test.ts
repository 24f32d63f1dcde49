import { Interface } from 'ethers';
import { describe, expect, it } from 'vitest';
import { RpcError } from '../chain';
import { hexToAmount } from '../store';
import { arg, type DecodedEvent, type RpcLog } from './decode';
import { decodeAll, EncodedBatch, encodeLogs, LogBatch, PIECE_EVENTS } from './event-batch';
import { EVENT_CATALOG, type EventSpec } from './event-catalog';

const spec = (name: string) => EVENT_CATALOG.find((s) => s.name === name) as EventSpec;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

/** A log of `name` with `args`, as eth_getLogs answers it (with or without `blockTimestamp`). */
function rpcLog(name: string, args: unknown[], block: number, logIndex: number, timestamp?: number): RpcLog {
  const { fragment } = spec(name);
  const { data, topics } = new Interface([fragment]).encodeEventLog(fragment, args);
  return {
    address: address(0xbeef),
    topics,
    data,
    blockNumber: `0x${block.toString(16)}`,
    blockHash: hash(block),
    logIndex: `0x${logIndex.toString(16)}`,
    transactionHash: hash(1_000_000 + block),
    ...(timestamp === undefined ? {} : { blockTimestamp: `0x${timestamp.toString(16)}` }),
  };
}

// Two blocks: the first answer carries its timestamp, the second does not (a header fetch gives it).
const logs: RpcLog[] = [
  rpcLog(
    'OfferListed',
    [7n, address(0x1001), 4_200n, 10n ** 18n, 1_700_086_400n, 100, 600n],
    10,
    0,
    1_700_000_000,
  ),
  rpcLog(
    'TradeOpened',
    [9n, 7n, address(0x1001), address(0x2002), 4_200n, 2n ** 200n, 100, 1_700_000_600n],
    10,
    1,
    1_700_000_000,
  ),
  rpcLog('ProsumerRejected', [address(0x3003), hash(5), 'meter serial does not match'], 11, 0),
  { ...rpcLog('TradeSettled', [9n, 4_158n, 42n, true], 11, 1), topics: [hash(0xdead)] }, // not ours: dropped
  rpcLog('TradeSettled', [9n, 4_158n, 42n, true], 11, 2),
];
const timestamps = new Map([
  [10, 1_700_000_000],
  [11, 1_700_003_600],
]);

/** Stored BLOBs come back from another thread as Uint8Arrays: compare bytes, not classes. */
describe('event batches', () => {
  it('an answer encoded for another thread reads back as the same events as one decoded here', () => {
    const here = new LogBatch(logs);
    const encoded = new EncodedBatch(encodeLogs(logs));
    expect(encoded.logCount).toBe(5);
    expect(here.logCount).toBe(5);
    // The timestamps each answer carried; block 11's must come from its header.
    const carried = new Map([
      [10, 1_700_000_000],
      [11, undefined],
    ]);
    expect(here.timestamps()).toEqual(carried);
    expect(encoded.timestamps()).toEqual(carried);
    // The newest block with a log, whichever event it is: the checkpoint's hash when it ends there.
    expect(here.lastBlock()).toEqual({ number: 11, hash: hash(11) });
    expect(encoded.lastBlock()).toEqual({ number: 11, hash: hash(11) });
    expect(new LogBatch([]).lastBlock()).toBeNull();
    expect(new EncodedBatch(encodeLogs([])).lastBlock()).toBeNull();
    const events = [...encoded.events(timestamps)];
    expect(events.map((e) => `${e.spec.name}@${e.blockNumber}.${e.logIndex}:${e.timestamp}`)).toEqual([
      'OfferListed@10.0:1700000000',
      'TradeOpened@10.1:1700000000',
      'ProsumerRejected@11.0:1700003600',
      'TradeSettled@11.2:1700003600',
    ]);
    expect(events).toEqual(decodeAll(logs, timestamps));
    // The spec is the catalog's own object again, and an amount of 2^200 survived.
    expect(events[1]?.spec).toBe(spec('TradeOpened'));
    expect(hexToAmount(arg(events[1] as DecodedEvent, 'payment_amount') as string)).toBe(2n ** 200n);
  });

  it('reads back an answer of several pieces whole and in chain order, and frees it after the last', () => {
    // Listed out of order within each block, as no node answers: the encoding puts them in order.
    const many: RpcLog[] = [];
    for (let i = 0; i < PIECE_EVENTS * 2 + 5; i++) {
      const block = 10 + Math.floor(i / 100);
      const logIndex = 99 - (i % 100);
      many.push(
        rpcLog(
          'OfferListed',
          [i, address(0x1001), 4_200n, 10n ** 18n, 1n, 100, 600n],
          block,
          logIndex,
          block,
        ),
      );
    }
    const encoded = new EncodedBatch(encodeLogs(many));
    const stamps = new Map([...encoded.timestamps()].map(([b, t]) => [b, t as number]));
    const read: DecodedEvent[] = [];
    for (const event of encoded.events(stamps)) {
      read.push(event);
      // The bytes stay until the last piece is read.
      if (read.length === PIECE_EVENTS * 2) expect(encoded.encoded.bytes.byteLength).toBeGreaterThan(0);
    }
    expect(encoded.encoded.bytes.byteLength).toBe(0);
    expect(read).toEqual(decodeAll(many, stamps));
    expect(read.map((e) => arg(e, 'offer_id'))).not.toEqual(many.map((_, i) => i));
  });

  it("frees an encoded answer's bytes once read back, and refuses a second read", () => {
    const encoded = new EncodedBatch(encodeLogs(logs));
    expect(encoded.encoded.bytes.byteLength).toBeGreaterThan(0);
    expect([...encoded.events(timestamps)]).toHaveLength(4);
    expect(encoded.encoded.bytes.byteLength).toBe(0);
    expect(() => encoded.events(timestamps)).toThrow('an encoded batch is read once');
  });

  it('refuses to read back an event whose block has no timestamp, naming the block', () => {
    const encoded = new EncodedBatch(encodeLogs(logs));
    const onlyFirst = new Map([[10, 1_700_000_000]]);
    expect(() => [...encoded.events(onlyFirst)]).toThrow(
      new RpcError('transient', 'no timestamp for block 11'),
    );
    expect(() => [...new LogBatch(logs).events(onlyFirst)]).toThrow('no timestamp for block 11');
  });
});
