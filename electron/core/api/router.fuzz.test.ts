// 10,000 random and malformed inputs across every channel of the api contract (read at run time, so
// channels other concerns add are covered): the router must answer each with a typed error, never
// throw, never call a handler (so nothing can be written), and its replies must cross IPC and JSON.
import { describe, expect, it } from 'vitest';
import { randomChannel, randomValue, shapedValue } from '../../../test/support/malformed-input';
import { randomSource } from '../devnet/random';
import { silentLogger } from '../ports/logger';
import { apiContract } from './contract';
import { ERROR_CODES } from './contract/errors';
import { createRouter, type Handlers } from './router';

const INPUTS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601);
const channels = Object.keys(apiContract) as Array<keyof typeof apiContract>;

describe(`api fuzz: ${INPUTS} malformed inputs over ${channels.length} channels (seed ${SEED})`, () => {
  it('answers every one with a typed error and runs no handler', async () => {
    const handlerCalls: string[] = [];
    const handlers = Object.fromEntries(
      channels.map((name) => [name, async () => void handlerCalls.push(name)]),
    ) as unknown as Handlers;
    const router = createRouter(handlers, silentLogger);
    const random = randomSource(SEED);
    const codes = new Map<string, number>();
    const perChannel = new Map<unknown, number>();
    let sent = 0;
    let validSkipped = 0;

    for (let attempt = 0; sent < INPUTS && attempt < INPUTS * 20; attempt++) {
      const channel = randomChannel(random, channels);
      const schema =
        typeof channel === 'string' && Object.hasOwn(apiContract, channel)
          ? apiContract[channel as keyof typeof apiContract].input
          : undefined;
      const raw = schema && random() < 0.6 ? shapedValue(schema, random) : randomValue(random);
      // What arrives over IPC is a structured clone of what the renderer sent.
      const input = structuredClone(raw);
      let accepted = false;
      try {
        accepted = schema?.safeParse(input).success ?? false;
      } catch (error) {
        throw new Error(`the schema of ${String(channel)} threw on ${preview(input)}: ${error}`);
      }
      if (accepted) {
        validSkipped++; // a random input that happens to be valid is a legitimate call, not a fuzz case
        continue;
      }
      const reply = await router.invoke(channel as string, input);
      sent++;
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
      expect(reply.ok, `${String(channel)} accepted ${preview(input)}`).toBe(false);
      if (reply.ok) continue;
      expect(ERROR_CODES).toContain(reply.error.code);
      expect(['INPUT_INVALID', 'UNKNOWN_CHANNEL']).toContain(reply.error.code);
      expect(typeof reply.error.message).toBe('string');
      expect(() => structuredClone(reply)).not.toThrow();
      expect(() => JSON.stringify(reply)).not.toThrow();
      codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
    }

    expect(sent).toBe(INPUTS);
    expect(handlerCalls).toEqual([]);
    for (const name of channels) expect(perChannel.get(name) ?? 0, name).toBeGreaterThan(0);
    console.log(
      `api fuzz: ${sent} inputs, ${JSON.stringify(Object.fromEntries(codes))}, ${validSkipped} valid inputs skipped, channels: ${channels.length}`,
    );
    // CPU-bound: ~45 s alone on this 2-core machine, more than twice that while the whole suite runs.
  }, 180_000);
});

function preview(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 200) ?? String(value)
    );
  } catch {
    return String(value).slice(0, 200);
  }
}
