import { describe, expect, it } from 'vitest';
import { parseDecimal } from './parse-amount';

describe('typed amounts', () => {
  it('parse exactly into base units, or not at all', () => {
    expect(parseDecimal('1.5', 18)).toBe(1_500_000_000_000_000_000n);
    expect(parseDecimal('0.000000000000000001', 18)).toBe(1n);
    expect(parseDecimal('1,000', 0)).toBe(1000n);
    expect(parseDecimal('1.25', 2)).toBe(125n);
    expect(parseDecimal('2.', 2)).toBe(200n);
    expect(parseDecimal('1.255', 2)).toBeNull();
    expect(parseDecimal('-1', 2)).toBeNull();
    expect(parseDecimal('1e3', 2)).toBeNull();
    expect(parseDecimal('', 2)).toBeNull();
  });
});
