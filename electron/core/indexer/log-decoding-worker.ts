/**
 * The log-decoding thread: does a backfill's eth_getLogs exchanges (HTTP, JSON.parse, decoding) off
 * the thread that writes SQLite, and hands each answer back as one transferred buffer
 * (`encodeLogs`). Retries, fallback and the chain check stay with the RpcClient that called
 * (`LogDecodingThread.transport`). Run as a worker_threads entry; the bundle emits it beside core.
 */
import { parentPort } from 'node:worker_threads';
import { postJsonRpc, RpcError } from '../chain';
import { encodeLogs } from './event-batch';
import type { ThreadReply, ThreadRequest } from './log-decoding-thread';

const port = parentPort;
if (!port) throw new Error('log-decoding-worker must run as a worker thread');

const running = new Map<number, AbortController>();

port.on('message', async (request: ThreadRequest) => {
  if (request.op === 'cancel') {
    running.get(request.id)?.abort();
    return;
  }
  const abort = new AbortController();
  running.set(request.id, abort);
  let reply: ThreadReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const replies = await postJsonRpc(request.url, request.payloads, {
      timeoutMs: request.timeoutMs,
      signal: abort.signal,
    });
    reply = {
      id: request.id,
      replies: replies.map((r) => {
        if (!Array.isArray(r?.result)) return r;
        const encoded = encodeLogs(r.result);
        // Moved, not copied; a view into a shared buffer (Node's pool) is copied first.
        const bytes = ownsItsBuffer(encoded.bytes) ? encoded.bytes : new Uint8Array(encoded.bytes);
        transfer.push(bytes.buffer as ArrayBuffer, encoded.blocks.buffer as ArrayBuffer);
        return { ...r, result: { ...encoded, bytes } };
      }),
    };
  } catch (error) {
    const e = error instanceof RpcError ? error : null;
    reply = {
      id: request.id,
      error: {
        kind: e?.kind ?? 'transient',
        message: e ? e.message : `unreadable answer: ${String(error)}`,
        code: e?.code,
        retryAfterMs: e?.retryAfterMs,
      },
    };
  } finally {
    running.delete(request.id);
  }
  if (!abort.signal.aborted) port.postMessage(reply, transfer);
});

const ownsItsBuffer = (bytes: Uint8Array) =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
