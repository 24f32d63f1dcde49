import type { ChartRange } from '../../../electron/core/api/contract';

/** The dashboard's time ranges, as the range buttons name them (core anchors each to the chain's clock). */
export const RANGES: ReadonlyArray<{ value: ChartRange; label: string }> = [
  { value: '1h', label: '1 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
  { value: 'all', label: 'All' },
];

export type RangeKey = ChartRange;

/** A range from the URL, or the default when it names none. */
export function rangeOf(text: string | null | undefined, fallback: ChartRange = '24h'): ChartRange {
  return RANGES.find((r) => r.value === text)?.value ?? fallback;
}
