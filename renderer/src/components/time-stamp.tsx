import { useNow } from '../api/hooks';
import { formatDateTime, formatRelative } from '../format/time';

/** "3 min ago" with the absolute time beside it (and in the title). */
export function TimeStamp({ at, absolute = true }: { at: number; absolute?: boolean }) {
  const now = useNow();
  const full = formatDateTime(at);
  return (
    <time dateTime={new Date(at * 1000).toISOString()} title={full} className="time-stamp">
      {formatRelative(at, now)}
      {absolute && <span className="muted"> · {full}</span>}
    </time>
  );
}
