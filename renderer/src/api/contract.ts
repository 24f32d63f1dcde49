import type {
  ApiEventName,
  ApiEvents,
  ApiInput,
  ApiOutput,
  ChannelName,
} from '../../../electron/core/api/contract';
import type { SerializedError } from '../../../electron/core/api/contract/errors';
import type { Reply } from '../../../electron/core/api/contract/reply';

/** The renderer speaks exactly the core api contract (types only: nothing of core runs here). */
export type RendererChannel = ChannelName;
export type Input<C extends ChannelName> = ApiInput<C>;
export type Output<C extends ChannelName> = ApiOutput<C>;

export type { ApiEventName, ApiEvents, Reply, SerializedError };
