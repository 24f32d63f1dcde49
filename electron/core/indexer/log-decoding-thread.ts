import { Worker } from 'node:worker_threads';
import { type JsonRpcPayload, type JsonRpcReply, type JsonRpcTransport, RpcError } from '../chain';
import { isEncodedLogs } from './event-batch';

export type ThreadRequest =
  | { op: 'post'; id: number; url: string; payloads: JsonRpcPayload[]; timeoutMs: number }
  | { op: 'cancel'; id: number };

export type ThreadReply =
  | { id: number; replies: JsonRpcReply[] }
  | { id: number; error: { kind: RpcError['kind']; message: string; code?: number; retryAfterMs?: number } };

/**
 * Where the worker entry is: beside this module. Under tsx and vitest the source runs through tsx
 * (its relative imports have no extensions); the bundled app runs `log-decoding-worker.js`, an entry
 * of its own next to the core bundle. The name is built at run time so the bundler does not inline it.
 */
const fromSource = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(
  fromSource ? './log-decoding-worker.ts' : './log-decoding-worker.js',
  import.meta.url,
);

/**
 * The heap of the thread: a few answers of ~5,000 logs in flight (text, parsed logs, events) fit with
 * room; a bigger young generation than the core's, as nearly everything it makes dies young.
 */
const OLD_GENERATION_MB = 64;
const YOUNG_GENERATION_MB = 8;

type Pending = { resolve: (replies: JsonRpcReply[]) => void; reject: (error: Error) => void };

/**
 * Core's side of the log-decoding thread (`log-decoding-worker.ts`): `transport` is an RpcClient
 * transport whose eth_getLogs results arrive decoded (`EncodedLogs`). The thread starts on the first
 * exchange and ends on `close`; if it dies, the exchanges in flight fail as transient (the RpcClient
 * retries them) and the next one starts a new thread.
 */
export class LogDecodingThread {
  readonly #heapMb: number;
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  /** `heapMb`: the thread's old generation (tests make it small). */
  constructor(heapMb = OLD_GENERATION_MB) {
    this.#heapMb = heapMb;
  }

  readonly transport: JsonRpcTransport = (url, payloads, { timeoutMs, signal }) => {
    signal?.throwIfAborted();
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<JsonRpcReply[]>((resolve, reject) => {
      const onAbort = () => {
        this.#pending.delete(id);
        worker.postMessage({ op: 'cancel', id } satisfies ThreadRequest);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (replies) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(replies);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      worker.postMessage({ op: 'post', id, url, payloads, timeoutMs } satisfies ThreadRequest);
    });
  };

  /** Ends the thread; exchanges in flight fail as transient. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
    this.#failAll('the log-decoding thread was closed');
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.#heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    worker.on('message', (reply: ThreadReply) => this.#settle(reply));
    worker.on('error', (error: Error & { code?: string }) =>
      // An answer too big for the thread's heap: the range is too wide, as a provider's size limit says.
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? this.#stopped(
            worker,
            `an answer did not fit the log-decoding thread's ${this.#heapMb} MB heap`,
            'range',
          )
        : this.#stopped(worker, `the log-decoding thread failed: ${error.message}`),
    );
    worker.on('exit', (code) => this.#stopped(worker, `the log-decoding thread exited (${code})`));
    this.#worker = worker;
    return worker;
  }

  #settle(reply: ThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return; // cancelled
    this.#pending.delete(reply.id);
    if ('error' in reply) {
      const { kind, message, code, retryAfterMs } = reply.error;
      pending.reject(new RpcError(kind, message, code, retryAfterMs));
    } else if (reply.replies.every((r) => r.error || isEncodedLogs(r.result))) pending.resolve(reply.replies);
    else pending.reject(new RpcError('transient', 'eth_getLogs answered without a list'));
  }

  #stopped(worker: Worker, reason: string, kind: RpcError['kind'] = 'transient'): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#failAll(reason, kind);
  }

  #failAll(reason: string, kind: RpcError['kind'] = 'transient'): void {
    for (const pending of this.#pending.values()) pending.reject(new RpcError(kind, reason));
    this.#pending.clear();
  }
}
