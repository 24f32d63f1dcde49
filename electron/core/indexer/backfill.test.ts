import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RpcClient } from '../chain';
import { AdaptiveRange, backfill, type LogChunk } from './backfill';
import type { RpcLog } from './decode';
import { waitFor } from './testing/wait-for';

describe('AdaptiveRange', () => {
  it('converges on the range that holds the target number of logs', () => {
    const range = new AdaptiveRange(10, 1, 100_000, 10_000);
    // 1,375 logs per block (the bench chain): ~7 blocks hold 10,000.
    for (let i = 0; i < 20; i++) range.observe(range.size, range.size * 1_375);
    expect(range.size).toBe(7);
    // A sparse chain: grows twofold per answer up to the maximum.
    const sparse = new AdaptiveRange(10, 1, 50_000, 10_000);
    for (let i = 0; i < 20; i++) sparse.observe(sparse.size, Math.floor(sparse.size / 100));
    expect(sparse.size).toBe(50_000);
  });

  it('does not collapse to one block when answers of earlier, larger ranges arrive together', () => {
    const range = new AdaptiveRange(64, 1, 100_000, 10_000);
    // Four requests of 64 blocks were in flight on a stretch of 200 logs per block: each answer
    // (12,800 logs) is above the target, but all of them say the same density.
    for (let i = 0; i < 4; i++) range.observe(64, 64 * 200);
    expect(range.size).toBe(50);
    for (let i = 0; i < 4; i++) range.observe(64, 64 * 200);
    expect(range.size).toBe(50);
  });

  it('stays below a range the provider refused, and probes above it again later', () => {
    const range = new AdaptiveRange(1_000, 1, 100_000, 10_000);
    range.shrink(2_000);
    expect(range.size).toBe(1_000);
    for (let i = 0; i < 10; i++) range.observe(range.size, 10);
    expect(range.size).toBe(1_999);
    for (let i = 0; i < 60; i++) range.observe(range.size, 10);
    expect(range.size).toBeGreaterThan(2_000);
  });

  it('halves the target while answers are slow', () => {
    const range = new AdaptiveRange(10, 1, 100_000, 10_000, 5_000);
    range.observe(10, 10_000, 8_000);
    expect(range.size).toBe(5);
  });
});

/** A node with one log per block (its timestamp in the log), recording the ranges asked for. */
function oneLogPerBlock() {
  const requested: number[] = [];
  const hex = (n: number) => `0x${n.toString(16)}`;
  const logAt = (n: number): RpcLog => ({
    address: '0x0000000000000000000000000000000000000001',
    topics: [],
    data: '0x',
    blockNumber: hex(n),
    blockHash: `0x${n.toString(16).padStart(64, '0')}`,
    blockTimestamp: hex(1_700_000_000 + n),
    logIndex: '0x0',
    transactionHash: `0x${n.toString(16).padStart(64, '0')}`,
  });
  const rpc = {
    async call(method: string, params: { fromBlock: string; toBlock: string }[]) {
      if (method !== 'eth_getLogs') throw new Error(`unexpected ${method}`);
      const [from, to] = [Number(params[0]?.fromBlock), Number(params[0]?.toBlock)];
      await sleep(1);
      requested.push(to);
      return Array.from({ length: to - from + 1 }, (_, i) => logAt(from + i));
    },
  } as unknown as RpcClient;
  return { rpc, requested };
}

/** `waitFor` at a millisecond's grain: the fake node answers in one. */
const until = (condition: () => boolean) => waitFor(condition, 2_000, 1);

describe('backfill with a commit that yields (onChunk returns a promise)', () => {
  const options = (rpc: RpcClient, onChunk: (chunk: LogChunk) => Promise<void>) => ({
    rpc,
    addresses: [],
    from: 1,
    to: 100,
    // Ten blocks (ten logs) per request, whatever the density.
    range: new AdaptiveRange(10, 10, 10),
    concurrency: 2,
    signal: new AbortController().signal,
    maxBufferedLogs: 30,
    minChunkLogs: 10,
    onChunk,
  });

  it('fetches on while a chunk is written, hands the next over once it is written, and returns after the last', async () => {
    const { rpc, requested } = oneLogPerBlock();
    const handed: [number, number][] = [];
    const releases: (() => void)[] = [];
    let returned = false;
    const run = backfill(
      options(rpc, (chunk) => {
        handed.push([chunk.from, chunk.to]);
        return new Promise<void>((resolve) => releases.push(resolve));
      }),
    ).then(() => {
      returned = true;
    });
    await until(() => handed.length === 1);
    // While the first chunk is written, the requests go on up to the buffer (30 logs past it).
    await until(() => Math.max(...requested) >= (handed[0] as [number, number])[1] + 30);
    await sleep(20);
    expect(handed).toHaveLength(1);
    expect(Math.max(...requested)).toBeLessThanOrEqual((handed[0] as [number, number])[1] + 50);
    while (!returned) {
      await until(() => releases.length === handed.length || returned);
      if (returned) break;
      expect(returned).toBe(false);
      releases.at(-1)?.();
      await sleep(5);
    }
    await run;
    // In block order, contiguous, each after the one before was written.
    expect(handed[0]?.[0]).toBe(1);
    handed.forEach(([from], i) => {
      if (i > 0) expect(from).toBe((handed[i - 1] as [number, number])[1] + 1);
    });
    expect(handed.at(-1)?.[1]).toBe(100);
    expect(handed.length).toBeLessThan(10);
  });

  it("fails with the commit's error, hands nothing over after it, and returns only once it settled", async () => {
    const { rpc } = oneLogPerBlock();
    let calls = 0;
    let settled = false;
    const failure = backfill(
      options(rpc, async () => {
        calls++;
        await sleep(30);
        settled = true;
        throw new Error('disk full');
      }),
    );
    await expect(failure).rejects.toThrow('disk full');
    expect(settled).toBe(true);
    expect(calls).toBe(1);
  });
});
