import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../ports';

export interface HeadWatcherOptions {
  /** ws:// or wss:// endpoint offering `eth_subscribe('newHeads')`. */
  wsUrl?: string;
  pollIntervalMs: number;
  log: Logger;
}

const RECONNECT_MS = 5_000;

/**
 * Tells the indexer when to look for a new head: on each `newHeads` notification while a WebSocket
 * subscription is up, else after the polling interval. It only wakes the indexer; blocks and logs
 * are always read over HTTP. While subscribed it still polls, 20 times less often, so a lost
 * notification costs at most that (5 s by default).
 */
export class HeadWatcher {
  source: 'websocket' | 'polling' = 'polling';
  readonly #o: HeadWatcherOptions;
  #socket: WebSocket | null = null;
  #waiters: (() => void)[] = [];
  #closed = false;
  #pending = false;

  constructor(options: HeadWatcherOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#o.wsUrl) this.#connect(this.#o.wsUrl);
  }

  /** Resolves on the next head notification, or after the polling interval. */
  async next(signal: AbortSignal): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return;
    }
    const wait = this.source === 'websocket' ? this.#o.pollIntervalMs * 20 : this.#o.pollIntervalMs;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
      this.#waiters.push(resolve);
    });
    const timer = new AbortController();
    try {
      await Promise.race([
        woken,
        sleep(wait, undefined, { signal: AbortSignal.any([signal, timer.signal]) }),
      ]);
    } finally {
      timer.abort();
      this.#waiters = this.#waiters.filter((w) => w !== wake);
    }
  }

  close(): void {
    this.#closed = true;
    this.#socket?.close();
    this.#notify();
  }

  #notify(): void {
    if (this.#waiters.length === 0) this.#pending = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #connect(url: string): void {
    if (this.#closed) return;
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
    });
    socket.addEventListener('message', (message) => {
      let json: { id?: number; result?: unknown; method?: string; error?: unknown };
      try {
        json = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (json.id === 1 && json.result) this.source = 'websocket';
      else if (json.id === 1 && json.error) socket.close();
      else if (json.method === 'eth_subscription') this.#notify();
    });
    socket.addEventListener('close', () => {
      if (this.source === 'websocket') this.#o.log.info('indexer: head subscription closed, polling');
      this.source = 'polling';
      if (!this.#closed) setTimeout(() => this.#connect(url), RECONNECT_MS).unref();
    });
    socket.addEventListener('error', () => socket.close());
  }
}
