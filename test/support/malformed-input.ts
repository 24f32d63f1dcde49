// Random and malformed api inputs for the fuzz tests. Half are pure noise; half follow the shape of
// the channel's own zod schema (right keys, nested objects) with wrong, hostile or edge-case values,
// so the generator reaches the refinements and transforms deep inside each schema. It reads the
// schema at run time, so channels added to the contract later are covered without touching it.
import type { z } from 'zod';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const hex = (random: Random, length: number) =>
  Array.from({ length }, () => '0123456789abcdefABCDEF'[Math.floor(random() * 22)]).join('');

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a',
  '0',
  '-1',
  '1e18',
  '0x',
  '0x0',
  ' 1',
  '1 ',
  '1.5',
  '١٢٣',
  'NaN',
  'Infinity',
  '115792089237316195423570985008687907853269984665640564039457584007913129639936',
  '__proto__',
  'constructor',
  'toString',
  "'; DROP TABLE audit_log; --",
  '../../../../etc/passwd',
  'C:\\Windows\\system32',
  '\u0000',
  '\uD800',
  '<script>alert(1)</script>',
  '{"__proto__":{"polluted":true}}',
  "m/44'/60'/0'/0/0",
  'https://evil.example/',
  'file:///etc/passwd',
];

function randomString(random: Random): string {
  switch (Math.floor(random() * 6)) {
    case 0:
      return pick(random, HOSTILE_STRINGS);
    case 1:
      return `0x${hex(random, pick(random, [1, 8, 39, 40, 41, 63, 64, 65, 130]))}`;
    case 2:
      return String(Math.floor(random() * 10 ** Math.floor(random() * 20)));
    case 3:
      return 'x'.repeat(pick(random, [256, 4096, 100_000]));
    case 4:
      return String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(random() * 0xffff)));
    default:
      return random().toString(36).slice(2);
  }
}

const HOSTILE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  10_000,
  10_001,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e308,
  NaN,
  Infinity,
];

/** Any value a renderer could send over IPC (structured clone) or the preview's JSON. */
export function randomValue(random: Random, depth = 0): unknown {
  const kinds = depth > 3 ? 7 : 12;
  switch (Math.floor(random() * kinds)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return random() < 0.5;
    case 3:
      return pick(random, HOSTILE_NUMBERS);
    case 4:
      return randomString(random);
    case 5:
      return BigInt(Math.floor(random() * 1e9)) * pick(random, [1n, -1n, 10n ** 60n]);
    case 6:
      return pick(random, [
        new Date(Number.NaN),
        new Date(0),
        new Uint8Array(4),
        new Map([[1, 2]]),
        new Set([1]),
      ]);
    case 7:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    case 8:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          randomString(random),
          randomValue(random, depth + 1),
        ]),
      );
    case 9:
      return JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      );
    case 10:
      return deeplyNested(pick(random, [100, 1000]));
    default:
      return Array.from({ length: 10_000 }, (_, i) => i);
  }
}

function deeplyNested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  items?: z.ZodType[];
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  left?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * A value shaped like the schema's input, where each part is, by chance, either shaped further or
 * replaced with something random or hostile.
 */
export function shapedValue(schema: z.ZodType, random: Random, depth = 0): unknown {
  if (depth > 8 || random() < 0.15) return randomValue(random, depth);
  const def = defOf(schema);
  const next = (inner: z.ZodType) => shapedValue(inner, random, depth + 1);
  switch (def.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        if (random() < 0.9) value[key] = next(field);
      }
      if (random() < 0.1) value[randomString(random)] = randomValue(random, depth + 1);
      return value;
    }
    case 'array':
      return Array.from({ length: pick(random, [0, 1, 2, 3, 1001]) }, () => next(def.element as z.ZodType));
    case 'tuple':
      return (def.items ?? []).map(next);
    case 'record':
      return { [randomString(random)]: next(def.valueType as z.ZodType) };
    case 'union':
      return next(pick(random, def.options ?? []));
    case 'intersection':
      return next(def.left as z.ZodType);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return random() < 0.2 ? pick(random, [undefined, null]) : next(def.innerType as z.ZodType);
    case 'pipe':
      return next(def.in as z.ZodType);
    case 'lazy':
      return next((def.getter as () => z.ZodType)());
    case 'enum':
      return random() < 0.5 ? pick(random, Object.values(def.entries ?? {})) : randomString(random);
    case 'literal':
      return random() < 0.5 ? pick(random, def.values ?? []) : randomValue(random, depth);
    case 'string':
      return randomString(random);
    case 'number':
    case 'int':
      return pick(random, HOSTILE_NUMBERS);
    case 'boolean':
      return random() < 0.5;
    default:
      return randomValue(random, depth);
  }
}

/** A channel name: usually a real one, sometimes a near miss or something that is not a string. */
export function randomChannel(random: Random, channels: readonly string[]): unknown {
  const roll = random();
  if (roll < 0.85) return pick(random, channels);
  const real = pick(random, channels);
  return pick(random, [
    `${real} `,
    real.toUpperCase(),
    real.replace('/', '.'),
    `${real}/x`,
    '__proto__',
    'constructor',
    'hasOwnProperty',
    '',
    randomString(random),
    42,
    null,
    undefined,
    { toString: () => real },
  ]);
}

/** JSON text of a random value (bigint as a decimal string), or undefined's stand-in `null`. */
const jsonText = (value: unknown): string =>
  JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';

/** A small hostile value: most fuzz frames stay small so that ten thousand of them take seconds. */
const light = (random: Random, shape: () => unknown): unknown =>
  pick(random, [
    null,
    0,
    -1,
    1.5,
    true,
    '',
    {},
    [],
    [null],
    '__proto__',
    '\u0000',
    `0x${hex(random, 40)}`,
    shape(),
  ]);

/**
 * A malformed text frame for a server that reads JSON (an HTTP body, a WebSocket frame): random
 * values, truncated and corrupted JSON, nesting far past any limit, oversized batches, noise.
 * `shape` is a valid frame of the protocol under test, to corrupt from the inside.
 */
export function malformedFrame(random: Random, shape: () => unknown): string {
  switch (Math.floor(random() * 9)) {
    case 0:
      return jsonText(random() < 0.1 ? randomValue(random) : light(random, shape));
    case 1: {
      const text = jsonText(shape());
      return text.slice(0, Math.floor(random() * text.length));
    }
    case 2: {
      const text = jsonText(shape()).split('');
      for (let i = 0; i < 3; i++)
        text[Math.floor(random() * text.length)] = pick(random, ['{', ']', '"', '\\', ',']);
      return text.join('');
    }
    case 3: {
      const depth = pick(random, [65, 1000, 20_000]);
      return random() < 0.5
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : jsonText(deeplyNested(Math.min(depth, 1000)));
    }
    case 4:
      return jsonText(Array.from({ length: pick(random, [0, 1, 1001, 5000]) }, () => light(random, shape)));
    case 5:
      return pick(random, [
        'null',
        'true',
        '0',
        '""',
        '[]',
        '{}',
        '[null]',
        '[[]]',
        '[1,2]',
        '"\\u0000"',
        '',
      ]);
    case 6: {
      const frame = shape();
      if (frame && typeof frame === 'object') {
        const keys = Object.keys(frame);
        const key = pick(random, keys);
        (frame as Record<string, unknown>)[key] = light(random, shape);
      }
      return jsonText(frame);
    }
    case 7:
      return String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(random() * 0xffff)));
    default:
      return jsonText([shape(), light(random, shape), shape()]);
  }
}
