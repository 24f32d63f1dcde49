// The dashboard's charts as Chromium draws them: ranges end at the chain's time, buckets fit the
// range, ticks sit on round times and round values with units, tooltips give a bucket's exact span,
// and the chosen range survives a reload.
import type { Locator } from '@playwright/test';
import { openApp } from './support/app-harness';
import { type ChartUpdate, observeChartUpdates, takeChartUpdates } from './support/chart-updates';
import { expect, test } from './support/fixtures';
import { untilLoaded } from './support/owner-steps';

const texts = async (labels: Locator) =>
  (await labels.locator('.recharts-cartesian-axis-tick-value').allTextContents()).map((t) => t.trim());
const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

test('charts: round ticks over the range that ends at chain time, exact bucket tooltips, range kept on reload', async ({
  page,
  core,
}) => {
  test.setTimeout(90_000);
  const opened = Date.now();
  await observeChartUpdates(page);
  await openApp(page, core, '#/dashboard?range=1h');
  await expect(page.getByRole('button', { name: '1 h', pressed: true })).toBeVisible();
  const energy = page.getByRole('region', { name: 'Energy traded', exact: true });
  await expect(energy.locator('.recharts-bar-rectangle').first()).toBeVisible();

  // 1 h: minute buckets, ticks every 10 (or, on a narrow chart, 15) minutes inside the hour before the chain's time.
  const reply = await core.invoke('market/series', { metric: 'energyWh', range: '1h' });
  if (!reply.ok) throw new Error(reply.error.message);
  const series = reply.data as { from: number; to: number; bucketSeconds: number };
  expect(series.bucketSeconds).toBe(60);
  // Each chart marks the series it has drawn (bench:live times "block → chart" with it): all five
  // reach the chain time core answered with, as the simulator's blocks keep coming.
  const updates: ChartUpdate[] = [];
  await expect
    .poll(
      async () => {
        updates.push(...(await takeChartUpdates(page)).updates);
        return [...new Set(updates.filter((u) => u.to >= series.to).map((u) => u.metric))].sort();
      },
      { timeout: 30_000 },
    )
    .toEqual(['energyWh', 'escrowLocked', 'openDisputes', 'trades', 'vwapPerKWh']);
  for (const update of updates) {
    expect(update.at).toBeGreaterThanOrEqual(opened);
    expect(update.at).toBeLessThanOrEqual(Date.now());
  }
  const chainTime = new Date(series.to * 1000);
  const chainMinutes = chainTime.getHours() * 60 + chainTime.getMinutes();
  const xTicks = await texts(energy.locator('.recharts-xAxis-tick-labels'));
  expect(xTicks.length).toBeGreaterThanOrEqual(4);
  expect(xTicks.length).toBeLessThanOrEqual(7);
  for (const tick of xTicks) {
    expect(tick).toMatch(/^\d\d:(00|10|15|20|30|40|45|50)$|^[A-Z][a-z]{2} \d{1,2}$/);
    if (tick.includes(':')) {
      // Signed minutes behind the chain's time; the last tick may be the window's end, the next minute.
      const behind = ((chainMinutes - minutesOf(tick) + 2160) % 1440) - 720;
      expect(behind, `tick ${tick} inside the hour to ${chainTime.toTimeString()}`).toBeGreaterThanOrEqual(
        -1,
      );
      expect(behind, `tick ${tick} inside the hour to ${chainTime.toTimeString()}`).toBeLessThanOrEqual(60);
    }
  }
  const yTicks = await texts(energy.locator('.recharts-yAxis-tick-labels'));
  expect(yTicks[0]).toMatch(/^0(\.0+)? (Wh|kWh|MWh)$/);
  const values = yTicks.map((t) => Number(t.split(' ')[0]));
  const step = (values[1] as number) - (values[0] as number);
  expect(String(step)).toMatch(/^(1|2|25|5)0*$|^2\.5$|^0\.0*(1|2|25|5)$/);
  for (const [i, v] of values.entries()) expect(v).toBeCloseTo(i * step, 6);

  // The tooltip names the bucket's exact minute (hovered once the page has settled: panels above load).
  await untilLoaded(page);
  const surface = energy.locator('.recharts-surface');
  await surface.scrollIntoViewIfNeeded();
  await expect(async () => {
    const box = (await surface.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await expect(energy.locator('.recharts-tooltip-label')).toHaveText(
      /^\d{4}-\d\d-\d\d (\d\d):(\d\d)–(\d\d):(\d\d)(:\d\d, so far)?$/,
      { timeout: 1000 },
    );
  }).toPass({ timeout: 15_000 });
  const [start, end] = ((await energy.locator('.recharts-tooltip-label').textContent()) ?? '')
    .slice(11)
    .split('–')
    .map((t) => minutesOf(t));
  if (!(await energy.locator('.recharts-tooltip-label').textContent())?.includes('so far'))
    expect(((end as number) - (start as number) + 1440) % 1440).toBe(1);

  // 24 h: hour buckets, ticks on round hours; 30 d: day buckets, dates. The URL keeps the range.
  await page.getByRole('button', { name: '24 h' }).click();
  await expect(page).toHaveURL(/range=24h/);
  await expect(energy.getByText(/by the hour/)).toBeVisible();
  for (const tick of await texts(energy.locator('.recharts-xAxis-tick-labels')))
    expect(tick).toMatch(/^\d\d:00$|^[A-Z][a-z]{2} \d{1,2}$/);
  await page.getByRole('button', { name: '30 d' }).click();
  await expect(energy.getByText(/by the day \(UTC\)/)).toBeVisible();
  for (const tick of await texts(energy.locator('.recharts-xAxis-tick-labels')))
    expect(tick).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
  await page.reload();
  await expect(page.getByRole('button', { name: '30 d', pressed: true })).toBeVisible();

  // The heat map (drawn once scrolled to) has a column per hour; the daily totals start with today so far.
  await page.locator('.by-day').scrollIntoViewIfNeeded();
  await expect(page.locator('.heat-map thead th')).toHaveCount(25);
  await expect(page.locator('.daily-totals tbody tr').first().locator('th')).toHaveText(/ \(so far\)$/);
});
