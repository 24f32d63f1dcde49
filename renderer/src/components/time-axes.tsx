import { CartesianGrid, XAxis, YAxis } from 'recharts';
import { formatTimeTick, type ValueAxis } from '../format/chart-axes';

/** A tooltip box in the theme's colours. */
export const TOOLTIP_STYLE = {
  background: 'var(--surface-raised)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
};

/** Wide enough that no tick label wraps (recharts breaks a label at its spaces to fit the width). */
export function valueAxisWidth(axis: ValueAxis, pixelsPerCharacter: number): number {
  return Math.ceil(Math.max(...axis.ticks.map((t) => axis.label(t).length)) * pixelsPerCharacter) + 16;
}

/**
 * The grid and the two axes of a chart over time (chart-axes.ts decides the ticks): time ticks at
 * round times, value ticks at round values with their unit. Called, not rendered as a component, so
 * recharts sees its own elements as the chart's children.
 */
export function timeAxes(o: {
  from: number;
  end: number;
  bucketSeconds: number;
  time: { ticks: number[]; step: number };
  axis: ValueAxis;
  yWidth: number;
  fontSize: number;
}) {
  const tick = { fill: 'var(--text-muted)', fontSize: o.fontSize };
  return (
    <>
      <CartesianGrid stroke="var(--grid-line)" vertical={false} />
      <XAxis
        dataKey="x"
        type="number"
        domain={[o.from, o.end]}
        allowDataOverflow
        ticks={o.time.ticks}
        interval={0}
        tickFormatter={(t: number) => formatTimeTick(t, o.time.step, o.bucketSeconds)}
        stroke="var(--text-muted)"
        tick={tick}
      />
      <YAxis
        type="number"
        domain={[0, o.axis.ticks.at(-1) ?? 1]}
        ticks={o.axis.ticks}
        interval={0}
        stroke="var(--text-muted)"
        tick={tick}
        width={o.yWidth}
        tickFormatter={(v: number) => o.axis.label(v)}
      />
    </>
  );
}
