/** Times for people: relative ("3 min ago") next to absolute ("2026-11-28 15:20:03"). */

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

/** A span of seconds: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "just now", "3 min ago", "in 2 h". */
export function formatRelative(unixSeconds: number, nowSeconds: number): string {
  const delta = nowSeconds - unixSeconds;
  if (Math.abs(delta) < 10) return 'just now';
  return delta > 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}
