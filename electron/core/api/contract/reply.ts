import type { SerializedError } from './errors';

/**
 * The one reply of every channel, on every bridge: the router, the core process's messages, the
 * Electron preload, the preview's WebSocket and the renderer's api client all pass this shape.
 */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: SerializedError };

/**
 * The one bigint codec of the bridges: amounts are bigint in core and cross as decimal strings
 * (structured clone would carry a bigint to one renderer and JSON would refuse it on the other).
 * Returns the value itself when it holds no bigint, a copy with each bigint as its decimal string
 * otherwise.
 */
export function toWire<T>(value: T): T {
  if (typeof value === 'bigint') return value.toString() as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const wire = toWire(item);
      if (wire !== item) {
        copy ??= [...value];
        copy[i] = wire;
      }
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const wire = toWire(item);
      if (wire !== item) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[key] = wire;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

/** `JSON.stringify` replacer of the same codec, for text (WebSocket frames, files, the log). */
export const bigintAsDecimal = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;
