/**
 * A statement's window as the page picks it, in UTC calendar terms on the chain's clock: a month
 * ("2026-10") or a range of days ("2026-10-03" to "2026-10-17", both days included), turned into the
 * [from, to) unix seconds core reads.
 */

const DAY = 86_400;
const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-10" -> the month's first second and the next month's first (UTC); null when not a month. */
export function monthWindow(month: string): { from: number; to: number } | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (index < 0 || index > 11) return null;
  return { from: Date.UTC(year, index, 1) / 1000, to: Date.UTC(year, index + 1, 1) / 1000 };
}

/** A UTC day "2026-10-03" as unix seconds of its start; null when not a date. */
export function dayStart(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  return new Date(t * 1000).toISOString().slice(0, 10) === date ? t : null;
}

/** Two UTC days, both included -> [from, to); null when either is missing or the last is before the first. */
export function daysWindow(first: string, last: string): { from: number; to: number } | null {
  const from = dayStart(first);
  const lastStart = dayStart(last);
  if (from === null || lastStart === null || lastStart < from) return null;
  return { from, to: lastStart + DAY };
}

/** Unix seconds -> "2026-10-03" (UTC). */
export const utcDay = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);

/** Unix seconds -> "2026-10" (UTC). */
export const utcMonth = (t: number): string => utcDay(t).slice(0, 7);

/** Unix seconds -> "2026-10-03 14:05:09 UTC". */
export const utcDateTime = (t: number): string =>
  `${new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** A window in words: "October 2026" for a whole month, else "2026-10-03 – 2026-10-17" (days included). */
export function describeWindow(from: number, to: number): string {
  const month = monthWindow(utcMonth(from));
  if (month && month.from === from && month.to === to)
    return new Date(from * 1000).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (from % DAY === 0 && to % DAY === 0) return `${utcDay(from)} – ${utcDay(to - DAY)}`;
  return `${utcDateTime(from)} – ${utcDateTime(to)} (end excluded)`;
}
