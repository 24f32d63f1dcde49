import type {
  ApiEventName,
  ApiEvents,
  ApiInput,
  ApiOutput,
  ChannelName,
} from '../../../electron/core/api/contract';
import type { SerializedError } from '../../../electron/core/api/contract/errors';

/** The renderer speaks exactly the core api contract (types only: nothing of core runs here). */
export type RendererChannel = ChannelName;
export type Input<C extends ChannelName> = ApiInput<C>;
export type Output<C extends ChannelName> = ApiOutput<C>;
export type Result<T> = { ok: true; data: T } | { ok: false; error: SerializedError };

export type { ApiEventName, ApiEvents, SerializedError };
