import { describe, expect, it } from 'vitest';
import { chartWindow } from './chart-window';

// 2026-11-30 14:37:25 UTC
const NOW = Date.UTC(2026, 10, 30, 14, 37, 25) / 1000;
const utc = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

describe('chart windows are anchored to the chain clock and sized to the range', () => {
  it('1 h is 60 minute buckets: the first starts 59 minutes before the one holding now', () => {
    const w = chartWindow('1h', NOW, null);
    expect(w).toMatchObject({ bucketSeconds: 60, buckets: 60, to: NOW });
    expect(utc(w.from)).toBe('2026-11-30T13:38:00Z');
    expect(utc(w.from + (w.buckets - 1) * 60)).toBe('2026-11-30T14:37:00Z');
  });

  it('24 h is 24 hour buckets, 7 d 168, 30 d is 30 day buckets, all ending with the bucket of now', () => {
    const day = chartWindow('24h', NOW, null);
    expect(day).toMatchObject({ bucketSeconds: 3600, buckets: 24 });
    expect(utc(day.from)).toBe('2026-11-29T15:00:00Z');
    const week = chartWindow('7d', NOW, null);
    expect(week).toMatchObject({ bucketSeconds: 3600, buckets: 168 });
    expect(utc(week.from)).toBe('2026-11-23T15:00:00Z');
    const month = chartWindow('30d', NOW, null);
    expect(month).toMatchObject({ bucketSeconds: 86_400, buckets: 30 });
    expect(utc(month.from)).toBe('2026-11-01T00:00:00Z');
  });

  it('a bucket boundary belongs to the bucket it starts', () => {
    const onTheHour = Date.UTC(2026, 10, 30, 14, 0, 0) / 1000;
    const w = chartWindow('24h', onTheHour, null);
    expect(utc(w.from + (w.buckets - 1) * 3600)).toBe('2026-11-30T14:00:00Z');
    expect(utc(w.from)).toBe('2026-11-29T15:00:00Z');
    const justBefore = chartWindow('1h', onTheHour - 1, null);
    expect(utc(justBefore.from + (justBefore.buckets - 1) * 60)).toBe('2026-11-30T13:59:00Z');
  });

  it('all time starts at the day of the first data, and a finer bucket can be asked for', () => {
    const first = Date.UTC(2026, 10, 25, 9, 12, 0) / 1000;
    const all = chartWindow('all', NOW, first);
    expect(utc(all.from)).toBe('2026-11-25T00:00:00Z');
    expect(all.buckets).toBe(6);
    const hours = chartWindow('30d', NOW, null, 3600);
    expect(hours.buckets).toBe(720);
    expect(utc(hours.from)).toBe('2026-10-31T15:00:00Z');
  });
});
