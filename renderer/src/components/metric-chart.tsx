import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MarketMetric, SeriesView } from '../../../electron/core/api/contract';
import { useQuery } from '../api/hooks';
import { RANGES, type RangeKey, rangeStart } from '../format/ranges';
import { formatAxisTime, formatDateTime } from '../format/time';
import { formatEnergy, formatPol, groupDigits } from '../format/units';
import { Empty, QueryView } from './states';

type Kind = 'bar' | 'line' | 'area' | 'step';

/** How each metric's decimal strings become chart numbers and labels. */
function scaleOf(
  metric: MarketMetric,
  unit: string,
): { toNumber(v: string): number; label(v: string): string; axis: string } {
  switch (metric) {
    case 'energyWh':
      return { toNumber: (v) => Number(v) / 1000, label: (v) => formatEnergy(v), axis: 'kWh' };
    case 'valueWei':
    case 'escrowLocked':
      return { toNumber: (v) => Number(v) / 1e18, label: (v) => formatPol(v, unit), axis: unit };
    case 'vwapPerKWh':
      return {
        toNumber: (v) => Number(v) / 1e18,
        label: (v) => `${formatPol(v, unit)}/kWh`,
        axis: `${unit}/kWh`,
      };
    default:
      return { toNumber: (v) => Number(v), label: (v) => groupDigits(BigInt(v)), axis: '' };
  }
}

/**
 * One market metric over the chosen range. Reloads in place on each indexed block (the last series
 * stays drawn while the next one loads, animations off) so the chart moves without flicker.
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
  range: RangeKey;
  unit: string;
  kind: Kind;
}) {
  const series = useQuery(
    'market/series',
    { metric, from: rangeStart(range, Math.floor(Date.now() / 1000)), maxPoints: 500 },
    { key: `${metric}:${range}`, refreshOn: ['market/updated', 'app/network-changed'] },
  );
  const rangeSeconds = RANGES.find((r) => r.value === range)?.seconds ?? 365 * 86_400;
  return (
    <section className="card chart-card" aria-label={title}>
      <h2>{title}</h2>
      <QueryView query={series} what={title.toLowerCase()} compact>
        {(data) => <Chart data={data} kind={kind} unit={unit} rangeSeconds={rangeSeconds} title={title} />}
      </QueryView>
    </section>
  );
}

function Chart({
  data,
  kind,
  unit,
  rangeSeconds,
  title,
}: {
  data: SeriesView;
  kind: Kind;
  unit: string;
  rangeSeconds: number;
  title: string;
}) {
  const scale = scaleOf(data.metric, unit);
  const points = useMemo(
    () => data.points.map((p) => ({ t: p.t, y: scale.toNumber(p.v), raw: p.v })),
    [data.points, scale],
  );
  if (points.length === 0)
    return <Empty title="No data in this range yet">Trades appear here as blocks arrive.</Empty>;
  const headline = summaryOf(data);
  const common = {
    data: points,
    margin: { top: 8, right: 12, bottom: 4, left: 4 },
  };
  const axes = (
    <>
      <CartesianGrid stroke="var(--grid-line)" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={['dataMin', 'dataMax']}
        tickFormatter={(t: number) => formatAxisTime(t, rangeSeconds)}
        stroke="var(--text-muted)"
        tick={{ fill: 'var(--text-muted)', fontSize: 14 }}
        minTickGap={40}
      />
      <YAxis
        allowDecimals={data.metric === 'trades' || data.metric === 'openDisputes' ? false : undefined}
        stroke="var(--text-muted)"
        tick={{ fill: 'var(--text-muted)', fontSize: 14 }}
        width={64}
        tickFormatter={(v: number) => compact(v)}
        label={
          scale.axis
            ? {
                value: scale.axis,
                angle: -90,
                position: 'insideLeft',
                fill: 'var(--text-muted)',
                fontSize: 13,
              }
            : undefined
        }
      />
      <Tooltip
        isAnimationActive={false}
        contentStyle={{
          background: 'var(--surface-raised)',
          border: '1px solid var(--border)',
          color: 'var(--text)',
        }}
        labelFormatter={(t) => formatDateTime(Number(t))}
        formatter={(_value, _name, item) => [
          scale.label(String((item?.payload as { raw?: string })?.raw ?? '0')),
          title,
        ]}
      />
    </>
  );
  const color = 'var(--accent)';
  const chart =
    kind === 'bar' ? (
      <BarChart {...common}>
        {axes}
        <Bar dataKey="y" fill={color} isAnimationActive={false} />
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
          type="stepAfter"
        />
      </AreaChart>
    ) : (
      <LineChart {...common}>
        {axes}
        <Line
          dataKey="y"
          stroke={color}
          strokeWidth={2.5}
          dot={false}
          isAnimationActive={false}
          type={kind === 'step' ? 'stepAfter' : 'linear'}
          connectNulls
        />
      </LineChart>
    );
  return (
    <>
      <p className="chart-latest">
        {headline.label}: <strong>{headline.value === null ? '—' : scale.label(headline.value)}</strong>{' '}
        <span className="muted">
          · {data.points.length} points of{' '}
          {data.bucketSeconds >= 86_400 ? 'days' : data.bucketSeconds >= 3600 ? 'hours' : 'minutes'}
          {data.downsampled ? ' (downsampled)' : ''}
        </span>
      </p>
      <div
        className="chart-box"
        role="img"
        aria-label={`${title} chart, ${headline.label.toLowerCase()} ${headline.value === null ? 'none' : scale.label(headline.value)}`}
      >
        <ResponsiveContainer width="100%" height="100%">
          {chart}
        </ResponsiveContainer>
      </div>
    </>
  );
}

function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 10 || abs === 0) return value.toFixed(0);
  return value.toPrecision(2);
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
