import type { Database } from 'better-sqlite3';
import type { ProsumerDailyView, ProsumerDayView } from '../api/contract/prosumer-daily';
import { storedValue, textRow } from '../indexer';
import { checksum, params } from './rows';

interface DayRow {
  day: number;
  trades: number;
  energy_sold_wh: number;
  energy_bought_wh: number;
  value_sold: string;
  value_bought: string;
}

/**
 * One prosumer's energy and money in and out per UTC day (`prosumer_daily`, read through its index
 * on address, day: both reads walk the prosumer's own rows only). Money is summed as bigint: SQLite's SUM of
 * amounts would round past 2^53 (and they are stored as ordered BLOBs).
 */
export function prosumerDaily(db: Database, input: { prosumer: string; limit: number }): ProsumerDailyView {
  const address = input.prosumer.toLowerCase();
  const view = (r: DayRow): ProsumerDayView => ({
    day: r.day,
    trades: r.trades,
    energySoldWh: String(r.energy_sold_wh),
    energyBoughtWh: String(r.energy_bought_wh),
    valueSold: r.value_sold,
    valueBought: r.value_bought,
  });
  const all = db
    .prepare(
      `SELECT day, trades, energy_sold_wh, energy_bought_wh, value_sold, value_bought
       FROM prosumer_daily WHERE address = ? ORDER BY day DESC`,
    )
    .all(storedValue('address', address))
    .map((r) => textRow(r as DayRow));
  const sum = { trades: 0, energySold: 0n, energyBought: 0n, valueSold: 0n, valueBought: 0n };
  for (const r of all) {
    sum.trades += r.trades;
    sum.energySold += BigInt(r.energy_sold_wh);
    sum.energyBought += BigInt(r.energy_bought_wh);
    sum.valueSold += BigInt(r.value_sold);
    sum.valueBought += BigInt(r.value_bought);
  }
  return {
    prosumer: input.prosumer,
    paymentToken: checksum(params(db).get('payment_token') ?? '0x0000000000000000000000000000000000000000'),
    days: all.slice(0, input.limit).map(view),
    totals: {
      days: all.length,
      trades: sum.trades,
      energySoldWh: sum.energySold.toString(),
      energyBoughtWh: sum.energyBought.toString(),
      valueSold: sum.valueSold.toString(),
      valueBought: sum.valueBought.toString(),
    },
  };
}
