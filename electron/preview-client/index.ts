/**
 * `window.gridkeeper` in the browser preview: the same two functions the Electron preload exposes,
 * carried over the preview server's WebSocket (same origin; the server checks the Origin and this
 * launch's secret cookie). Loaded by the preview server before the app's own scripts.
 */

import type { Reply as ApiReply } from '../core/api/contract/reply';
import { API_PATH, type ClientFrame, type ServerFrame } from '../core/preview/wire';
import type { GridkeeperBridge } from '../preload/bridge';

type Reply = ApiReply<unknown>;

// A function scope, so nothing but `window.gridkeeper` becomes a global of the page.
(() => {
  const socket = new WebSocket(`ws://${location.host}${API_PATH}`);
  const pending = new Map<number, (reply: Reply) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queued: string[] = [];
  let nextId = 1;
  let closed = false;

  const stopped = (): Reply =>
    ({
      ok: false,
      error: {
        code: 'OFFLINE',
        message:
          'The preview server has stopped. Start it again with `npm run preview` and open its new URL.',
      },
    }) as Reply;

  socket.addEventListener('open', () => {
    for (const frame of queued.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (message) => {
    const frame = JSON.parse(String(message.data)) as ServerFrame;
    if ('id' in frame) {
      pending.get(frame.id)?.(frame.reply as Reply);
      pending.delete(frame.id);
    } else {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve(stopped());
    pending.clear();
  });

  const bridge: GridkeeperBridge = Object.freeze({
    invoke: ((channel: string, input: unknown) => {
      if (closed) return Promise.resolve(stopped());
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, input } satisfies ClientFrame);
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.push(frame);
      });
    }) as GridkeeperBridge['invoke'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    }) as GridkeeperBridge['on'],
  });

  Object.defineProperty(window, 'gridkeeper', { value: bridge, writable: false, configurable: false });
})();
