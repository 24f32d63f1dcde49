import type { ApiEventName, ApiEvents, ApiInput, ApiOutput, ChannelName } from '../core/api/contract';
import type { SerializedError } from '../core/api/contract/errors';

export type BridgeReply<C extends ChannelName> =
  | { ok: true; data: ApiOutput<C> }
  | { ok: false; error: SerializedError };

/** The single object the renderer sees as `window.gridkeeper`. */
export interface GridkeeperBridge {
  invoke<C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<BridgeReply<C>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** IPC channel names used between preload and main. */
export const IPC_INVOKE = 'gridkeeper:invoke';
export const IPC_EVENT = 'gridkeeper:event';
