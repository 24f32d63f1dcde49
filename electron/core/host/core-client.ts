import type { Reply } from '../api';
import type { AppInfo } from '../api/contract';
import { GridkeeperError, type SerializedError } from '../api/contract/errors';
import type { CoreStartOptions, Endpoint, FromCore, ToCore } from './protocol';

export type CoreEventListener = (event: string, payload: unknown) => void;

/** The host's handle on core running in another process: the same api, correlated by request id. */
export interface CoreClient {
  /** Resolves once core is up (network connected, store open); rejects with the reason it could not start. */
  readonly ready: Promise<AppInfo>;
  invoke(channel: string, input: unknown, signal?: AbortSignal): Promise<Reply<unknown>>;
  onEvent(listener: CoreEventListener): () => void;
  /** Lets core finish (indexer transaction, database close); resolves when it has, or after the timeout. */
  shutdown(timeoutMs?: number): Promise<void>;
}

const STOPPED: SerializedError = {
  code: 'INTERNAL',
  message: 'The Gridkeeper core process has stopped; restart Gridkeeper.',
};

/** Sends `start` right away; calls made before core is ready wait in the core process, not here. */
export function startCoreClient(endpoint: Endpoint<ToCore, FromCore>, options: CoreStartOptions): CoreClient {
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const listeners = new Set<CoreEventListener>();
  let nextId = 1;
  let stopped = false;
  let onClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    onClosed = resolve;
  });
  let settleReady: { resolve(info: AppInfo): void; reject(error: Error): void } | undefined;
  const ready = new Promise<AppInfo>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  ready.catch(() => {}); // a failed start is also reported through every invoke

  endpoint.onMessage((message) => {
    switch (message.type) {
      case 'ready':
        settleReady?.resolve(message.info);
        break;
      case 'failed':
        settleReady?.reject(
          new GridkeeperError(message.error.code, message.error.message, message.error.details),
        );
        break;
      case 'reply':
        pending.get(message.id)?.(message.reply);
        pending.delete(message.id);
        break;
      case 'event':
        for (const listener of listeners) listener(message.event, message.payload);
        break;
      case 'closed':
        onClosed();
        break;
    }
  });
  endpoint.onClose(() => {
    stopped = true;
    settleReady?.reject(new GridkeeperError(STOPPED.code, STOPPED.message));
    for (const resolve of pending.values()) resolve({ ok: false, error: STOPPED });
    pending.clear();
    onClosed();
  });
  endpoint.send({ type: 'start', options });

  return {
    ready,
    invoke(channel, input, signal) {
      if (stopped) return Promise.resolve({ ok: false, error: STOPPED });
      const id = nextId++;
      return new Promise((resolve) => {
        const onAbort = () => endpoint.send({ type: 'cancel', id });
        pending.set(id, (reply) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        endpoint.send({ type: 'invoke', id, channel, input });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async shutdown(timeoutMs = 10_000) {
      if (!stopped) endpoint.send({ type: 'shutdown' });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        closed,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
