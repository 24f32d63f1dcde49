import { createServer, type Server } from 'node:http';
import { Interface } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient, RpcError } from '../chain';
import { silentLogger } from '../ports/logger';
import type { RpcLog } from './decode';
import { decodeAll, EncodedBatch, type EncodedLogs } from './event-batch';
import { EVENT_CATALOG, type EventSpec } from './event-catalog';
import { LogDecodingThread } from './log-decoding-thread';

const settled = EVENT_CATALOG.find((s) => s.name === 'TradeSettled') as EventSpec;
const iface = new Interface([settled.fragment]);
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const logOf = (i: number): RpcLog => ({
  address: `0x${'be'.repeat(20)}`,
  ...iface.encodeEventLog(settled.fragment, [BigInt(i), 990n, 10n, true]),
  blockNumber: `0x${(100 + Math.floor(i / 10)).toString(16)}`,
  blockHash: word(100 + Math.floor(i / 10)),
  logIndex: `0x${(i % 10).toString(16)}`,
  transactionHash: word(5_000 + i),
  blockTimestamp: '0x6553f100',
});
const LOGS = Array.from({ length: 50 }, (_, i) => logOf(i));

/** What the test's node answers, by the first param's fromBlock. */
const answers: Record<string, (id: number) => { status?: number; body: string }> = {
  '0x1': (id) => ({ body: JSON.stringify({ jsonrpc: '2.0', id, result: LOGS }) }),
  '0x2': (id) => ({
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      error: { code: -32005, message: 'query returned more than 10000 results' },
    }),
  }),
  '0x3': () => ({ status: 503, body: 'block range is too wide' }),
  '0x4': (id) => ({ body: JSON.stringify({ jsonrpc: '2.0', id, result: { not: 'a list' } }) }),
  '0x5': () => ({ body: '{"jsonrpc":"2.0","id":' }),
  // ~40 MB of logs: more than a thread of 32 MB can parse (its code alone fits, see the test).
  '0x6': (id) => ({
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      result: Array.from({ length: 40_000 }, (_, i) => LOGS[i % 50]),
    }),
  }),
};
let server: Server;
let url = '';
const held: (() => void)[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (c) => {
      text += c;
    });
    request.on('end', () => {
      const { id, method, params } = JSON.parse(text) as {
        id: number;
        method: string;
        params: [{ fromBlock: string }];
      };
      if (method === 'eth_chainId')
        return response.end(JSON.stringify({ jsonrpc: '2.0', id, result: '0x7a69' }));
      const from = params[0].fromBlock;
      if (from === '0x7') return held.push(() => response.end('{}')); // answers only when released
      const answer = (answers[from] as (id: number) => { status?: number; body: string })(id);
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  for (const release of held) release();
  server.close();
});

const rpc = () => new RpcClient({ urls: [url], log: silentLogger, chainId: 31337, maxAttempts: 1 });
const getLogs = (thread: LogDecodingThread, fromBlock: string, signal?: AbortSignal) =>
  rpc().call<EncodedLogs>('eth_getLogs', [{ fromBlock, toBlock: fromBlock }], signal, {
    transport: thread.transport,
  });

describe('log-decoding thread', () => {
  it('hands an answer back decoded, equal to decoding it here', async () => {
    const thread = new LogDecodingThread(32);
    try {
      const batch = new EncodedBatch(await getLogs(thread, '0x1'));
      const timestamps = new Map([...batch.timestamps()].map(([b, t]) => [b, t as number]));
      const events = [...batch.events(timestamps)];
      expect(events).toHaveLength(50);
      const here = decodeAll(LOGS, timestamps);
      expect(events.map((e) => [e.blockNumber, e.logIndex, e.txHash, e.values])).toEqual(
        here.map((e) => [e.blockNumber, e.logIndex, e.txHash, e.values]),
      );
    } finally {
      await thread.close();
    }
  });

  it('gives the RpcClient the failures it would have seen itself: range refusals, a missing list, a broken body', async () => {
    const thread = new LogDecodingThread(32);
    try {
      const kindOf = (fromBlock: string) =>
        getLogs(thread, fromBlock).catch((e: RpcError) => [e.kind, e.code]);
      expect(await kindOf('0x2')).toEqual(['range', -32005]);
      expect(await kindOf('0x3')).toEqual(['range', 503]);
      // Transient failures are retried until the attempts run out (one here): RPC_UNAVAILABLE names the last.
      await expect(getLogs(thread, '0x4')).rejects.toThrow(/eth_getLogs answered without a list/);
      await expect(getLogs(thread, '0x5')).rejects.toThrow(/unparseable answer/);
      // The thread is still there for the next answer.
      expect((await getLogs(thread, '0x1')).logCount).toBe(50);
    } finally {
      await thread.close();
    }
  });

  it('calls an answer too big for its heap a range refusal (so the range halves), and starts again', async () => {
    const thread = new LogDecodingThread(32);
    try {
      const error = await getLogs(thread, '0x6').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).kind).toBe('range');
      expect((error as RpcError).message).toMatch(/did not fit the log-decoding thread's 32 MB heap/);
      expect((await getLogs(thread, '0x1')).logCount).toBe(50);
    } finally {
      await thread.close();
    }
  });

  it('stops waiting when aborted, and fails what is in flight when closed', async () => {
    const thread = new LogDecodingThread(32);
    const abort = new AbortController();
    const aborted = getLogs(thread, '0x7', abort.signal);
    const inFlight = getLogs(thread, '0x7');
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(2); // a thread starting under load takes a while
    abort.abort(new Error('stopped by the test'));
    await expect(aborted).rejects.toThrow('stopped by the test');
    await thread.close();
    await expect(inFlight).rejects.toThrow(/log-decoding thread was closed/);
    for (const release of held.splice(0)) release();
  });
});
