import type { ApiEventName, ApiEvents, Input, Output, RendererChannel, Reply } from './contract';

/**
 * The renderer's only way to core: `window.gridkeeper` (Electron preload or the browser preview's
 * WebSocket bridge). Never throws: a missing bridge or a broken reply becomes a typed error.
 */
export async function call<C extends RendererChannel>(
  channel: C,
  input: Input<C>,
): Promise<Reply<Output<C>>> {
  const bridge = window.gridkeeper;
  if (!bridge) {
    return {
      ok: false,
      error: {
        code: 'OFFLINE',
        message:
          'This page is not connected to Gridkeeper’s core. Open it from the app or from `npm run preview`.',
      },
    };
  }
  try {
    const invoke = bridge.invoke as (channel: string, input: unknown) => Promise<Reply<Output<C>>>;
    return await invoke(channel, input);
  } catch (error) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `The call to ${channel} failed: ${String(error)}` },
    };
  }
}

export function subscribe<E extends ApiEventName>(
  event: E,
  listener: (payload: ApiEvents[E]) => void,
): () => void {
  const bridge = window.gridkeeper;
  if (!bridge) return () => {};
  return bridge.on(event, listener);
}
