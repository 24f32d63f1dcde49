import { z } from 'zod';
import { channel } from './define';
import { zAddress } from './schemas';

/**
 * What one prosumer traded per UTC day, from the indexer's `prosumer_daily` totals (kept forever,
 * also after the retention window pruned the trades behind them). Amounts are exact base units as
 * decimal strings: energy in Wh, money in the payment token's base unit (wei).
 */
export interface ProsumerDayView {
  /** Unix seconds of the UTC day's start. */
  day: number;
  trades: number;
  energySoldWh: string;
  energyBoughtWh: string;
  /** Paid by the buyers for what it sold (before the market's fee). */
  valueSold: string;
  /** Paid for what it bought. */
  valueBought: string;
}

export interface ProsumerDailyView {
  prosumer: string;
  /** What the money is paid in (the zero address: native POL). */
  paymentToken: string;
  /** Newest first, at most `limit`. */
  days: ProsumerDayView[];
  /** Every day stored, not only those listed. */
  totals: Omit<ProsumerDayView, 'day'> & { days: number };
}

/** The most days one answer lists (a year and a bit). */
export const PROSUMER_DAYS_MAX = 400;

export const prosumerDailyChannels = {
  'market/prosumer-daily': channel<ProsumerDailyView>()(
    z
      .object({
        prosumer: zAddress,
        limit: z.number().int().min(1).max(PROSUMER_DAYS_MAX).default(90),
      })
      .strict(),
  ),
};
