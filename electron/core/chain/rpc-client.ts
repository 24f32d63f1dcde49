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
    /** A rate limit's Retry-After, when the provider said. */
    readonly retryAfterMs?: number,
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
  /** Each URL must serve this chain: checked before its first use, a mismatch is CHAIN_MISMATCH. */
  chainId?: number;
  /** Per-call timeout. */
  timeoutMs?: number;
  /** Attempts of a transient failure before giving up (each time on the next URL, with backoff). */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Which URL answers, as the status bar and the notices show it. */
export interface RpcStatus {
  /** The host now in use (or last tried, when down). */
  host: string;
  state: 'ok' | 'failover' | 'down' | 'restored';
  /** The host it failed over from (state 'failover'). */
  from?: string;
  /** The last failure, in words (states 'failover' and 'down'). */
  reason?: string;
}

interface JsonRpcReply {
  id: number;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

/**
 * The app's one JSON-RPC layer, over HTTP: fallback across the network's URLs in order, retries
 * with exponential backoff and jitter (a 429's Retry-After respected), each URL's chain id checked
 * before it is used. The indexer calls it directly (answers, range refusals or a final
 * RPC_UNAVAILABLE); everything else reaches it through `RpcProvider` (ethers). Failovers are reported
 * to `onStatus` listeners.
 */
export class RpcClient {
  readonly #urls: string[];
  readonly #log: Logger;
  readonly #chainId: number | undefined;
  readonly #checked = new Set<string>();
  readonly #listeners = new Set<(status: RpcStatus) => void>();
  #down = false;
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
    this.#chainId = options.chainId;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxAttempts = options.maxAttempts ?? 12;
    this.#baseBackoffMs = options.baseBackoffMs ?? 100;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5_000;
  }

  get urls(): readonly string[] {
    return this.#urls;
  }

