import type { MarketMetric } from '../../../electron/core/api/contract';

/**
 * What a chart's axes say: time ticks at round times, values at round steps with their unit, and
 * each bucket's exact span. Minute and hour buckets are read in the viewer's time zone; day buckets
 * are the store's UTC days and say so.
 */

/** Minutes east of UTC at a moment (the local zone unless a test pins one). */
export type ZoneOffset = (unixSeconds: number) => number;
export const localZone: ZoneOffset = (t) => -new Date(t * 1000).getTimezoneOffset();
const utcZone: ZoneOffset = () => 0;

const DAY = 86_400;
/** Tick spacings, finest first: round minutes, hours, days, weeks. */
const TICK_STEPS = [
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10_800,
  14_400,
  21_600,
  43_200,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
  56 * DAY,
  91 * DAY,
  182 * DAY,
  364 * DAY,
];

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall-clock fields of a moment in a zone. */
function fields(t: number, zone: ZoneOffset) {
  const d = new Date((t + zone(t) * 60) * 1000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    day: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`,
    hm: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    seconds: d.getUTCSeconds(),
    midnight: d.getUTCHours() === 0 && d.getUTCMinutes() === 0,
  };
}

/** The end of the window: the end of the bucket holding `to`. */
export function windowEnd(to: number, bucketSeconds: number): number {
  return to - (to % bucketSeconds) + bucketSeconds;
}

/**
 * Tick positions at round times between the first bucket's start and the window's end: the finest
 * round spacing (never finer than a bucket) that gives at most `maxTicks` ticks, on bucket boundaries.
 */
export function timeTicks(
  from: number,
  end: number,
  bucketSeconds: number,
  maxTicks = 7,
  zone: ZoneOffset = localZone,
): { ticks: number[]; step: number } {
  const z = bucketSeconds >= DAY ? utcZone : zone;
  const step =
    TICK_STEPS.find((s) => s >= bucketSeconds && Math.floor((end - from) / s) + 1 <= maxTicks) ??
    (TICK_STEPS.at(-1) as number);
  const ticks: number[] = [];
  for (let t = from; t <= end; t += bucketSeconds) {
    const local = t + z(t) * 60;
    // Steps under a day fall on round local times; longer ones on a grid of days from the epoch.
    if (local % step === 0) ticks.push(t);
  }
  return { ticks, step };
}

/** A tick's label: "14:10" for steps under a day ("Nov 29" at midnight), "Nov 29" for days. */
export function formatTimeTick(
  t: number,
  step: number,
  bucketSeconds: number,
  zone: ZoneOffset = localZone,
): string {
  const f = fields(t, bucketSeconds >= DAY ? utcZone : zone);
  if (step >= DAY || f.midnight) return f.day;
  return f.hm;
}

/**
 * The exact span of the bucket starting at `t`: "2026-11-30 14:05–14:06", the last one cut at the
 * chain's time ("2026-11-30 14:37–14:37:25, so far"), days as UTC days.
 */
export function formatBucketSpan(
  t: number,
  bucketSeconds: number,
  to: number,
  zone: ZoneOffset = localZone,
): string {
  const day = bucketSeconds >= DAY;
  const z = day ? utcZone : zone;
  const start = fields(t, z);
  const partial = to < t + bucketSeconds;
  const endAt = partial ? to : t + bucketSeconds;
  const end = fields(endAt, z);
  const endText =
    partial && end.seconds !== 0
      ? `${end.hm}:${pad(end.seconds)}`
      : end.midnight && !partial
        ? '24:00'
        : end.hm;
  const suffix = `${day ? ' UTC' : ''}${partial ? ', so far' : ''}`;
  return `${start.date} ${start.hm}–${endText}${suffix}`;
}

export interface ValueAxis {
  /** Tick values in display units, 0 to a round top. */
  ticks: number[];
  /** The unit after each tick value ("kWh", "POL", "POL/kWh", "" for counts). */
  unit: string;
  /** A decimal string of base units (Wh, wei, count) in display units. */
  toDisplay(raw: string): number;
  /** A tick's text: round value and unit. */
  label(value: number): string;
}

const ENERGY_SCALES = [
  { unit: 'GWh', divisor: 1e9 },
  { unit: 'MWh', divisor: 1e6 },
  { unit: 'kWh', divisor: 1e3 },
  { unit: 'Wh', divisor: 1 },
];

/** The value axis of a metric whose largest value (in base units) is `maxRaw`. */
export function valueAxis(metric: MarketMetric, maxRaw: number, paymentUnit: string, count = 4): ValueAxis {
  let unit = '';
  let divisor = 1;
  let integer = false;
  switch (metric) {
    case 'energyWh': {
      const scale = ENERGY_SCALES.find((s) => maxRaw >= s.divisor) ?? { unit: 'Wh', divisor: 1 };
      unit = scale.unit;
      divisor = scale.divisor;
      break;
    }
    case 'valueWei':
    case 'escrowLocked':
      unit = paymentUnit;
      divisor = 1e18;
      break;
    case 'vwapPerKWh':
      unit = `${paymentUnit}/kWh`;
      divisor = 1e18;
      break;
    default:
      integer = true;
  }
  const { ticks, decimals } = niceTicks(maxRaw / divisor, count, integer);
  return {
    ticks,
    unit,
    toDisplay: (raw) => Number(raw) / divisor,
    label: (value) => `${value.toFixed(decimals)}${unit ? ` ${unit}` : ''}`,
  };
}

/** 0 to the first round multiple at or above `max`, in steps of 1, 2, 2.5 or 5 × 10^k. */
export function niceTicks(max: number, count = 4, integer = false): { ticks: number[]; decimals: number } {
  const top = max > 0 ? max : 1;
  const rough = top / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 2.5, 5, 10].find((n) => n * magnitude >= rough) as number;
  let step = nice * magnitude;
  if (integer) step = Math.max(1, Math.ceil(step));
  const steps = Math.ceil(top / step - 1e-9);
  const decimals = integer ? 0 : Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (nice === 2.5 ? 1 : 0));
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
  return { ticks, decimals };
}
