import { describe, expect, it } from 'vitest';
import { CHART_RANGES } from '../../../electron/core/api/contract/market';
import { RANGES, rangeOf } from './ranges';

describe('dashboard ranges', () => {
  it('name every range core knows, in order, and read a range from the URL or fall back', () => {
    expect(RANGES.map((r) => r.value)).toEqual([...CHART_RANGES]);
    expect(rangeOf('1h')).toBe('1h');
    expect(rangeOf('2h')).toBe('24h');
    expect(rangeOf(null, '7d')).toBe('7d');
  });
});
