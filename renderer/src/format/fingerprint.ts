/**
 * A visual fingerprint of an address: a 5×5 mirrored pattern of cells in two colours, drawn from a
 * hash of the full address (every one of its 40 hex digits changes it), so that two look-alike
 * addresses that share their first and last digits still look different at a glance. Deterministic;
 * case does not matter (checksummed and lower-case give the same fingerprint).
 */

export interface Fingerprint {
  /** 5 rows of 5 cells: 0 empty, 1 first colour, 2 second colour (mirrored left–right). */
  cells: (0 | 1 | 2)[][];
  /** Hues in degrees, for hsl() in both themes. */
  hues: [number, number];
}

/** 32-bit FNV-1a of the text, from a seed. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32): nearby inputs spread over all bits.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function fingerprintOf(address: string): Fingerprint {
  const text = address.trim().toLowerCase();
  const words = [fnv1a(text, 1), fnv1a(text, 2), fnv1a(text, 3)];
  const [a = 0, b = 0, c = 0] = words;
  const cells: (0 | 1 | 2)[][] = [];
  for (let row = 0; row < 5; row++) {
    const line: (0 | 1 | 2)[] = [];
    for (let col = 0; col < 3; col++) {
      const bit = row * 3 + col;
      const on = (a >>> bit) & 1;
      const second = (b >>> bit) & 1;
      line.push(on ? (second ? 2 : 1) : 0);
    }
    cells.push([line[0] ?? 0, line[1] ?? 0, line[2] ?? 0, line[1] ?? 0, line[0] ?? 0]);
  }
  const first = c % 360;
  // The second hue at least 90° away from the first, so the two colours never blur into one.
  const second = (first + 90 + ((c >>> 9) % 180)) % 360;
  return { cells, hues: [first, second] };
}
