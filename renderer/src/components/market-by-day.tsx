import { type CSSProperties, memo, useEffect, useRef, useState } from 'react';
import type { SeriesView } from '../../../electron/core/api/contract';
import { useQuery } from '../api/hooks';
import { formatBucketSpan } from '../format/chart-axes';
import { type DayRow, hourlyGrid } from '../format/hourly-grid';
import { formatDateTime } from '../format/time';
import { formatEnergy, formatPol, formatPricePerKWh, groupDigits } from '../format/units';
import { QueryView } from './states';
import { useQueryInTurn } from './turns';

const REFRESH = ['market/updated', 'app/network-changed'] as const;
/** Days shown: the last two weeks (read from 30 days of hours, so the oldest day shown is whole). */
const DAYS_SHOWN = 14;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const pad = (n: number) => String(n).padStart(2, '0');

/** 30 days of one metric in hour buckets, ending at the chain's time; each reply shown in its own turn, after the charts'. */
function useHourly(metric: 'energyWh' | 'trades' | 'valueWei') {
  return useQueryInTurn(
    useQuery(
      'market/series',
      { metric, range: '30d', bucketSeconds: 3600, maxPoints: 2000 },
      { key: `${metric}:30d:hours`, refreshOn: [...REFRESH] },
    ),
    true, // below the charts: after their turns
  );
}

/** Each reply's grid, made once: the heat map and the daily totals redraw as each of the three series arrives. */
const grids = new WeakMap<SeriesView, DayRow[]>();
function gridOf(s: SeriesView): DayRow[] {
  let grid = grids.get(s);
  if (!grid) {
    grid = hourlyGrid(s.points, s.from, s.to);
    grids.set(s, grid);
  }
  return grid;
}

/**
 * Energy traded per local hour over the last two weeks (a heat map: rows are days, columns hours), and
 * each day's exact totals. Both are sums of the store's hour buckets, so they add up to the charts.
 */
export function MarketByDay({ unit }: { unit: string }) {
  // Below the charts: read and drawn once scrolled near and the browser is idle, so the dashboard's first screen comes first.
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || near) return;
    const observer = new IntersectionObserver(
      (entries) => {
        // Once the first screen is drawn (the browser idle): it reads 30 days of hours three times.
        if (entries.some((e) => e.isIntersecting))
          requestIdleCallback(() => setNear(true), { timeout: 1000 });
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return (
    <div className="by-day" ref={ref}>
      {near ? (
        <ByDay unit={unit} />
      ) : (
        <p className="muted">The heat map and daily totals load when scrolled to.</p>
      )}
    </div>
  );
}

function ByDay({ unit }: { unit: string }) {
  const energy = useHourly('energyWh');
  const trades = useHourly('trades');
  const value = useHourly('valueWei');
  return (
    <>
      <section className="card" aria-labelledby="heat-map-title">
        <h2 id="heat-map-title">Energy traded by hour</h2>
        <QueryView query={energy} what="the hourly energy" compact>
          {(data) => <HeatMap grid={gridOf(data)} to={data.to} />}
        </QueryView>
      </section>
      <section className="card" aria-labelledby="daily-totals-title">
        <h2 id="daily-totals-title">Daily totals</h2>
        <QueryView query={energy} what="the daily totals" compact>
          {(data) =>
            trades.data &&
            value.data && (
              <DailyTotals
                energy={gridOf(data)}
                trades={gridOf(trades.data)}
                value={gridOf(value.data)}
                unit={unit}
              />
            )
          }
        </QueryView>
      </section>
    </>
  );
}

/** Memoised (as the totals): a reply of another series, or a query's loading, leaves it as it is. */
const HeatMap = memo(function HeatMap({ grid, to }: { grid: DayRow[]; to: number }) {
  const rows = grid.slice(-DAYS_SHOWN);
  const max = rows.reduce((m, r) => r.hours.reduce<bigint>((a, v) => (v !== null && v > a ? v : a), m), 0n);
  return (
    <>
      <p className="muted chart-latest">
        Local time, the last {DAYS_SHOWN} days to {formatDateTime(to)} chain time · darkest:{' '}
        {formatEnergy(max)} in an hour
      </p>
      <div className="heat-map-wrap">
        <table className="heat-map">
          <caption className="visually-hidden">
            Energy traded in each hour of each day; rows are days, columns the hour of the day
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {HOURS.map((h) => (
                <th key={h} scope="col" className="heat-hour">
                  {h % 3 === 0 ? pad(h) : <span className="visually-hidden">{pad(h)}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...rows].reverse().map((row) => (
              <tr key={row.date}>
                <th scope="row">{row.date.slice(5)}</th>
                {row.hours.map((v, h) => {
                  const share = v === null || max === 0n ? 0 : Number((v * 1000n) / max) / 1000;
                  const span = formatBucketSpan(row.start + h * 3600, 3600, to);
                  const text = v === null ? 'outside the range' : formatEnergy(v);
                  return (
                    <td
                      // biome-ignore lint/suspicious/noArrayIndexKey: the hour of the day is the cell's identity
                      key={h}
                      className={v === null ? 'heat-cell heat-none' : 'heat-cell'}
                      style={{ '--heat': `${Math.round(share * 100)}%` } as CSSProperties}
                      title={`${span}: ${text}`}
                    >
                      <span className="visually-hidden">{text}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
});

/** A figure without its unit, where the column's head names the unit once. */
const bare = (text: string, unit: string) => text.replace(` ${unit}`, '');

const DailyTotals = memo(function DailyTotals({
  energy,
  trades,
  value,
  unit,
}: {
  energy: DayRow[];
  trades: DayRow[];
  value: DayRow[];
  unit: string;
}) {
  const byDate = (rows: DayRow[]) => new Map(rows.map((r) => [r.date, r.total]));
  const tradesOf = byDate(trades);
  const paidOn = byDate(value);
  const days = energy.slice(-DAYS_SHOWN).reverse();
  return (
    <div className="table-wrap daily-totals">
      <table className="table">
        <caption>The last {DAYS_SHOWN} local days (month-day), newest first</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" className="num">
              Trades
            </th>
            <th scope="col" className="num">
              Energy
            </th>
            <th scope="col" className="num">
              Paid ({unit})
            </th>
            <th scope="col" className="num">
              Price ({unit}/kWh)
            </th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => {
            const paid = paidOn.get(d.date) ?? 0n;
            return (
              <tr key={d.date}>
                <th scope="row">
                  {d.date.slice(5)}
                  {d.partial ? ' (so far)' : ''}
                </th>
                <td className="num">{groupDigits(tradesOf.get(d.date) ?? 0n)}</td>
                <td className="num">{formatEnergy(d.total)}</td>
                <td className="num">{bare(formatPol(paid, unit), unit)}</td>
                <td className="num">
                  {bare(
                    formatPricePerKWh(d.total > 0n ? ((paid * 1000n) / d.total).toString() : null, unit),
                    `${unit}/kWh`,
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
