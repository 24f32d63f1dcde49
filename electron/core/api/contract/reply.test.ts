import { describe, expect, it } from 'vitest';
import { bigintAsDecimal, toWire } from './reply';

describe('the bridges’ bigint codec', () => {
  it('turns every bigint into its decimal string and leaves the rest as it is', () => {
    const unchanged = { label: 'no amounts', at: new Date(0) };
    const wire = toWire({
      feeWei: 10n ** 18n,
      rows: [{ tradeId: 7n, energyWh: 1500n }, unchanged],
      unchanged,
    });
    expect(wire).toEqual({
      feeWei: '1000000000000000000',
      rows: [{ tradeId: '7', energyWh: '1500' }, unchanged],
      unchanged,
    });
    // Parts without a bigint are passed on, not copied.
    expect(wire.rows[1]).toBe(unchanged);
    expect(wire.unchanged).toBe(unchanged);
  });

  it('returns a value holding no bigint itself', () => {
    const reply = { ok: true, data: { trades: [{ id: '1' }], total: 1 } };
    expect(toWire(reply)).toBe(reply);
  });

  it('writes the same decimal strings as JSON text', () => {
    expect(JSON.stringify({ a: [1n, 2], b: -3n }, bigintAsDecimal)).toBe('{"a":["1",2],"b":"-3"}');
  });
});
