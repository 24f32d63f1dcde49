import type { SeriesPoint } from '../../../electron/core/api/contract';
import { localZone, type ZoneOffset } from './chart-axes';

/** One local day of hourly buckets: a row of the heat map and a line of the daily totals. */
export interface DayRow {
  /** Local date, "2026-11-28". */
  date: string;
  /** Start of the day's first hour (unix seconds). */
  start: number;
  /** Base units per local hour 0–23 (null: the hour is outside the window). */
  hours: Array<bigint | null>;
  total: bigint;
  /** The window cuts this day (the chain's time is inside it, or the window starts after its midnight). */
  partial: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Hourly buckets [from, to] grouped into local days, oldest first, each hour's exact sum; hours
 * missing from the series count as zero (the store has no row for an hour without trades).
 */
export function hourlyGrid(
  points: SeriesPoint[],
  from: number,
  to: number,
  zone: ZoneOffset = localZone,
): DayRow[] {
  const values = new Map(points.map((p) => [p.t, BigInt(p.v)]));
  const days = new Map<string, DayRow>();
  for (let t = from - (from % 3600); t <= to; t += 3600) {
    const local = new Date((t + zone(t) * 60) * 1000);
    const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
    let row = days.get(date);
    if (!row) {
      row = { date, start: t, hours: Array(24).fill(null), total: 0n, partial: local.getUTCHours() !== 0 };
      days.set(date, row);
    }
    const value = values.get(t) ?? 0n;
    row.hours[local.getUTCHours()] = value;
    row.total += value;
  }
  const rows = [...days.values()];
  // The day holding `to` is whole only if `to` is its very last second (in the 23:00 bucket, too).
  const last = rows.at(-1);
  if (last && (last.hours[23] === null || to % 3600 !== 3599)) last.partial = true;
  return rows;
}
