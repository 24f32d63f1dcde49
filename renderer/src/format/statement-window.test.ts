import { describe, expect, it } from 'vitest';
import { dayStart, daysWindow, describeWindow, monthWindow, utcDateTime, utcMonth } from './statement-window';

describe('statement windows in UTC calendar terms', () => {
  it('turns a month into [its first second, the next month’s first), across a year end', () => {
    expect(monthWindow('2026-10')).toEqual({
      from: Date.UTC(2026, 9, 1) / 1000,
      to: Date.UTC(2026, 10, 1) / 1000,
    });
    expect(monthWindow('2026-12')).toEqual({
      from: Date.UTC(2026, 11, 1) / 1000,
      to: Date.UTC(2027, 0, 1) / 1000,
    });
    expect(monthWindow('2026-13')).toBeNull();
    expect(monthWindow('')).toBeNull();
  });

  it('includes both picked days and refuses impossible dates and reversed ranges', () => {
    expect(daysWindow('2026-02-27', '2026-03-01')).toEqual({
      from: Date.UTC(2026, 1, 27) / 1000,
      to: Date.UTC(2026, 2, 2) / 1000,
    });
    expect(daysWindow('2026-03-02', '2026-03-01')).toBeNull();
    expect(dayStart('2026-02-30')).toBeNull();
    expect(daysWindow('2026-03-01', '')).toBeNull();
  });

  it('names a whole month by name, whole days by their dates, anything else to the second', () => {
    const oct = monthWindow('2026-10')!;
    expect(describeWindow(oct.from, oct.to)).toBe('October 2026');
    const days = daysWindow('2026-10-03', '2026-10-17')!;
    expect(describeWindow(days.from, days.to)).toBe('2026-10-03 – 2026-10-17');
    expect(describeWindow(oct.from + 1, oct.to)).toBe(
      '2026-10-01 00:00:01 UTC – 2026-11-01 00:00:00 UTC (end excluded)',
    );
    expect(utcMonth(oct.to - 1)).toBe('2026-10');
    expect(utcDateTime(0)).toBe('1970-01-01 00:00:00 UTC');
  });
});
