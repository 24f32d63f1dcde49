/**
 * The performance mark a chart makes once it has drawn a new series: `detail` names the metric and
 * the chain time the series reaches (`SeriesView.to`, the newest indexed block's timestamp).
 * `npm run bench:live` observes it to time "block mined → chart shows it"; nothing in the app reads it.
 */
export const CHART_UPDATE_MARK = 'gridkeeper:chart-update';

export interface ChartUpdateDetail {
  metric: string;
  to: number;
}

export function markChartUpdate(detail: ChartUpdateDetail): void {
  performance.mark(CHART_UPDATE_MARK, { detail });
  // A PerformanceObserver already has the entry; the timeline buffer need not keep one per chart
  // per block for as long as the app stays open.
  performance.clearMarks(CHART_UPDATE_MARK);
}