  /** One call; retries transient failures. Throws RpcError('range'|'fatal') or RPC_UNAVAILABLE. */
  async call<T>(
    method: string,
    params: unknown[],
    signal?: AbortSignal,
    options?: { attempts?: number },
  ): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }], signal, options);
    return result as T;
  }

  /** The URL calls go to first (the last one that answered). */
  get currentUrl(): string {
    return this.#urls[this.#preferred] as string;
  }

  /** Several calls in one HTTP request (JSON-RPC batch); all answered, or the whole batch retried. */
  async batch<T>(
    calls: { method: string; params: unknown[] }[],
    signal?: AbortSignal,
    options?: { attempts?: number },
  ): Promise<T[]> {
    if (calls.length === 0) return [];
    return this.#withFallback((url) => this.#send<T>(url, calls, signal), signal, options?.attempts);
  }

  /**
   * Raw JSON-RPC payloads for ethers (`RpcProvider`): transport failures fail over and retry like
   * every call; error answers (a revert, a refused transaction) come back as they are, for ethers
   * to interpret.
   */
  async sendRaw(
    payloads: { id: number; method: string; params: unknown[] }[],
    signal?: AbortSignal,
  ): Promise<JsonRpcReply[]> {
    return this.#withFallback(async (url) => {
      const replies = await this.#post(url, payloads, signal);
      const byId = new Map(replies.map((r) => [r?.id, r]));
      return payloads.map((p) => {
        const reply = byId.get(p.id);
        if (!reply || (!('result' in reply) && !reply.error)) {
          throw new RpcError('transient', 'answer is missing a reply of the batch');
        }
        return reply;
      });
    }, signal);
  }

  /** Called on each failover, when every URL failed, and when one answers again. */
  onStatus(listener: (status: RpcStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #withFallback<R>(
    attemptOn: (url: string) => Promise<R>,
    signal?: AbortSignal,
    attempts = this.#maxAttempts,
  ): Promise<R> {
    let lastError: unknown;
    let retryAfterMs = 0;
    const first = this.#preferred;
    for (let attempt = 0; attempt < attempts; attempt++) {
      signal?.throwIfAborted();
      const urlIndex = (first + attempt) % this.#urls.length;
      const url = this.#urls[urlIndex] as string;
      try {
        await this.#checkChain(url, signal);
        const result = await attemptOn(url);
        this.#answered(urlIndex, first, lastError);
        return result;
      } catch (error) {
        if (error instanceof GridkeeperError) throw error;
        if (error instanceof RpcError && error.kind !== 'transient') throw error;
        if (signal?.aborted) throw signal.reason;
        lastError = error;
        retryAfterMs = error instanceof RpcError ? (error.retryAfterMs ?? 0) : 0;
        this.failures++;
        const backoff = Math.min(this.#maxBackoffMs, this.#baseBackoffMs * 2 ** attempt);
        await sleep(Math.max(retryAfterMs, backoff / 2 + Math.random() * (backoff / 2)), undefined, {
          signal,
        });
      }
    }
    const reason = String((lastError as Error)?.message ?? lastError).slice(0, 200);
    this.#log.warn('rpc unavailable', { hosts: this.#urls.map(hostOf), error: reason });
    if (!this.#down) {
      this.#down = true;
      this.#emit({ host: hostOf(this.#urls[first] as string), state: 'down', reason });
    }
    throw new GridkeeperError(
      'RPC_UNAVAILABLE',
      `No RPC of this network answered after ${attempts} attempts (${this.#urls.map(hostOf).join(', ')}: ${reason}).`,
      { hosts: this.#urls.map(hostOf) },
    );
  }

  #answered(urlIndex: number, first: number, lastError: unknown): void {
    const url = this.#urls[urlIndex] as string;
    if (this.#down) {
      this.#down = false;
      this.#emit({ host: hostOf(url), state: 'restored' });
    } else if (urlIndex !== first) {
      const reason = String((lastError as Error)?.message ?? lastError).slice(0, 200);
      this.#log.warn('rpc failover', { from: hostOf(this.#urls[first] as string), to: hostOf(url), reason });
      this.#emit({ host: hostOf(url), state: 'failover', from: hostOf(this.#urls[first] as string), reason });
    }
    this.#preferred = urlIndex;
  }

  #emit(status: RpcStatus): void {
    for (const listener of this.#listeners) listener(status);
  }

  /** A URL serving another chain would be worse than none: checked once, before its first use. */
  async #checkChain(url: string, signal?: AbortSignal): Promise<void> {
    if (this.#chainId === undefined || this.#checked.has(url)) return;
    const [reply] = await this.#post(url, [{ id: 0, method: 'eth_chainId', params: [] }], signal);
    const served = Number(reply?.result);
    if (!Number.isSafeInteger(served)) throw new RpcError('transient', 'eth_chainId gave no chain id');
    if (served !== this.#chainId) {
      throw new GridkeeperError(
        'CHAIN_MISMATCH',
        `${hostOf(url)} serves chain ${served}, but this network is chain ${this.#chainId}. Remove it from the network's RPC URLs.`,
        { rpcChainId: served, expectedChainId: this.#chainId, host: hostOf(url) },
      );
    }
    this.#checked.add(url);
  }

  async #send<T>(
    url: string,
    calls: { method: string; params: unknown[] }[],
    signal?: AbortSignal,
  ): Promise<T[]> {
    const ids = calls.map(() => this.#nextId++);
    const replies = await this.#post(
      url,
      calls.map((c, i) => ({ id: ids[i] as number, method: c.method, params: c.params })),
      signal,
    );
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

  /** One HTTP request; transport failures are `transient` RpcErrors (range refusals `range`). */
  async #post(
    url: string,
    payloads: { id: number; method: string; params: unknown[] }[],
    signal?: AbortSignal,
  ): Promise<JsonRpcReply[]> {
    this.calls++;
    const body = payloads.map((p) => ({ jsonrpc: '2.0', ...p }));
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
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new RpcError(
        kind,
        `HTTP ${response.status}: ${text.slice(0, 200)}`,
        response.status,
        Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter * 1000, this.#maxBackoffMs)
          : undefined,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RpcError('transient', `unparseable answer (${text.length} bytes, HTTP ${response.status})`);
    }
    return (Array.isArray(json) ? json : [json]) as JsonRpcReply[];
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
