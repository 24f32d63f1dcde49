/**
 * The training market's physics and prices: a household's solar output and consumption over a day,
 * and the price band prosumers ask in. Units: energy in Wh (the token's base unit), power in W,
 * prices in wei of POL per kWh (the market's `pricePerKWh`).
 */

import { randomSource } from './random';

export interface Household {
  /** Peak power of the panels (0 for a household without any). */
  panelWp: number;
  /** Consumption when nothing special is happening. */
  baseLoadW: number;
}

const WEI_PER_POL = 10n ** 18n;
const HOUR = 3600;

/** Solar output at a moment of the day (hour 0..24, fractional), clear sky scaled by `weather` (0..1). */
export function solarW(hour: number, home: Household, weather: number): number {
  if (hour <= 6 || hour >= 20) return 0;
  return home.panelWp * weather * Math.sin((Math.PI * (hour - 6)) / 14) ** 1.5;
}

/** Consumption: the base load with a morning peak around 7:30 and an evening peak around 19:00. */
export function consumptionW(hour: number, home: Household): number {
  const bump = (centre: number, width: number, height: number) =>
    height * Math.exp(-(((hour - centre) / width) ** 2));
  return home.baseLoadW * (1 + bump(7.5, 1.2, 1.5) + bump(19, 2, 2.5));
}

/**
 * Energy fed into the grid between two times (unix seconds), as the meter counts it: the surplus of
 * output over consumption, integrated in 5-minute steps. `weatherOf` gives each day's weather.
 */
export function exportedWh(
  fromSec: number,
  toSec: number,
  home: Household,
  weatherOf: (day: number) => number,
): number {
  const step = 300;
  let wh = 0;
  for (let t = fromSec; t < toSec; t += step) {
    const span = Math.min(step, toSec - t);
    const hour = (((t % 86_400) + 86_400) % 86_400) / HOUR;
    const surplus = solarW(hour, home, weatherOf(Math.floor(t / 86_400))) - consumptionW(hour, home);
    if (surplus > 0) wh += (surplus * span) / HOUR;
  }
  return Math.floor(wh);
}

/**
 * Asking prices in POL per kWh: cheap around midday when everyone's panels produce, dearest in the
 * evening peak. 0.08–0.35 POL per kWh overall.
 */
export function priceBand(hour: number): { min: number; max: number } {
  if (hour >= 10 && hour < 16) return { min: 0.08, max: 0.18 };
  if (hour >= 17 && hour < 22) return { min: 0.2, max: 0.35 };
  return { min: 0.12, max: 0.26 };
}

/** A price in the band, in wei per kWh, rounded to 0.001 POL. `r` is uniform in [0, 1). */
export function askPriceWei(hour: number, r: number): bigint {
  const { min, max } = priceBand(hour);
  const milliPol = Math.round((min + (max - min) * r) * 1000);
  return (BigInt(milliPol) * WEI_PER_POL) / 1000n;
}

/** What a buyer pays for `energyWh` at `pricePerKWh`, exactly as the market computes it (rounded up). */
export function quoteWei(energyWh: bigint, pricePerKWh: bigint): bigint {
  return (energyWh * pricePerKWh + 999n) / 1000n;
}

/** Demo prosumer `index`'s household: two in three have panels (3–9 kWp); the rest only consume. */
export function demoHousehold(index: number): Household {
  const r = randomSource(1000 + index);
  const hasPanels = index % 3 !== 2;
  return {
    panelWp: hasPanels ? Math.round(3000 + 6000 * r()) : 0,
    baseLoadW: Math.round(250 + 300 * r()),
  };
}

/** One day's weather (0.35 overcast .. 1 clear), the same for everyone on the network. */
export function weatherOfDay(day: number): number {
  return 0.35 + 0.65 * randomSource(7 * day + 3)();
}
