import { MAX_NESTING_DEPTH, type Reply, valueDepthWithin } from '../api';
import type { AppInfo } from '../api/contract';
import { GridkeeperError, type SerializedError } from '../api/contract/errors';
import type { CoreCrash, CoreExit, CoreStartOptions, Endpoint, FromCore, ToCore } from './protocol';

export type CoreEventListener = (event: string, payload: unknown) => void;

/** The host's handle on core running in another process: the same api, correlated by request id. */
export interface CoreClient {
  /** Resolves once core is up (network connected, store open); rejects with the reason it could not start. */
  readonly ready: Promise<AppInfo>;
  /** Resolves when core has stopped for good: shut down, or crashed too often to be restarted. */
  readonly stopped: Promise<void>;
  invoke(channel: string, input: unknown, signal?: AbortSignal): Promise<Reply<unknown>>;
  onEvent(listener: CoreEventListener): () => void;
  /** Lets core finish (indexer transaction, database close); resolves when it has, or after the timeout. */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface CoreClientOptions {
  /** At most this many restarts within `restartWindowMs`; then core stays stopped. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

const STOPPED: SerializedError = {
  code: 'INTERNAL',
  message: 'The Gridkeeper core process has stopped; restart Gridkeeper.',
};

/**
 * Starts core through `spawn` (a new process each time) and sends `start` right away; calls made
 * before core is ready wait in the core process, not here. A core that crashes (exit code ≠ 0) is
 * restarted with the reason, which the new core shows the owner; calls in flight get a typed error.
 */
export function startCoreClient(
  spawn: () => Endpoint<ToCore, FromCore>,
  options: CoreStartOptions,
  { maxRestarts = 3, restartWindowMs = 60_000 }: CoreClientOptions = {},
): CoreClient {
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const listeners = new Set<CoreEventListener>();
  const restarts: number[] = [];
  let nextId = 1;
  let stopped = false;
  let shuttingDown = false;
  let started = false;
  let onStopped: () => void = () => {};
  const whenStopped = new Promise<void>((resolve) => {
    onStopped = resolve;
  });
  let settleReady: { resolve(info: AppInfo): void; reject(error: Error): void } | undefined;
  const ready = new Promise<AppInfo>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  ready.catch(() => {}); // a failed start is also reported through every invoke

  const failPending = (error: SerializedError) => {
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
  };

  const connect = (previousCrash?: CoreCrash): Endpoint<ToCore, FromCore> => {
    const endpoint = spawn();
    let crashReason: string | undefined;
    endpoint.onMessage((message) => {
      switch (message.type) {
        case 'ready':
          started = true;
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
        case 'crashed':
          crashReason = message.reason;
          break;
        case 'closed':
          break;
      }
    });
    endpoint.onClose((exit) => {
      const now = Date.now();
      while (restarts.length > 0 && (restarts[0] as number) < now - restartWindowMs) restarts.shift();
      const crashed = !shuttingDown && exit.code !== 0 && started;
      if (crashed && restarts.length < maxRestarts) {
        restarts.push(now);
        const reason = crashReason ?? describeExit(exit);
        failPending({
          code: 'INTERNAL',
          message: `The Gridkeeper core process stopped (${reason}) and was restarted; try again.`,
        });
        current = connect({ reason, at: new Date(now).toISOString() });
        return;
      }
      stopped = true;
      settleReady?.reject(new GridkeeperError(STOPPED.code, STOPPED.message));
      failPending(STOPPED);
      onStopped();
    });
    endpoint.send({ type: 'start', options: previousCrash ? { ...options, previousCrash } : options });
    return endpoint;
  };
  let current = connect();

  return {
    ready,
    stopped: whenStopped,
    invoke(channel, input, signal) {
      if (stopped) return Promise.resolve({ ok: false, error: STOPPED });
      // A value nested this deep is no api input, and would overflow the stack of the structured clone.
      if (!valueDepthWithin(input)) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'INPUT_INVALID',
            message: `Invalid input for ${channel.slice(0, 80)}: nested deeper than ${MAX_NESTING_DEPTH} levels.`,
          },
        });
      }
      const id = nextId++;
      const endpoint = current;
      return new Promise((resolve) => {
        const onAbort = () => endpoint.send({ type: 'cancel', id });
        pending.set(id, (reply) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          endpoint.send({ type: 'invoke', id, channel, input });
        } catch (error) {
          pending.delete(id);
          resolve({
            ok: false,
            error: { code: 'INPUT_INVALID', message: `This input cannot be sent to core: ${String(error)}` },
          });
        }
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async shutdown(timeoutMs = 10_000) {
      shuttingDown = true;
      if (!stopped) current.send({ type: 'shutdown' });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        whenStopped,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

function describeExit(exit: CoreExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
