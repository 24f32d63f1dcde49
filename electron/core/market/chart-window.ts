import type { ChartRange } from '../api/contract/market';

/** Each chart range's span and the bucket it is drawn in: 1 h of minutes, 24 h and 7 d of hours, 30 d and all time of days. */
export const CHART_RANGE_SPANS: Record<
  ChartRange,
  { seconds: number | null; bucketSeconds: 60 | 3600 | 86_400 }
> = {
  '1h': { seconds: 3600, bucketSeconds: 60 },
  '24h': { seconds: 86_400, bucketSeconds: 3600 },
  '7d': { seconds: 7 * 86_400, bucketSeconds: 3600 },
  '30d': { seconds: 30 * 86_400, bucketSeconds: 86_400 },
  all: { seconds: null, bucketSeconds: 86_400 },
};

export interface ChartWindow {
  /** Start of the first bucket (unix seconds, a multiple of the bucket). */
  from: number;
  /** The chain's time the window ends at: inside the last bucket, which is therefore partial. */
  to: number;
  bucketSeconds: number;
  /** How many buckets [from, to] covers (the last one partial). */
  buckets: number;
}

/**
 * The buckets a range shows, anchored to the chain's clock (`chainNow`: the newest indexed block's
 * time, never the wall clock): whole buckets aligned to the bucket size, the last one holding
 * `chainNow`, the first starting one range before the last one ends, so "1 h" is exactly 60 minute
 * buckets and "24 h" 24 hour buckets. All time starts at the day of the first data (`firstAt`).
 * `bucketSeconds` overrides the range's own bucket (the heat map reads 30 days of hours).
 */
export function chartWindow(
  range: ChartRange,
  chainNow: number,
  firstAt: number | null,
  bucketSeconds: number = CHART_RANGE_SPANS[range].bucketSeconds,
): ChartWindow {
  const end = chainNow - (chainNow % bucketSeconds) + bucketSeconds;
  const span = CHART_RANGE_SPANS[range].seconds;
  const first = Math.min(firstAt ?? chainNow, chainNow);
  const from = span === null ? first - (first % bucketSeconds) : end - span;
  return { from, to: chainNow, bucketSeconds, buckets: (end - from) / bucketSeconds };
}
