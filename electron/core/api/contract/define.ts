import type { z } from 'zod';

/**
 * A channel of the api: its zod input schema, and (as a type only) its output.
 * `channel<Output>()(inputSchema)` keeps the output type without a runtime value.
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Type carrier only; always undefined at run time. */
  output?: O;
}

export const channel =
  <O>() =>
  <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input });
