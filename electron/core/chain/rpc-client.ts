import { setTimeout as sleep } from 'node:timers/promises';
import { GridkeeperError } from '../api/contract/errors';
import type { Logger } from '../ports';
import {
  classifyRpcError,
  type JsonRpcPayload,
  type JsonRpcReply,
  type JsonRpcTransport,
  postJsonRpc,
  RpcError,
} from './json-rpc';

export { classifyRpcError, RpcError, type RpcFailureKind } from './json-rpc';

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

export interface CallOptions {
  /** Attempts of a transient failure before giving up (default: the client's). */
  attempts?: number;
  /** The HTTP exchange (default `postJsonRpc`). */
  transport?: JsonRpcTransport;
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

  /**
   * One call; retries transient failures. Throws RpcError('range'|'fatal') or RPC_UNAVAILABLE. A
   * `transport` replaces the HTTP exchange (its result is whatever that transport makes of the answer).
   */
  async call<T>(method: string, params: unknown[], signal?: AbortSignal, options?: CallOptions): Promise<T> {
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
    options?: CallOptions,
  ): Promise<T[]> {
    if (calls.length === 0) return [];
    return this.#withFallback(
      (url) => this.#send<T>(url, calls, signal, options?.transport),
      signal,
      options?.attempts,
    );
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
        // A rate limit's Retry-After is respected up to the longest backoff.
        retryAfterMs = error instanceof RpcError ? Math.min(error.retryAfterMs ?? 0, this.#maxBackoffMs) : 0;
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
    transport?: JsonRpcTransport,
  ): Promise<T[]> {
    const ids = calls.map(() => this.#nextId++);
    const replies = await this.#post(
      url,
      calls.map((c, i) => ({ id: ids[i] as number, method: c.method, params: c.params })),
      signal,
      transport,
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

  /** One HTTP exchange, through the caller's transport (the indexer decodes logs off the main thread). */
  #post(
    url: string,
    payloads: JsonRpcPayload[],
    signal?: AbortSignal,
    transport: JsonRpcTransport = postJsonRpc,
  ): Promise<JsonRpcReply[]> {
    this.calls++;
    return transport(url, payloads, { timeoutMs: this.#timeoutMs, signal });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
