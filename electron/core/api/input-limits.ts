/**
 * Limits on what any of the app's servers accepts from outside (the training network's RPC, the
 * preview's WebSocket, the core bridge), checked before the input is touched: a deeply nested
 * value overflows the stack of whatever walks it next (JSON.stringify, structured clone, zod).
 */

/** Deeper than any api input or JSON-RPC call the app makes or answers. */
export const MAX_NESTING_DEPTH = 64;

export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * JSON.parse, refusing text nested deeper than `maxDepth`. The depth is measured on the text
 * (strings skipped) before parsing, so no deep value is ever built.
 */
export function parseBoundedJson(text: string, maxDepth = MAX_NESTING_DEPTH): BoundedJson {
  if (!textDepthWithin(text, maxDepth)) return { ok: false, reason: `nested deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}

function textDepthWithin(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return true;
}

/** The same limit on a value already built (Electron IPC hands core objects, not text); no recursion. */
export function valueDepthWithin(value: unknown, maxDepth = MAX_NESTING_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null || ArrayBuffer.isView(item) || seen.has(item)) continue;
    if (depth >= maxDepth) return false;
    seen.add(item);
    const children = item instanceof Map ? [...item.keys(), ...item.values()] : Object.values(item);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return true;
}

/** Whether a parsed value is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
