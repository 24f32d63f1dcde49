import { describe, expect, it } from 'vitest';
import { formatBucketSpan, formatTimeTick, niceTicks, timeTicks, valueAxis, windowEnd } from './chart-axes';

const at = (iso: string) => Date.parse(iso) / 1000;
const UTC = () => 0;
const CET = () => 60;
const IST = () => 330;

describe('time ticks fall on round times of the range', () => {
  it('1 h of minutes: every 10 minutes, labelled hh:mm', () => {
    const to = at('2026-11-30T14:37:25Z');
    const from = at('2026-11-30T13:38:00Z');
    const { ticks, step } = timeTicks(from, windowEnd(to, 60), 60, 7, UTC);
    expect(step).toBe(600);
    expect(ticks.map((t) => formatTimeTick(t, step, 60, UTC))).toEqual([
      '13:40',
      '13:50',
      '14:00',
      '14:10',
      '14:20',
      '14:30',
    ]);
  });

  it('24 h of hours: every 4 hours, on the viewer’s clock, the date at midnight', () => {
    const to = at('2026-11-30T14:37:25Z');
    const from = at('2026-11-29T15:00:00Z');
    const utc = timeTicks(from, windowEnd(to, 3600), 3600, 7, UTC);
    expect(utc.step).toBe(14_400);
    expect(utc.ticks.map((t) => formatTimeTick(t, utc.step, 3600, UTC))).toEqual([
      '16:00',
      '20:00',
      'Nov 30',
      '04:00',
      '08:00',
      '12:00',
    ]);
    const cet = timeTicks(from, windowEnd(to, 3600), 3600, 7, CET);
    expect(cet.ticks.map((t) => formatTimeTick(t, cet.step, 3600, CET))).toEqual([
      '16:00',
      '20:00',
      'Nov 30',
      '04:00',
      '08:00',
      '12:00',
      '16:00',
    ]);
  });

  it('7 d of hours: one tick per local midnight; 30 d of days: weekly on UTC days', () => {
    const to = at('2026-11-30T14:37:25Z');
    const week = timeTicks(at('2026-11-23T15:00:00Z'), windowEnd(to, 3600), 3600, 8, UTC);
    expect(week.step).toBe(86_400);
    expect(week.ticks.map((t) => formatTimeTick(t, week.step, 3600, UTC))).toEqual([
      'Nov 24',
      'Nov 25',
      'Nov 26',
      'Nov 27',
      'Nov 28',
      'Nov 29',
      'Nov 30',
    ]);
    const month = timeTicks(at('2026-11-01T00:00:00Z'), windowEnd(to, 86_400), 86_400, 7, CET);
    expect(month.step).toBe(7 * 86_400);
    expect(month.ticks.every((t) => t % (7 * 86_400) === 0)).toBe(true);
    expect(month.ticks.map((t) => formatTimeTick(t, month.step, 86_400, CET))).toEqual([
      'Nov 5',
      'Nov 12',
      'Nov 19',
      'Nov 26',
    ]);
  });

  it('half-hour zones get ticks on their own round hours', () => {
    const from = at('2026-11-29T15:00:00Z');
    const { ticks, step } = timeTicks(from, from + 6 * 3600, 60, 7, IST);
    expect(step).toBe(3600);
    expect(ticks.map((t) => formatTimeTick(t, step, 60, IST))).toEqual([
      '21:00',
      '22:00',
      '23:00',
      'Nov 30',
      '01:00',
      '02:00',
    ]);
  });
});

describe('a bucket’s tooltip gives its exact span', () => {
  it('minutes and hours in the viewer’s zone, the last one cut at the chain’s time', () => {
    const to = at('2026-11-30T14:37:25Z');
    expect(formatBucketSpan(at('2026-11-30T14:05:00Z'), 60, to, UTC)).toBe('2026-11-30 14:05–14:06');
    expect(formatBucketSpan(at('2026-11-30T14:37:00Z'), 60, to, UTC)).toBe(
      '2026-11-30 14:37–14:37:25, so far',
    );
    expect(formatBucketSpan(at('2026-11-30T13:00:00Z'), 3600, to, CET)).toBe('2026-11-30 14:00–15:00');
    expect(formatBucketSpan(at('2026-11-29T23:00:00Z'), 3600, to, UTC)).toBe('2026-11-29 23:00–24:00');
  });

  it('days as UTC days', () => {
    const to = at('2026-11-30T14:37:25Z');
    expect(formatBucketSpan(at('2026-11-28T00:00:00Z'), 86_400, to, CET)).toBe('2026-11-28 00:00–24:00 UTC');
    expect(formatBucketSpan(at('2026-11-30T00:00:00Z'), 86_400, to, CET)).toBe(
      '2026-11-30 00:00–14:37:25 UTC, so far',
    );
  });
});

describe('value ticks are round and carry their unit', () => {
  it('steps of 1, 2, 2.5 or 5 times a power of ten, from zero past the maximum', () => {
    expect(niceTicks(0.23).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0.9)).toEqual({ ticks: [0, 0.25, 0.5, 0.75, 1], decimals: 2 });
    expect(niceTicks(37).ticks).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(7, 4, true).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(2, 4, true).ticks).toEqual([0, 1, 2]);
    expect(niceTicks(0).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('energy in the unit of its size, money in POL, prices per kWh, counts bare', () => {
    const energy = valueAxis('energyWh', 23_400, 'POL');
    expect(energy.ticks.map(energy.label)).toEqual(['0 kWh', '10 kWh', '20 kWh', '30 kWh']);
    expect(energy.toDisplay('23400')).toBe(23.4);
    const small = valueAxis('energyWh', 640, 'POL');
    expect(small.ticks.map(small.label)).toEqual(['0 Wh', '200 Wh', '400 Wh', '600 Wh', '800 Wh']);
    const price = valueAxis('vwapPerKWh', 0.23e18, 'POL');
    expect(price.ticks.map(price.label)).toEqual([
      '0.0 POL/kWh',
      '0.1 POL/kWh',
      '0.2 POL/kWh',
      '0.3 POL/kWh',
    ]);
    const trades = valueAxis('trades', 3, 'POL');
    expect(trades.ticks.map(trades.label)).toEqual(['0', '1', '2', '3']);
  });
});
