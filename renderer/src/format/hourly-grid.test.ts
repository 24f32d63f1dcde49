import { describe, expect, it } from 'vitest';
import { hourlyGrid } from './hourly-grid';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('hourly buckets as local days', () => {
  it('puts each hour in its local day and hour, sums days exactly and marks cut days', () => {
    const from = at('2026-11-28T15:00:00Z');
    const to = at('2026-11-30T14:37:25Z');
    const points = [
      { t: at('2026-11-28T22:00:00Z'), v: '1500' },
      { t: at('2026-11-28T23:00:00Z'), v: '9007199254740993' },
      { t: at('2026-11-30T14:00:00Z'), v: '7' },
    ];
    const utc = hourlyGrid(points, from, to, () => 0);
    expect(utc.map((d) => [d.date, d.partial, d.total])).toEqual([
      ['2026-11-28', true, 9007199254742493n],
      ['2026-11-29', false, 0n],
      ['2026-11-30', true, 7n],
    ]);
    expect(utc[0]?.hours.slice(14, 17)).toEqual([null, 0n, 0n]);
    expect(utc[0]?.hours[23]).toBe(9007199254740993n);
    expect(utc[2]?.hours.slice(13, 16)).toEqual([0n, 7n, null]);

    // One hour east of UTC, 23:00 UTC is midnight of the next local day.
    const cet = hourlyGrid(points, from, to, () => 60);
    expect(cet.map((d) => [d.date, d.total])).toEqual([
      ['2026-11-28', 1500n],
      ['2026-11-29', 9007199254740993n],
      ['2026-11-30', 7n],
    ]);
    expect(cet[1]?.hours[0]).toBe(9007199254740993n);
    expect(cet[2]?.hours[15]).toBe(7n);
  });

  it('marks the day holding the chain time as cut in its last hour too, and whole only at its last second', () => {
    const from = at('2026-11-29T00:00:00Z');
    const lateToday = hourlyGrid([], from, at('2026-11-30T23:25:14Z'), () => 0);
    expect(lateToday.map((d) => [d.date, d.partial])).toEqual([
      ['2026-11-29', false],
      ['2026-11-30', true],
    ]);
    const endOfDay = hourlyGrid([], from, at('2026-11-30T23:59:59Z'), () => 0);
    expect(endOfDay.at(-1)?.partial).toBe(false);
  });
});
