import { CartesianGrid, XAxis, YAxis } from 'recharts';
import type { ValueAxis } from '../format/chart-axes';

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

const ticks = new Map<number, { fill: string; fontSize: number }>();
/** One tick style object per font size: recharts redraws an axis whose props are new objects. */
const tickStyle = (fontSize: number) => {
  const kept = ticks.get(fontSize) ?? { fill: 'var(--text-muted)', fontSize };
  ticks.set(fontSize, kept);
  return kept;
};

/**
 * The grid and the two axes of a chart over time (chart-axes.ts decides the ticks): time ticks at
 * round times, value ticks at round values with their unit. Called, not rendered as a component, so
 * recharts sees its own elements as the chart's children. A live chart passes the same ticks and
 * label functions while they do not change (recharts registers an axis again, and redraws, when a
 * prop is a new object or function). `niceTicks="none"`: the ticks are given and the domains fixed,
 * so recharts' own nice ticks (decimal.js, on every data change) would only be computed and dropped.
 */
export interface TimeAxesOptions {
  from: number;
  end: number;
  time: { ticks: number[] };
  axis: ValueAxis;
  yWidth: number;
  fontSize: number;
  timeLabel: (t: number) => string;
  valueLabel: (v: number) => string;
}

export function timeAxes(o: TimeAxesOptions) {
  const tick = tickStyle(o.fontSize);
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
        tickFormatter={o.timeLabel}
        niceTicks="none"
        stroke="var(--text-muted)"
        tick={tick}
      />
      <YAxis
        type="number"
        domain={[0, o.axis.ticks.at(-1) ?? 1]}
        ticks={o.axis.ticks}
        niceTicks="none"
        interval={0}
        stroke="var(--text-muted)"
        tick={tick}
        width={o.yWidth}
        tickFormatter={o.valueLabel}
      />
    </>
  );
}
