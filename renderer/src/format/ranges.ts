/** The dashboard's time ranges, and the series window each asks core for. */
export const RANGES = [
  { value: '1h', label: '1 h', seconds: 3600 },
  { value: '24h', label: '24 h', seconds: 86_400 },
  { value: '7d', label: '7 d', seconds: 7 * 86_400 },
  { value: '30d', label: '30 d', seconds: 30 * 86_400 },
  { value: 'all', label: 'All', seconds: null },
] as const;

export type RangeKey = (typeof RANGES)[number]['value'];

/** `from` for market/series: now minus the range, or undefined for all time. */
export function rangeStart(range: RangeKey, nowSeconds: number): number | undefined {
  const seconds = RANGES.find((r) => r.value === range)?.seconds;
  return seconds ? nowSeconds - seconds : undefined;
}
