import { errorFields, type Logger } from '../ports';
import {
  type ApiContract,
  type ApiOutput,
  apiContract,
  type ChannelName,
  type ParsedInput,
} from './contract';
import { asGridkeeperError, GridkeeperError } from './contract/errors';
import type { Reply } from './contract/reply';

export type { Reply };

export interface CallContext {
  /** Aborted when the caller goes away (window closed, socket dropped). */
  signal: AbortSignal;
}

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  ctx: CallContext,
) => Promise<ApiOutput<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  invoke(channel: string, input: unknown, ctx?: Partial<CallContext>): Promise<Reply<unknown>>;
  channels(): ChannelName[];
}

/**
 * The one entry point from renderer to core. Looks up the channel, parses the input with its zod
 * schema before any handler runs, and turns every failure into a serialisable typed error.
 */
export function createRouter(handlers: Handlers, log: Logger, contract: ApiContract = apiContract): Router {
  const names = Object.keys(contract) as ChannelName[];
  return {
    channels: () => [...names],
    async invoke(channel, input, ctx) {
      if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
        return fail(
          new GridkeeperError(
            'UNKNOWN_CHANNEL',
            `There is no api channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`,
          ),
        );
      }
      const name = channel as ChannelName;
      const parsed = contract[name].input.safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
        return fail(
          new GridkeeperError('INPUT_INVALID', `Invalid input for ${name}: ${issues.join('; ')}`, { issues }),
        );
      }
      try {
        const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
        const data = await handler(parsed.data, { signal: ctx?.signal ?? new AbortController().signal });
        return { ok: true, data };
      } catch (thrown) {
        const error = asGridkeeperError(thrown);
        // What the owner is told is short; the log gets what failed and why, cause by cause.
        if (error.code === 'INTERNAL' || error.code === 'STORE_CORRUPT' || error.cause !== undefined) {
          log.error('api handler failed', { channel: name, code: error.code, ...errorFields(error) });
        }
        return fail(error);
      }
    },
  };
}

function fail(error: GridkeeperError): Reply<never> {
  return { ok: false, error: error.toJSON() };
}
