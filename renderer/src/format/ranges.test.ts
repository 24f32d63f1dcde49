import { describe, expect, it } from 'vitest';
import { RANGES, rangeStart } from './ranges';

describe('dashboard ranges', () => {
  it('start the series window the range before now, and all time has no start', () => {
    expect(RANGES.map((r) => r.value)).toEqual(['1h', '24h', '7d', '30d', 'all']);
    expect(rangeStart('1h', 100_000)).toBe(96_400);
    expect(rangeStart('24h', 100_000)).toBe(13_600);
    expect(rangeStart('30d', 3_000_000)).toBe(408_000);
    expect(rangeStart('all', 100_000)).toBeUndefined();
  });
});
