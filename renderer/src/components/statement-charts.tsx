import { Bar, BarChart, Tooltip } from 'recharts';
import type { StatementDay, StatementView } from '../../../electron/core/api/contract';
import { formatBucketSpan, formatTimeTick, timeTicks, valueAxis } from '../format/chart-axes';
import { formatEnergy, formatPol } from '../format/units';
import { TOOLTIP_STYLE, timeAxes, valueAxisWidth } from './time-axes';

const DAY = 86_400;
/**
 * The charts are drawn at one size and scaled by CSS (the SVG's viewBox) to the width they get: the
 * same drawing on screen and on paper, where nothing re-measures the page before it prints.
 */
const WIDTH = 680;
const HEIGHT = 220;
const MARGIN = { top: 14, right: 16, bottom: 4, left: 4 };

type Field = Exclude<keyof StatementDay, 'day'>;
interface Series {
  field: Field;
  name: string;
  color: string;
}

/**
 * The statement's charts, one bar per UTC day of the window: the energy traded (a prosumer's sales
 * and purchases stacked) and the value settled (the sellers' proceeds and the fees stacked). Their
 * days add up to the totals table; animations are off, so what prints is the finished drawing.
 */
export function StatementCharts({ statement: s, unit }: { statement: StatementView; unit: string }) {
  const energy: Series[] = s.prosumer
    ? [
        { field: 'soldWh', name: 'Sold', color: 'var(--chart-1)' },
        { field: 'boughtWh', name: 'Bought', color: 'var(--chart-2)' },
      ]
    : [{ field: 'tradedWh', name: 'Traded', color: 'var(--chart-1)' }];
  const value: Series[] = [
    { field: 'sellerProceeds', name: 'Seller proceeds', color: 'var(--chart-1)' },
    { field: 'fees', name: 'Fees', color: 'var(--chart-2)' },
  ];
  return (
    <section className="card statement-charts" aria-labelledby="statement-charts-title">
      <h2 id="statement-charts-title">By day (UTC)</h2>
      <div className="statement-chart-grid">
        <DayChart
          title="Energy traded per day"
          days={s.days}
          to={s.to}
          series={energy}
          metric="energyWh"
          total={s.prosumer ? totalOf(s.days, 'soldWh', 'boughtWh') : s.totals.trades.energyWh}
          format={(v) => formatEnergy(v)}
          unit={unit}
        />
        <DayChart
          title={`Value settled per day (${unit})`}
          days={s.days}
          to={s.to}
          series={value}
          metric="valueWei"
          total={totalOf(s.days, 'sellerProceeds', 'fees')}
          format={(v) => formatPol(v, unit)}
          unit={unit}
        />
      </div>
    </section>
  );
}

function totalOf(days: StatementDay[], ...fields: Field[]): string {
  return String(days.reduce((sum, d) => fields.reduce((acc, f) => acc + BigInt(d[f]), sum), 0n));
}

function DayChart({
  title,
  days,
  to,
  series,
  metric,
  total,
  format,
  unit,
}: {
  title: string;
  days: StatementDay[];
  /** The window's end (excluded): the last day's bar may be cut there. */
  to: number;
  series: Series[];
  metric: 'energyWh' | 'valueWei';
  total: string;
  format(v: string): string;
  unit: string;
}) {
  const first = days[0]?.day ?? 0;
  const end = (days.at(-1)?.day ?? first) + DAY;
  const max = days.reduce(
    (m, d) => Math.max(m, Number(series.reduce((sum, x) => sum + BigInt(d[x.field]), 0n))),
    0,
  );
  const axis = valueAxis(metric, max, unit);
  const points = days.map((d) => ({
    x: d.day + DAY / 2,
    day: d.day,
    ...Object.fromEntries(series.map((x) => [x.field, axis.toDisplay(d[x.field])])),
    raw: d,
  }));
  const yWidth = valueAxisWidth(axis, 10);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right - yWidth;
  const barSize = Math.max(1, Math.floor((plotWidth / Math.max(days.length, 1)) * 0.75));
  const time = timeTicks(first, end, DAY, 7);
  return (
    <figure className="statement-chart">
      <figcaption>
        <strong>{title}</strong>{' '}
        <span className="muted">
          · in the window: <span data-chart-total={total}>{format(total)}</span>
        </span>
      </figcaption>
      <div
        className="statement-chart-box"
        role="img"
        aria-label={`${title}, ${days.length} days, ${format(total)} in the window`}
      >
        <BarChart width={WIDTH} height={HEIGHT} data={points} margin={MARGIN}>
          {timeAxes({
            from: first,
            end,
            time,
            axis,
            yWidth,
            fontSize: 12,
            timeLabel: (t) => formatTimeTick(t, time.step, DAY),
            valueLabel: (v) => axis.label(v),
          })}
          <Tooltip
            isAnimationActive={false}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(_x, payload) => {
              const day = (payload?.[0]?.payload as { day?: number } | undefined)?.day;
              return day === undefined ? '' : formatBucketSpan(day, DAY, to);
            }}
            formatter={(_value, name, item) => {
              const raw = (item?.payload as { raw?: StatementDay })?.raw;
              const field = series.find((x) => x.name === name)?.field;
              return [raw && field ? format(raw[field]) : '', name];
            }}
          />
          {series.map((x) => (
            <Bar
              key={x.field}
              dataKey={x.field}
              name={x.name}
              stackId="day"
              fill={x.color}
              barSize={barSize}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </div>
      {series.length > 1 && (
        <ul className="chart-legend">
          {series.map((x) => (
            <li key={x.field}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill={x.color} />
              </svg>{' '}
              {x.name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
