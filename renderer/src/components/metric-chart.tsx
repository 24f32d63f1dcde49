import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Area, AreaChart, Bar, BarChart, Line, LineChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { ChartRange, MarketMetric, SeriesView } from '../../../electron/core/api/contract';
import { useQuery } from '../api/hooks';
import {
  formatBucketSpan,
  formatTimeTick,
  timeTicks,
  type ValueAxis,
  valueAxis,
  windowEnd,
} from '../format/chart-axes';
import { formatDateTime } from '../format/time';
import { formatEnergy, formatPol, groupDigits } from '../format/units';
import { markChartUpdate } from './chart-update-mark';
import { Empty, QueryView } from './states';
import { type TimeAxesOptions, TOOLTIP_STYLE, timeAxes, valueAxisWidth } from './time-axes';
import { nextInLine, useQueryInTurn } from './turns';

type Kind = 'bar' | 'line' | 'area' | 'step';

/** A metric's exact value (decimal string of base units) as text, for the headline and tooltips. */
function labelOf(metric: MarketMetric, unit: string): (v: string) => string {
  switch (metric) {
    case 'energyWh':
      return (v) => formatEnergy(v);
    case 'valueWei':
    case 'escrowLocked':
      return (v) => formatPol(v, unit);
    case 'vwapPerKWh':
      return (v) => `${formatPol(v, unit)}/kWh`;
    default:
      return (v) => groupDigits(BigInt(v));
  }
}

const BUCKET_NAMES: Record<number, string> = { 60: 'the minute', 3600: 'the hour', 86400: 'the day (UTC)' };
const MARGIN = { top: 8, right: 24, bottom: 4, left: 4 };

/**
 * The value `make` gave for this `key`, the same object for as long as the key stays the same.
 * Recharts registers an axis again (and redraws the whole chart synchronously) whenever one of its
 * props is a new object or function: a new block must change the data, not the axes whose ticks
 * are still the same.
 */
function useSameWhile<T>(key: string, make: () => T): T {
  const kept = useRef<{ key: string; value: T } | null>(null);
  if (kept.current?.key !== key) kept.current = { key, value: make() };
  return kept.current.value;
}

/**
 * One market metric over the chosen range, which core anchors to the chain's clock and cuts into
 * buckets sized to it. Reloads in place on each indexed block (the last series stays drawn while the
 * next one loads, animations off) so the chart moves without flicker.
 */
export function MetricChart({
  metric,
  title,
  range,
  unit,
  kind,
}: {
  metric: MarketMetric;
  title: string;
  range: ChartRange;
  unit: string;
  kind: Kind;
}) {
  // Each block's series is drawn in this chart's own turn (turns.ts): not in one task with the other charts.
  const series = useQueryInTurn(
    useQuery(
      'market/series',
      { metric, range, maxPoints: 500 },
      { key: `${metric}:${range}`, refreshOn: ['market/updated', 'app/network-changed'] },
    ),
  );
  return (
    <section className="card chart-card" aria-label={title}>
      <h2>{title}</h2>
      <QueryView query={series} what={title.toLowerCase()} compact>
        {(data) => <Chart data={data} kind={kind} unit={unit} title={title} />}
      </QueryView>
    </section>
  );
}

/** Memoised: the card re-renders as its query loads; the chart only when the series it shows changes. */
const Chart = memo(function Chart({
  data,
  kind,
  unit,
  title,
}: {
  data: SeriesView;
  kind: Kind;
  unit: string;
  title: string;
}) {
  const [width, setWidth] = useState(480);
  // Marked once the series is in the DOM: after recharts' own store updates, which follow the commit.
  useEffect(() => nextInLine(() => markChartUpdate({ metric: data.metric, to: data.to })), [data]);
  const label = useMemo(() => labelOf(data.metric, unit), [data.metric, unit]);
  const bucket = data.bucketSeconds;
  const end = windowEnd(data.to, bucket);
  const computed = valueAxis(
    data.metric,
    data.points.reduce((max, p) => Math.max(max, Number(p.v)), 0),
    unit,
  );
  // Ticks, unit and scale follow from these: the same key draws the same axis.
  const axisKey = `${computed.unit} ${computed.ticks.join(' ')}`;
  const axis = useSameWhile(axisKey, () => computed);
  const yWidth = valueAxisWidth(axis, 8.5);
  const plotWidth = Math.max(width - MARGIN.left - MARGIN.right - yWidth, 1);
  const narrow = plotWidth < 360;
  const time = useSameWhile(`${data.from} ${end} ${bucket} ${narrow}`, () =>
    timeTicks(data.from, end, bucket, narrow ? 5 : 7),
  );
  const timeLabel = useCallback((t: number) => formatTimeTick(t, time.step, bucket), [time, bucket]);
  const valueLabel = useCallback((v: number) => axis.label(v), [axis]);
  // The tooltip names the last bucket up to the newest block's time: read when shown, not a new prop per block.
  const to = useRef(data.to);
  to.current = data.to;
  const tooltipLabel = useCallback(
    (_x: unknown, payload: ReadonlyArray<{ payload?: unknown }>) => {
      const t = (payload?.[0]?.payload as { t?: number } | undefined)?.t;
      return t === undefined ? '' : formatBucketSpan(t, bucket, to.current);
    },
    [bucket],
  );
  const tooltipValue = useCallback(
    (_value: unknown, _name: unknown, item: { payload?: unknown }): [string, string] => {
      const raw = (item?.payload as { raw?: string })?.raw;
      return [raw ? label(raw) : 'no trades', title];
    },
    [label, title],
  );
  // A new block that left this metric's buckets as they were leaves the plot as it was (Plot is
  // memoised): only the line above it, which names the newest block's time, changes.
  const drawn = pointsOf(data, axis);
  const points = useSameWhile(`${axisKey} ${drawn.map((p) => `${p.t}=${p.raw}`).join(' ')}`, () => drawn);
  if (data.points.length === 0)
    return <Empty title="No data in this range yet">Trades appear here as blocks arrive.</Empty>;
  const headline = summaryOf(data);
  const barSize = Math.max(1, Math.floor(((plotWidth * bucket) / (end - data.from)) * 0.8));
  return (
    <>
      <p className="chart-latest">
        {headline.label}: <strong>{headline.value === null ? '—' : label(headline.value)}</strong>{' '}
        <span className="muted">
          · by {BUCKET_NAMES[bucket] ?? `${bucket} s`}
          {data.downsampled ? ' (downsampled)' : ''}, to {formatDateTime(data.to)} chain time
        </span>
      </p>
      <div
        className="chart-box"
        role="img"
        aria-label={`${title} chart, ${headline.label.toLowerCase()} ${headline.value === null ? 'none' : label(headline.value)}`}
      >
        <Plot
          kind={kind}
          points={points}
          from={data.from}
          end={end}
          time={time}
          axis={axis}
          yWidth={yWidth}
          barSize={barSize}
          timeLabel={timeLabel}
          valueLabel={valueLabel}
          tooltipLabel={tooltipLabel}
          tooltipValue={tooltipValue}
          onWidth={setWidth}
        />
      </div>
    </>
  );
});

