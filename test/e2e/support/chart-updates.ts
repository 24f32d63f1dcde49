// The renderer's chart-update marks (renderer/src/components/chart-update-mark.ts) and Chromium's
// long tasks, collected in the page from its first script on: charts.spec checks the marks,
// `npm run bench:live` times "block mined → chart shows it" and the UI's long tasks with them.
import type { Page } from '@playwright/test';
import {
  CHART_UPDATE_MARK,
  type ChartUpdateDetail,
} from '../../../renderer/src/components/chart-update-mark';

export interface ChartUpdate extends ChartUpdateDetail {
  /** When the chart had drawn it: epoch milliseconds (performance.timeOrigin + the mark's startTime). */
  at: number;
}

export interface LongTask {
  /** Epoch milliseconds. */
  at: number;
  durationMs: number;
}

interface Collected {
  updates: ChartUpdate[];
  longTasks: LongTask[];
}

/**
 * Call before the page loads (it is an init script). No named functions inside: tsx (bench:live)
 * wraps them in a `__name` helper that does not exist in the page.
 */
export async function observeChartUpdates(page: Page): Promise<void> {
  await page.addInitScript((name: string) => {
    const collected: Collected = { updates: [], longTasks: [] };
    (globalThis as unknown as { __gridkeeperCollected: Collected }).__gridkeeperCollected = collected;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name !== name) continue;
        const detail = (entry as unknown as { detail: ChartUpdateDetail }).detail;
        collected.updates.push({ ...detail, at: performance.timeOrigin + entry.startTime });
      }
    }).observe({ type: 'mark' });
    const longTasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        collected.longTasks.push({
          at: performance.timeOrigin + entry.startTime,
          durationMs: entry.duration,
        });
    });
    // 'longtask' is Chromium's, unknown to Node's typings (the only ones this file is checked against).
    longTasks.observe({ type: 'longtask', buffered: true } as unknown as Parameters<
      typeof longTasks.observe
    >[0]);
  }, CHART_UPDATE_MARK);
}

/** What the page collected since it loaded, and empties its lists (so a long run can read in turns). */
export async function takeChartUpdates(page: Page): Promise<Collected> {
  return page.evaluate(() => {
    const collected = (globalThis as unknown as { __gridkeeperCollected?: Collected }).__gridkeeperCollected;
    if (!collected) return { updates: [], longTasks: [] };
    return { updates: collected.updates.splice(0), longTasks: collected.longTasks.splice(0) };
  });
}
