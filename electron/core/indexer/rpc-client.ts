import { setTimeout as sleep } from 'node:timers/promises';
import { GridkeeperError } from '../api/contract/errors';
import type { Logger } from '../ports';

/**
 * What went wrong with one JSON-RPC call, as the indexer needs to react to it:
 * `range` — the provider refuses the block range or the result size (shrink and retry);
 * `transient` — timeouts, 429, 5xx, broken or truncated bodies (back off, try the next URL);
 * `fatal` — a real error answer (bad params, unknown method): retrying will not help.
 */
export type RpcFailureKind = 'range' | 'transient' | 'fatal';

export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly kind: RpcFailureKind,
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

const RANGE_MESSAGES =
  /(more than \d+ results|too many (results|logs)|query returned more|block range|range (is )?too (large|wide)|exceed(s|ed)? (the )?max|limit exceeded|response size|query timeout|-32005)/i;
/** Answers that retrying cannot change: unknown method, invalid params, a revert. */
const FATAL_CODES = new Set([-32601, -32602, 3]);

export function classifyRpcError(code: number | undefined, message: string): RpcFailureKind {
  if (code === -32005 || RANGE_MESSAGES.test(message)) return 'range';
  if ((code !== undefined && FATAL_CODES.has(code)) || /execution reverted/i.test(message)) return 'fatal';
  // Anything else (internal errors, "header not found", rate limits as JSON errors) may pass.
  return 'transient';
}

export interface RpcClientOptions {
  urls: string[];
  log: Logger;
  /** Per-call timeout. */
  timeoutMs?: number;
  /** Attempts of a transient failure before giving up (each time on the next URL, with backoff). */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * A small JSON-RPC client over HTTP with fallback across URLs and retries with exponential backoff
 * and jitter. It owns the failure policy so the indexer only sees answers, range refusals or a final
 * RPC_UNAVAILABLE.
 */
export class RpcClient {
  readonly #urls: string[];
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #baseBackoffMs: number;
  readonly #maxBackoffMs: number;
  #preferred = 0;
  #nextId = 1;
  calls = 0;
  failures = 0;

  constructor(options: RpcClientOptions) {
    if (options.urls.length === 0) throw new Error('RpcClient needs at least one URL');
    this.#urls = options.urls;
    this.#log = options.log;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxAttempts = options.maxAttempts ?? 12;
    this.#baseBackoffMs = options.baseBackoffMs ?? 100;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5_000;
  }

  get urls(): readonly string[] {
    return this.#urls;
  }

  /** One call; retries transient failures. Throws RpcError('range'|'fatal') or RPC_UNAVAILABLE. */
  async call<T>(method: string, params: unknown[], signal?: AbortSignal): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }], signal);
    return result as T;
  }

  /** Several calls in one HTTP request (JSON-RPC batch); all answered, or the whole batch retried. */
  async batch<T>(calls: { method: string; params: unknown[] }[], signal?: AbortSignal): Promise<T[]> {
    if (calls.length === 0) return [];
    let lastError: unknown;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      signal?.throwIfAborted();
      const urlIndex = (this.#preferred + attempt) % this.#urls.length;
      try {
        const results = await this.#send<T>(this.#urls[urlIndex] as string, calls, signal);
        this.#preferred = urlIndex;
        return results;
      } catch (error) {
        if (error instanceof RpcError && error.kind !== 'transient') throw error;
        if (signal?.aborted) throw signal.reason;
        lastError = error;
        this.failures++;
        const backoff = Math.min(this.#maxBackoffMs, this.#baseBackoffMs * 2 ** attempt);
        await sleep(backoff / 2 + Math.random() * (backoff / 2), undefined, { signal });
      }
    }
    this.#log.warn('indexer: rpc unavailable', { error: String(lastError) });
    throw new GridkeeperError(
      'RPC_UNAVAILABLE',
      `The RPC did not answer after ${this.#maxAttempts} attempts (${String((lastError as Error)?.message ?? lastError).slice(0, 200)}).`,
    );
  }

  async #send<T>(
    url: string,
    calls: { method: string; params: unknown[] }[],
    signal?: AbortSignal,
  ): Promise<T[]> {
    this.calls++;
    const ids = calls.map(() => this.#nextId++);
    const body = calls.map((c, i) => ({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params }));
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body.length === 1 ? body[0] : body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new RpcError('transient', `request failed: ${String(error)}`);
    }
    if (response.status === 429 || response.status >= 500) {
      // Some providers answer a too-wide range with a 5xx and the reason in the body.
      const kind = RANGE_MESSAGES.test(text) ? 'range' : 'transient';
      throw new RpcError(kind, `HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RpcError('transient', `unparseable answer (${text.length} bytes, HTTP ${response.status})`);
    }
    const replies = (Array.isArray(json) ? json : [json]) as {
      id: number;
      result?: unknown;
      error?: { code?: number; message?: string };
    }[];
    const byId = new Map(replies.map((r) => [r?.id, r]));
    return ids.map((id) => {
      const reply = byId.get(id);
      if (!reply) throw new RpcError('transient', 'answer is missing a reply of the batch');
      if (reply.error) {
        const message = String(reply.error.message ?? 'error');
        throw new RpcError(classifyRpcError(reply.error.code, message), message, reply.error.code);
      }
      if (!('result' in reply)) throw new RpcError('transient', 'reply without result');
      return reply.result as T;
    });
  }
}
