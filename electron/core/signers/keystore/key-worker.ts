import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type {
  WorkerData,
  WorkerEnvelope,
  WorkerErrorKind,
  WorkerReply,
  WorkerRequest,
  WorkerResult,
} from './worker-protocol';

/**
 * Where the worker entry is: beside this module. Under tsx and vitest the source runs as it is (Node
 * strips the types of `keystore-worker.ts`); the bundled app runs `keystore-worker.js`, which the
 * electron-vite config must emit as an entry of its own next to the core bundle. The name is built at
 * run time so the bundler does not try to inline the file as an asset.
 */
const workerEntry = import.meta.url.endsWith('.ts') ? './keystore-worker.ts' : './keystore-worker.js';
export const DEFAULT_WORKER_URL = new URL(workerEntry, import.meta.url);

export class KeyWorkerError extends Error {
  override readonly name = 'KeyWorkerError';
  readonly kind: WorkerErrorKind | 'worker-exited';

  constructor(kind: WorkerErrorKind | 'worker-exited', message: string) {
    super(message);
    this.kind = kind;
  }
}

type ResultOf<R extends WorkerRequest> = R['op'] extends 'encrypt'
  ? { address: string; keystoreJson: string }
  : R['op'] extends 'unlock'
    ? { address: string }
    : R['op'] extends 'forget'
      ? { forgotten: boolean }
      : R['op'] extends 'sign-typed-data'
        ? { signature: string }
        : { serialized: string };

type Pending = { resolve: (result: WorkerResult) => void; reject: (error: Error) => void };

/**
 * Core's side of the key worker: the thread starts on the first request and ends on `terminate`
 * (with every key it held); a per-launch token goes with every request, replies are matched by id.
 */
export class KeyWorker {
  readonly #url: URL;
  readonly #token = randomBytes(32).toString('hex');
  readonly #onExit = new Set<() => void>();
  #worker: Worker | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(workerUrl: URL = DEFAULT_WORKER_URL) {
    this.#url = workerUrl;
  }

  /** Whether a thread is running (and so may hold keys). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** Called whenever the thread ends, by `terminate` or by failing: every key it held is gone. */
  onExit(listener: () => void): void {
    this.#onExit.add(listener);
  }

  call<R extends WorkerRequest>(request: R): Promise<ResultOf<R>> {
    const worker = this.#start();
    const pending = this.#pending;
    const id = this.#nextId++;
    const envelope: WorkerEnvelope = { id, token: this.#token, request };
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (result: WorkerResult) => void, reject });
      worker.postMessage(envelope);
    });
  }

  /** Ends the thread, and every key with it. */
  async terminate(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#ended(worker, 'the key worker was stopped');
    await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const data: WorkerData = { token: this.#token };
    const worker = new Worker(this.#url, { workerData: data });
    const pending = this.#pending;
    worker.on('message', (reply: WorkerReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new KeyWorkerError(reply.error.kind, reply.error.message));
    });
    // Only the error's name and code: the worker's own failures never carry key material, but a
    // message is not ours to vouch for.
    worker.on('error', (error: Error & { code?: string }) =>
      this.#ended(worker, `the key worker failed (${error.name}${error.code ? ` ${error.code}` : ''})`),
    );
    worker.on('exit', () => this.#ended(worker, 'the key worker stopped'));
    this.#worker = worker;
    return worker;
  }

  #ended(worker: Worker, message: string): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const pending = this.#pending;
    this.#pending = new Map();
    for (const { reject } of pending.values()) reject(new KeyWorkerError('worker-exited', message));
    for (const listener of this.#onExit) listener();
  }
}
