import type { ApiEventName, ApiEvents, ApiInput, ApiOutput, ChannelName } from '../core/api/contract';
import type { Reply } from '../core/api/contract/reply';

/** The single object the renderer sees as `window.gridkeeper`. */
export interface GridkeeperBridge {
  invoke<C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<Reply<ApiOutput<C>>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** IPC channel names used between preload and main. */
export const IPC_INVOKE = 'gridkeeper:invoke';
export const IPC_EVENT = 'gridkeeper:event';
