import { describe, expect, it } from 'vitest';
import {
  formatBaseUnits,
  formatBps,
  formatCount,
  formatEnergy,
  formatEnergyExact,
  formatPol,
  formatPolExact,
  formatPricePerKWh,
  formatTokenAmount,
  groupDigits,
  paymentUnit,
  scaled,
} from './units';

const POL = 10n ** 18n;

describe('energy', () => {
  it('keeps small amounts in Wh and moves up a unit at each thousand', () => {
    expect(formatEnergy('0')).toBe('0 Wh');
    expect(formatEnergy('850')).toBe('850 Wh');
    expect(formatEnergy('1000')).toBe('1 kWh');
    expect(formatEnergy('12500')).toBe('12.5 kWh');
    expect(formatEnergy('3214000')).toBe('3.21 MWh');
    expect(formatEnergy('999999')).toBe('1,000 kWh');
    expect(formatEnergy(7_250_000_000n)).toBe('7.25 GWh');
    expect(formatEnergy(12_345_678_900_000n)).toBe('12,346 GWh');
  });
  it('shows every Wh when asked for exactness', () => {
    expect(formatEnergyExact('1234567')).toBe('1,234,567 Wh');
  });
});

describe('POL', () => {
  it('uses decimals that suit the size', () => {
    expect(formatPol('0')).toBe('0 POL');
    expect(formatPol(POL)).toBe('1 POL');
    expect(formatPol((POL * 1235n) / 100n)).toBe('12.35 POL');
    expect(formatPol(4210n * POL + POL / 3n)).toBe('4,210 POL');
    expect(formatPol(POL / 100n + POL / 4000n)).toBe('0.0103 POL');
  });
  it('shows two significant digits of dust instead of rounding it to zero', () => {
    expect(formatPol(1234n)).toBe('0.0000000000000012 POL');
    expect(formatPol(1n)).toBe('0.000000000000000001 POL');
  });
  it('shows every wei when asked for exactness, and negative amounts with a minus sign', () => {
    expect(formatPolExact(POL + 1n)).toBe('1.000000000000000001 POL');
    expect(formatPol(-2n * POL)).toBe('−2 POL');
  });
  it('names the payment asset', () => {
    expect(paymentUnit('0x0000000000000000000000000000000000000000')).toBe('POL');
    expect(paymentUnit('0x1234567890abcdef1234567890abcdef12345678')).toBe('0x1234…5678');
    expect(formatPricePerKWh((POL * 12n) / 100n)).toBe('0.12 POL/kWh');
    expect(formatPricePerKWh(null)).toBe('—');
  });
});

describe('numbers', () => {
  it('groups digits and rounds half up at the requested decimals', () => {
    expect(groupDigits(1234567n)).toBe('1,234,567');
    expect(groupDigits('-1000')).toBe('−1,000');
    expect(scaled(1999n, 3, 2)).toBe('2');
    expect(scaled(1994n, 3, 2)).toBe('1.99');
    expect(scaled(1005n, 3, 3)).toBe('1.005');
  });
  it('writes shares as percentages and counts with their noun', () => {
    expect(formatBps(7000)).toBe('70 %');
    expect(formatBps(25)).toBe('0.25 %');
    expect(formatBps(250)).toBe('2.5 %');
    expect(formatBps(10_000)).toBe('100 %');
    expect(formatCount(1, 'trade')).toBe('1 trade');
    expect(formatCount(1200, 'trade')).toBe('1,200 trades');
    expect(formatCount(0, 'dispute')).toBe('0 disputes');
  });
});

describe('review amounts: token units with the exact base value beside them', () => {
  const proceeds = { base: '63694917000000000', decimals: 18, unit: 'POL', baseUnit: 'wei' };
  it('shows every digit in the unit, nothing rounded', () => {
    expect(formatTokenAmount(proceeds)).toBe('0.063694917 POL');
    expect(formatTokenAmount({ ...proceeds, base: '1000000000000000001' })).toBe('1.000000000000000001 POL');
    expect(formatTokenAmount({ ...proceeds, base: '0' })).toBe('0 POL');
    expect(formatTokenAmount({ base: '12500', decimals: 3, unit: 'kWh', baseUnit: 'Wh' })).toBe('12.5 kWh');
    expect(formatTokenAmount({ ...proceeds, base: (2n ** 200n).toString() })).toMatch(
      /^1,606,938,044,258,990,275,541,962,092,341,162,602,522,202\.993782792835301376 POL$/,
    );
  });
  it('gives the base units grouped', () => {
    expect(formatBaseUnits(proceeds)).toBe('63,694,917,000,000,000 wei');
    expect(formatBaseUnits({ base: '850', decimals: 3, unit: 'kWh', baseUnit: 'Wh' })).toBe('850 Wh');
  });
});
