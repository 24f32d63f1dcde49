/**
 * Amounts for people: energy in Wh/kWh/MWh/GWh, money in POL, shares in percent. Inputs are the
 * api's decimal strings (bigint in core), so nothing is lost to floating point before rounding.
 */

const GROUP = /\B(?=(\d{3})+(?!\d))/g;

/** 1234567 -> "1,234,567". */
export function groupDigits(integer: bigint | string): string {
  const text = integer.toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return `${negative ? '−' : ''}${digits.replace(GROUP, ',')}`;
}

/**
 * `value / 10^scale` as text with at most `decimals` fraction digits (rounded half up, trailing
 * zeros dropped), digits grouped.
 */
export function scaled(value: bigint, scale: number, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(scale);
  const step = 10n ** BigInt(Math.max(scale - decimals, 0));
  const rounded = decimals >= scale ? abs : ((abs + step / 2n) / step) * step;
  const whole = rounded / unit;
  let fraction = (rounded % unit).toString().padStart(scale, '0').slice(0, Math.min(decimals, scale));
  fraction = fraction.replace(/0+$/, '');
  const sign = negative && rounded !== 0n ? '−' : '';
  return `${sign}${groupDigits(whole)}${fraction ? `.${fraction}` : ''}`;
}

const ENERGY_UNITS = [
  { unit: 'GWh', scale: 9 },
  { unit: 'MWh', scale: 6 },
  { unit: 'kWh', scale: 3 },
] as const;

/** Wh -> the largest unit that keeps the number ≥ 1: "850 Wh", "12.5 kWh", "3.21 MWh". */
export function formatEnergy(wh: string | bigint): string {
  const value = BigInt(wh);
  const abs = value < 0n ? -value : value;
  for (const { unit, scale } of ENERGY_UNITS) {
    if (abs >= 10n ** BigInt(scale))
      return `${scaled(value, scale, significantDecimals(abs, scale))} ${unit}`;
  }
  return `${groupDigits(value)} Wh`;
}

/** Wh exactly, for places where rounding would hide a difference (split previews). */
export function formatEnergyExact(wh: string | bigint): string {
  return `${groupDigits(BigInt(wh))} Wh`;
}

/** Three significant figures after scaling, but never fewer than 0 or more than 3 decimals. */
function significantDecimals(abs: bigint, scale: number): number {
  const wholeDigits = (abs / 10n ** BigInt(scale)).toString().length;
  return Math.max(0, Math.min(3, 3 - wholeDigits));
}

export const NATIVE_TOKEN = '0x0000000000000000000000000000000000000000';
const WEI_DECIMALS = 18;

/**
 * Wei -> POL with sensible decimals: 4 below 1 POL (at least 2 significant digits for dust),
 * 2 up to 1,000, none above. "0 POL", "0.0123 POL", "12.35 POL", "4,210 POL".
 */
export function formatPol(wei: string | bigint, unit = 'POL'): string {
  const value = BigInt(wei);
  const abs = value < 0n ? -value : value;
  if (abs === 0n) return `0 ${unit}`;
  const one = 10n ** BigInt(WEI_DECIMALS);
  let decimals: number;
  if (abs >= 1000n * one) decimals = 0;
  else if (abs >= one) decimals = 2;
  else {
    // Dust: enough decimals to show two significant digits.
    const leadingZeros = WEI_DECIMALS - abs.toString().length;
    decimals = Math.min(WEI_DECIMALS, Math.max(4, leadingZeros + 2));
  }
  return `${scaled(value, WEI_DECIMALS, decimals)} ${unit}`;
}

/** Every wei, for exact previews: "1.000000000000000001 POL". */
export function formatPolExact(wei: string | bigint, unit = 'POL'): string {
  return `${scaled(BigInt(wei), WEI_DECIMALS, WEI_DECIMALS)} ${unit}`;
}

/** The payment asset's name: POL when native, else the token's short address. */
export function paymentUnit(paymentToken: string | null | undefined): string {
  if (!paymentToken || paymentToken.toLowerCase() === NATIVE_TOKEN) return 'POL';
  return `${paymentToken.slice(0, 6)}…${paymentToken.slice(-4)}`;
}

/** A price in wei per kWh: "0.12 POL/kWh". */
export function formatPricePerKWh(weiPerKWh: string | bigint | null, unit = 'POL'): string {
  if (weiPerKWh === null) return '—';
  return `${formatPol(weiPerKWh, unit)}/kWh`;
}

/** Basis points as a percentage: 7000 -> "70 %", 25 -> "0.25 %". */
export function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const rest = bps % 100;
  return `${whole}${rest ? `.${String(rest).padStart(2, '0').replace(/0$/, '')}` : ''} %`;
}

/** A count with grouped digits and its noun: (1, 'trade') -> "1 trade", (1200, 'trade') -> "1,200 trades". */
export function formatCount(n: number, noun: string, plural = `${noun}s`): string {
  return `${groupDigits(BigInt(n))} ${n === 1 ? noun : plural}`;
}

/** An amount as core's review gives it: exact base units, the token's decimals and unit names. */
export interface TokenAmount {
  base: string;
  decimals: number;
  unit: string;
  baseUnit: string;
}

/** Every digit, in the token's unit: "0.063694917 POL", "12.5 kWh", "0 POL". */
export function formatTokenAmount(amount: TokenAmount): string {
  return `${scaled(BigInt(amount.base), amount.decimals, amount.decimals)} ${amount.unit}`;
}

/** The base-unit value beside it, grouped: "63,694,917,000,000,000 wei". */
export function formatBaseUnits(amount: TokenAmount): string {
  return `${groupDigits(BigInt(amount.base))} ${amount.baseUnit}`;
}
