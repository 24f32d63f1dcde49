/** Times for people: relative ("3 min ago") next to absolute ("2026-11-28 15:20:03"). */

import { formatDuration } from '../../../electron/core/api/contract/duration';

export { formatDuration };

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time, 24 h, sortable: "2026-11-28 15:20:03". */
export function formatDateTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** An ISO timestamp as unix seconds. */
export function isoToUnix(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** "just now", "3 min ago", "in 2 h". */
export function formatRelative(unixSeconds: number, nowSeconds: number): string {
  const delta = nowSeconds - unixSeconds;
  if (Math.abs(delta) < 10) return 'just now';
  return delta > 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}
