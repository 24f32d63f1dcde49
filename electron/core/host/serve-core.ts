import { EventBus, isJsonObject } from '../api';
import { asGridkeeperError } from '../api/contract/errors';
import type { Core } from '../app';
import type { CoreStartOptions, Endpoint, FromCore, ToCore } from './protocol';

export type CreateCore = (options: CoreStartOptions, events: EventBus) => Promise<Core>;

/**
 * The core side of the bridge: builds core on `start`, answers each `invoke` with the router's
 * reply under the same id, forwards every event, cancels on `cancel`, and on `shutdown` (or when
 * the host is gone) closes core before `exit` is called.
 */
export interface ServedCore {
  /** Closes core (in-flight calls cancelled, stores closed) and then calls `exit`; idempotent. */
  close(): Promise<void>;
  /** For an exception nothing caught: tells the host why, closes core, exits with code 70. */
  crash(reason: string): Promise<void>;
}

export function serveCore(
  endpoint: Endpoint<FromCore, ToCore>,
  createCore: CreateCore,
  exit: (code: number) => void,
): ServedCore {
  const inFlight = new Map<number, AbortController>();
  let core: Promise<Core> | undefined;
  let closing: Promise<void> | undefined;

  const close = (notify: boolean, code = 0) => {
    closing ??= (async () => {
      for (const controller of inFlight.values()) controller.abort();
      await core?.then((c) => c.close()).catch(() => {});
      if (notify) endpoint.send({ type: 'closed' });
      exit(code);
    })();
    return closing;
  };

  endpoint.onMessage(async (raw) => {
    // The bridge is the host's, but a malformed message must not take core down: drop it.
    const message = wellFormed(raw);
    if (!message) return;
    switch (message.type) {
      case 'start': {
        if (core) return;
        const events = new EventBus();
        events.subscribe((event, payload) => endpoint.send({ type: 'event', event, payload }));
        core = createCore(message.options, events);
        core.then(
          (c) => endpoint.send({ type: 'ready', info: c.info }),
          (error) => endpoint.send({ type: 'failed', error: asGridkeeperError(error).toJSON() }),
        );
        return;
      }
      case 'invoke': {
        const controller = new AbortController();
        inFlight.set(message.id, controller);
        const reply = await (core ?? Promise.reject(new Error('invoke before start'))).then(
          (c) =>
            closing
              ? { ok: false as const, error: cancelled() }
              : c.router.invoke(message.channel, message.input, { signal: controller.signal }),
          (error) => ({ ok: false as const, error: asGridkeeperError(error).toJSON() }),
        );
        inFlight.delete(message.id);
        endpoint.send({ type: 'reply', id: message.id, reply });
        return;
      }
      case 'cancel':
        inFlight.get(message.id)?.abort();
        return;
      case 'shutdown':
        await close(true);
        return;
    }
  });
  endpoint.onClose(() => void close(false));
  return {
    close: () => close(true),
    crash: (reason) => {
      endpoint.send({ type: 'crashed', reason });
      return close(false, 70);
    },
  };
}

/** The message if it has the shape of one the host sends (the router parses `input` itself). */
function wellFormed(raw: unknown): ToCore | undefined {
  if (!isJsonObject(raw)) return undefined;
  const id = raw.id;
  switch (raw.type) {
    case 'start':
      return isJsonObject(raw.options) ? (raw as ToCore) : undefined;
    case 'invoke':
      return Number.isSafeInteger(id) && typeof raw.channel === 'string' ? (raw as ToCore) : undefined;
    case 'cancel':
      return Number.isSafeInteger(id) ? (raw as ToCore) : undefined;
    case 'shutdown':
      return raw as ToCore;
    default:
      return undefined;
  }
}

function cancelled() {
  return { code: 'CANCELLED' as const, message: 'Gridkeeper is shutting down.' };
}