const DOT = { r: 2.5, fill: 'var(--accent)' };

/** The recharts part of a chart: its props stay the same objects while what it draws stays the same. */
const Plot = memo(function Plot({
  kind,
  points,
  barSize,
  tooltipLabel,
  tooltipValue,
  onWidth,
  ...axisOptions
}: Omit<TimeAxesOptions, 'fontSize'> & {
  kind: Kind;
  points: ReturnType<typeof pointsOf>;
  barSize: number;
  tooltipLabel: (x: unknown, payload: ReadonlyArray<{ payload?: unknown }>) => string;
  tooltipValue: (value: unknown, name: unknown, item: { payload?: unknown }) => [string, string];
  onWidth: (width: number) => void;
}) {
  const common = { data: points, margin: MARGIN };
  const axes = (
    <>
      {timeAxes({ ...axisOptions, fontSize: 13 })}
      <Tooltip
        isAnimationActive={false}
        contentStyle={TOOLTIP_STYLE}
        labelFormatter={tooltipLabel}
        formatter={tooltipValue}
      />
    </>
  );
  const color = 'var(--accent)';
  const chart =
    kind === 'bar' ? (
      <BarChart {...common}>
        {axes}
        <Bar dataKey="y" fill={color} isAnimationActive={false} barSize={barSize} />
      </BarChart>
    ) : kind === 'area' ? (
      <AreaChart {...common}>
        {axes}
        <Area
          dataKey="y"
          stroke={color}
          fill={color}
          fillOpacity={0.25}
          isAnimationActive={false}
          type="step"
        />
      </AreaChart>
    ) : (
      <LineChart {...common}>
        {axes}
        <Line
          dataKey="y"
          stroke={color}
          strokeWidth={2.5}
          dot={kind === 'line' ? DOT : false}
          isAnimationActive={false}
          type={kind === 'step' ? 'step' : 'linear'}
        />
      </LineChart>
    );
  return (
    <ResponsiveContainer width="100%" height="100%" onResize={onWidth}>
      {chart}
    </ResponsiveContainer>
  );
});

/**
 * Each bucket is drawn over its own span: bars and points at its middle, steps from edge to edge.
 * A price exists only where something traded: empty buckets are gaps, not lines across them.
 */
function pointsOf(data: SeriesView, axis: ValueAxis) {
  const bucket = data.bucketSeconds;
  const drawn = data.points.map((p) => ({
    x: p.t + bucket / 2,
    t: p.t,
    y: axis.toDisplay(p.v) as number | null,
    raw: p.v,
  }));
  if (data.metric !== 'vwapPerKWh' || data.downsampled) return drawn;
  const byStart = new Map(drawn.map((p) => [p.t, p]));
  const dense = [];
  for (let t = data.from; t <= data.to; t += bucket)
    dense.push(byStart.get(t) ?? { x: t + bucket / 2, t, y: null, raw: '' });
  return dense;
}

/**
 * The figure above a chart: flows (energy, value, trades) summed over the range, levels (escrow,
 * open disputes) as they are now, the price as its last traded value.
 */
function summaryOf(data: SeriesView): { label: string; value: string | null } {
  const points = data.points;
  if (data.metric === 'escrowLocked' || data.metric === 'openDisputes')
    return { label: 'Now', value: points[points.length - 1]?.v ?? null };
  if (data.metric === 'vwapPerKWh') return { label: 'Last', value: points[points.length - 1]?.v ?? null };
  return { label: 'In this range', value: points.reduce((sum, p) => sum + BigInt(p.v), 0n).toString() };
}
