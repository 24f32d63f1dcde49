/**
 * Largest-Triangle-Three-Buckets: keeps `threshold` of the points (first and last included) that
 * best preserve the shape of the series. Points must be sorted by x.
 */
export function lttb<T>(points: T[], threshold: number, x: (p: T) => number, y: (p: T) => number): T[] {
  if (threshold >= points.length || threshold < 3) return threshold < 3 ? points.slice(0, threshold) : points;
  const out: T[] = [points[0] as T];
  const every = (points.length - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, points.length);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x(points[j] as T);
      avgY += y(points[j] as T);
    }
    const n = Math.max(1, nextEnd - nextStart);
    avgX /= n;
    avgY /= n;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = x(points[a] as T);
    const ay = y(points[a] as T);
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (y(points[j] as T) - ay) - (ax - x(points[j] as T)) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(points[best] as T);
    a = best;
  }
  out.push(points[points.length - 1] as T);
  return out;
}
