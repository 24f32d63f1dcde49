import { Worker } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_WORKER_URL } from './key-worker';
import type { WorkerReply } from './worker-protocol';

const worker = new Worker(DEFAULT_WORKER_URL, { workerData: { token: 'launch-token' } });
afterAll(() => worker.terminate());

function send(envelope: unknown): Promise<WorkerReply> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(envelope);
  });
}

it('answers only requests that carry its launch token', async () => {
  const unlock = { op: 'forget', slot: '0x0000000000000000000000000000000000000001' };
  expect(await send({ id: 1, token: 'another-token', request: unlock })).toEqual({
    id: 1,
    ok: false,
    error: { kind: 'bad-token', message: 'rejected' },
  });
  expect(await send({ id: 2, request: unlock })).toMatchObject({
    id: 2,
    ok: false,
    error: { kind: 'bad-token' },
  });
  expect(await send({ id: 3, token: 'launch-token', request: unlock })).toEqual({
    id: 3,
    ok: true,
    result: { forgotten: false },
  });
});

it('signing from an empty slot, or an unknown request, fails without a library message', async () => {
  const tx = { op: 'sign-transaction', slot: '0x0000000000000000000000000000000000000001', tx: {} };
  expect(await send({ id: 4, token: 'launch-token', request: tx })).toEqual({
    id: 4,
    ok: false,
    error: { kind: 'locked', message: 'locked' },
  });
  expect(await send({ id: 5, token: 'launch-token', request: { op: 'export-key' } })).toEqual({
    id: 5,
    ok: false,
    error: { kind: 'invalid-request', message: 'unknown request' },
  });
  const badKey = {
    op: 'encrypt',
    secret: { kind: 'private-key', privateKey: '0x12' },
    password: 'x',
    scryptN: 1024,
  };
  expect(await send({ id: 6, token: 'launch-token', request: badKey })).toEqual({
    id: 6,
    ok: false,
    error: { kind: 'invalid-request', message: 'The private key or recovery phrase is not valid.' },
  });
});
