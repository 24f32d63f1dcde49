import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint';

const A = '0x2BE0A1c3D5e7F90123456789aBCdef01234502B5';
/** Same first 6 and last 4 characters as A: "0x2BE0…02B5" for both. */
const LOOK_ALIKE = '0x2BE0ffffffffffffffffffffffffffffffff02B5';

const key = (address: string) => JSON.stringify(fingerprintOf(address));

describe('address fingerprint', () => {
  it('is deterministic and ignores case', () => {
    expect(key(A)).toBe(key(A));
    expect(key(A)).toBe(key(A.toLowerCase()));
  });

  it('is mirrored, 5 by 5, with two hues at least 90° apart', () => {
    const { cells, hues } = fingerprintOf(A);
    expect(cells).toHaveLength(5);
    for (const row of cells) {
      expect(row).toHaveLength(5);
      expect(row[0]).toBe(row[4]);
      expect(row[1]).toBe(row[3]);
    }
    const gap = Math.abs(hues[0] - hues[1]) % 360;
    expect(Math.min(gap, 360 - gap)).toBeGreaterThanOrEqual(90);
  });

  it('tells apart addresses that look alike when shortened', () => {
    expect(key(A)).not.toBe(key(LOOK_ALIKE));
  });

  it('changes with every single hex digit of the address', () => {
    const body = A.slice(2).toLowerCase();
    for (let i = 0; i < body.length; i++) {
      const digit = body[i] === '0' ? '1' : '0';
      const changed = `0x${body.slice(0, i)}${digit}${body.slice(i + 1)}`;
      expect(key(changed), `digit ${i + 1}`).not.toBe(key(A));
    }
  });

  it('spreads: 2,000 random addresses give (almost) 2,000 different patterns', () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const hex = Array.from({ length: 5 }, () => random().toString(16).padStart(8, '0')).join('');
      seen.add(key(`0x${hex}`));
    }
    expect(seen.size).toBeGreaterThanOrEqual(1990);
  });
});
