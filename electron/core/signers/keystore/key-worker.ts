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
    : R['op'] extends 'sign-typed-data'
      ? { signature: string }
      : { serialized: string };

/** Core's side of one key worker: a per-launch token on every request, replies matched by id. */
export class KeyWorker {
  readonly #worker: Worker;
  readonly #token = randomBytes(32).toString('hex');
  readonly #pending = new Map<
    number,
    { resolve: (result: WorkerResult) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;
  #exited = false;

  constructor(workerUrl: URL = DEFAULT_WORKER_URL) {
    const data: WorkerData = { token: this.#token };
    this.#worker = new Worker(workerUrl, { workerData: data });
    this.#worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new KeyWorkerError(reply.error.kind, reply.error.message));
    });
    // Only the error's name and code: the worker's own failures never carry key material, but a
    // message is not ours to vouch for.
    this.#worker.on('error', (error: Error & { code?: string }) =>
      this.#fail(`the key worker failed (${error.name}${error.code ? ` ${error.code}` : ''})`),
    );
    this.#worker.on('exit', () => this.#fail('the key worker stopped'));
  }

  call<R extends WorkerRequest>(request: R): Promise<ResultOf<R>> {
    if (this.#exited) return Promise.reject(new KeyWorkerError('worker-exited', 'the key worker stopped'));
    const id = this.#nextId++;
    const envelope: WorkerEnvelope = { id, token: this.#token, request };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (result: WorkerResult) => void, reject });
      this.#worker.postMessage(envelope);
    });
  }

  /** Ends the worker, and the key with it. */
  async terminate(): Promise<void> {
    if (this.#exited) return;
    await this.#worker.terminate();
  }

  #fail(message: string): void {
    this.#exited = true;
    for (const { reject } of this.#pending.values()) reject(new KeyWorkerError('worker-exited', message));
    this.#pending.clear();
  }
}
