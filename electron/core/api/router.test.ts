import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../ports/logger';
import { channel } from './contract/define';
import { GridkeeperError } from './contract/errors';
import { zAddress, zUint } from './contract/schemas';
import { createRouter, type Handlers } from './router';

const contract = {
  'test/transfer': channel<string>()(z.object({ to: zAddress, amountWei: zUint }).strict()),
  'test/fail': channel<null>()(z.object({ how: z.enum(['typed', 'untyped', 'abort']) })),
};

function setup() {
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }),
  };
  const calls: unknown[] = [];
  const handlers = {
    'test/transfer': async (input: { to: string; amountWei: bigint }) => {
      calls.push(input);
      return `${input.amountWei} wei to ${input.to}`;
    },
    'test/fail': async (input: { how: string }, ctx: { signal: AbortSignal }) => {
      if (input.how === 'typed')
        throw new GridkeeperError('NOT_SAFE_OWNER', 'Not an owner of the Safe.', { a: 1 });
      if (input.how === 'abort') {
        ctx.signal.throwIfAborted();
        return null;
      }
      throw new TypeError('secret internals at /home/owner/.gridkeeper');
    },
  };
  const router = createRouter(handlers as unknown as Handlers, log, contract as never);
  return { router, calls, logged };
}

describe('api router', () => {
  it('parses input with the channel’s schema before the handler sees it', async () => {
    const { router, calls } = setup();
    const reply = await router.invoke('test/transfer', {
      to: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      amountWei: '1000000000000000000',
    });
    expect(reply).toEqual({
      ok: true,
      data: '1000000000000000000 wei to 0x5FbDB2315678afecb367f032d93F642f64180aa3',
    });
    expect(calls).toEqual([{ to: '0x5FbDB2315678afecb367f032d93F642f64180aa3', amountWei: 10n ** 18n }]);
  });

  it('answers bad input with INPUT_INVALID naming the fields, and never calls the handler', async () => {
    const { router, calls } = setup();
    const reply = await router.invoke('test/transfer', { to: '0x1234', amountWei: '-5', extra: true });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('INPUT_INVALID');
    expect(reply.error.message).toMatch(/to: not an Ethereum address/);
    expect(reply.error.message).toMatch(/amountWei: not a non-negative decimal integer/);
    expect(calls).toEqual([]);
  });

  it.each([
    ['an unknown name', 'nope/never'],
    ['a prototype key', '__proto__'],
    ['another prototype key', 'constructor'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['a non-string', 42],
    ['an object', { toString: () => 'test/transfer' }],
  ])('answers %s with UNKNOWN_CHANNEL', async (_name, name) => {
    const { router, calls } = setup();
    const reply = await router.invoke(name as string, {});
    expect(reply.ok === false && reply.error.code).toBe('UNKNOWN_CHANNEL');
    expect(calls).toEqual([]);
  });

  it('passes a handler’s typed error through unchanged', async () => {
    const { router } = setup();
    expect(await router.invoke('test/fail', { how: 'typed' })).toEqual({
      ok: false,
      error: { code: 'NOT_SAFE_OWNER', message: 'Not an owner of the Safe.', details: { a: 1 } },
    });
  });

  it('turns anything else into INTERNAL: logged with its stack, nothing of it sent back', async () => {
    const { router, logged } = setup();
    const reply = await router.invoke('test/fail', { how: 'untyped' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong inside Gridkeeper; the details are in the log.',
      },
    });
    expect(JSON.stringify(reply)).not.toContain('/home/owner');
    expect(logged).toHaveLength(1);
    expect(String(logged[0]?.fields?.stack)).toContain('secret internals');
  });

  it('reports a call cancelled by its caller as CANCELLED', async () => {
    const { router } = setup();
    const controller = new AbortController();
    controller.abort();
    const reply = await router.invoke('test/fail', { how: 'abort' }, { signal: controller.signal });
    expect(reply.ok === false && reply.error.code).toBe('CANCELLED');
  });
});
