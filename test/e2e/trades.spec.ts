// The trades explorer: only the rows in view are in the page, scrolling reaches the oldest trade,
// filters narrow the list, and the CSV holds exactly the filtered trades.
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';

const countOf = async (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

test('trades scroll virtualised to the oldest, filter by status and export the same rows as CSV', async ({
  page,
  core,
}) => {
  test.setTimeout(60_000);
  await openApp(page, core, '#/trades');
  const total = page.getByText(/^[\d,]+ trades?$/);
  await expect(total).toBeVisible();
  const all = await countOf(await total.textContent());
  expect(all).toBeGreaterThan(100);

  const rows = page.getByRole('table').locator('tbody tr[aria-rowindex]');
  expect(await rows.count()).toBeLessThan(80);
  await page.getByRole('region', { name: /Trades, scroll/ }).evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByRole('cell', { name: '#1', exact: true })).toBeVisible({ timeout: 15_000 });
  expect(await rows.count()).toBeLessThan(80);

  await page.getByRole('checkbox', { name: 'settled' }).check();
  await expect.poll(async () => countOf(await total.textContent())).toBeLessThan(all);
  const settled = await countOf(await total.textContent());
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
  // A header, then one line per settled trade (the simulator may settle a few more meanwhile).
  expect(lines.length - 1).toBeGreaterThanOrEqual(settled);
  expect(lines.length - 1).toBeLessThan(settled + 20);
  await expect(page.getByText(/Exported [\d,]+ trades? to /)).toBeVisible();
});

test('a reload keeps the trade filters and the sort (they live in the URL)', async ({ page, core }) => {
  test.setTimeout(60_000);
  await openApp(page, core, '#/trades');
  const total = page.getByText(/^[\d,]+ trades?$/);
  await expect(total).toBeVisible();
  await page.getByRole('checkbox', { name: 'disputed' }).check();
  await page.getByRole('checkbox', { name: 'resolved' }).check();
  await page.getByLabel('Sort by').selectOption('energyWh');
  await page.getByRole('button', { name: '↓ Descending' }).click();
  await expect(page).toHaveURL(/status=disputed%2Cresolved|status=disputed,resolved/);
  const filtered = await total.textContent();

  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'disputed' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'resolved' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'settled' })).not.toBeChecked();
  await expect(page.getByLabel('Sort by')).toHaveValue('energyWh');
  await expect(page.getByRole('button', { name: '↑ Ascending' })).toBeVisible();
  await expect(total).toHaveText(filtered ?? 'missing');
});
