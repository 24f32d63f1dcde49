// The training network's RPC (HTTP and WebSocket) against hostile input: every crash input found by
// probing it is a case here, then a fuzz of malformed frames per transport; the chain must answer
// each with a JSON-RPC error and still serve afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { malformedFrame } from '../../../test/support/malformed-input';
import { exchange } from '../../../test/support/ws-exchange';
import { type LocalChain, startLocalChain } from './local-chain';
import { randomSource } from './random';

// CI runs 1,000 per transport (seconds); `FUZZ_FRAMES=10000` for the full fuzz.
const FUZZ_FRAMES = Number(process.env.FUZZ_FRAMES ?? 1000);
let chain: LocalChain;

beforeAll(async () => {
  chain = await startLocalChain({ chainId: 31_337, accounts: [] });
});
afterAll(async () => {
  await chain?.stop();
});

async function post(body: string | Buffer): Promise<{ status: number; json: unknown }> {
  const response = await fetch(chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const chainIdCall = (id: number) => ({ jsonrpc: '2.0', id, method: 'eth_chainId', params: [] });

async function stillServes(): Promise<void> {
  const { json } = await post(JSON.stringify(chainIdCall(1)));
  expect(json).toMatchObject({ id: 1, result: '0x7a69' });
}

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(chain.wsUrl);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('the training network RPC refuses malformed input and keeps serving', () => {
  it.each(['null', '42', '"eth_chainId"', 'true', '[null]', '[42, "x"]'])(
    'answers the body %s with "Invalid request"',
    async (body) => {
      const { json } = await post(body);
      const answers = Array.isArray(json) ? json : [json];
      for (const answer of answers) expect(answer).toMatchObject({ id: null, error: { code: -32600 } });
      await stillServes();
    },
  );

  it('refuses an empty batch and a batch over 1,000 calls without running it', async () => {
    expect((await post('[]')).json).toMatchObject({ error: { code: -32600 } });
    const started = performance.now();
    const { json } = await post(JSON.stringify(Array.from({ length: 110_000 }, (_, i) => chainIdCall(i))));
    const ms = performance.now() - started;
    expect(json).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/at most 1000/) } });
    console.log(`a batch of 110,000 calls refused in ${Math.round(ms)} ms`);
    const batch = (await post(JSON.stringify(Array.from({ length: 1000 }, (_, i) => chainIdCall(i))))).json;
    expect(batch).toHaveLength(1000);
  });

  it('refuses a body over 8 MiB with 413 and nesting past 64 levels with a parse error', async () => {
    const big = await post(Buffer.alloc(9 * 1024 * 1024, 0x20));
    expect(big.status).toBe(413);
    const deep = await post(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(deep.json).toMatchObject({ error: { code: -32700, message: expect.stringMatching(/64 levels/) } });
    await stillServes();
  });

  it('answers null, deep and oversized WebSocket frames without dying', async () => {
    const ws = await openSocket();
    expect(await exchange(ws, 'null')).toMatchObject({ error: { code: -32600 } });
    expect(await exchange(ws, '[null, 1]')).toMatchObject([{ error: { code: -32600 } }, {}]);
    expect(await exchange(ws, '{'.repeat(20_000))).toMatchObject({ error: { code: -32700 } });
    expect(await exchange(ws, JSON.stringify(chainIdCall(7)))).toMatchObject({ id: 7, result: '0x7a69' });
    expect(await exchange(ws, ' '.repeat(9 * 1024 * 1024))).toBe('closed');
    await stillServes();
    const again = await openSocket();
    expect(await exchange(again, JSON.stringify(chainIdCall(8)))).toMatchObject({ id: 8 });
    again.close();
  });

  it(
    `survives ${FUZZ_FRAMES} malformed HTTP bodies and ${FUZZ_FRAMES} WebSocket frames`,
    async () => {
      const random = randomSource(1313);
      const shape = () => chainIdCall(Math.floor(random() * 1000));
      const statuses = new Map<number, number>();
      const started = performance.now();
      for (let i = 0; i < FUZZ_FRAMES; i += 50) {
        const results = await Promise.all(
          Array.from({ length: 50 }, () => post(malformedFrame(random, shape)).then((r) => r.status)),
        );
        for (const status of results) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      expect([...statuses.keys()].every((s) => s === 200 || s === 400)).toBe(true);
      await stillServes();
      const ws = await openSocket();
      let closes = 0;
      let socket = ws;
      for (let i = 0; i < FUZZ_FRAMES; i++) {
        if ((await exchange(socket, malformedFrame(random, shape))) === 'closed') {
          closes++;
          socket = await openSocket();
        }
      }
      expect(await exchange(socket, JSON.stringify(chainIdCall(9)))).toMatchObject({
        id: 9,
        result: '0x7a69',
      });
      socket.close();
      console.log(
        `rpc fuzz: ${FUZZ_FRAMES} bodies (statuses ${JSON.stringify(Object.fromEntries(statuses))}), ${FUZZ_FRAMES} frames (${closes} closed the socket) in ${Math.round(performance.now() - started)} ms`,
      );
    },
    FUZZ_FRAMES * 60 + 60_000,
  );
});
