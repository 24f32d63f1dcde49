// Statements on the training network: pick a prosumer and a closed range of days, the totals shown
// are core's `market/statement` to the base unit, the CSV downloads with every line and the totals,
// a reload keeps the choice (URL state), the charts by day add up to the totals, and the printed form
// (print media at A4 width, and a real PDF from Chromium) is the statement alone, light, nothing cut,
// with its charts and totals.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementView } from '../../electron/core/api/contract';
import { openApp } from './support/app-harness';
import { seriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { backgroundsOf, layoutProblems } from './support/layout';
import { pdfText } from './support/pdf-text';

const DAY = 86_400;
const utcDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

test('a prosumer statement over closed days shows core’s totals exactly, downloads as CSV and prints without navigation', async ({
  page,
  core,
}, info) => {
  test.setTimeout(120_000);
  const ask = async (input: unknown): Promise<StatementView> => {
    const reply = await core.invoke('market/statement', input);
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data as StatementView;
  };
  // Closed days only (the simulator keeps trading today): the three days before the chain's today.
  const { chainTime } = await ask({});
  const today = chainTime - (chainTime % DAY);
  const first = utcDay(today - 3 * DAY);
  const last = utcDay(today - DAY);
  const window = { from: today - 3 * DAY, to: today };
  const market = await ask({ ...window, limit: 5000 });
  const busiest = new Map<string, number>();
  for (const l of market.lines)
    if (l.kind === 'TradeOpened')
      for (const who of [l.seller!, l.buyer!]) busiest.set(who, (busiest.get(who) ?? 0) + 1);
  const [prosumer] = [...busiest.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const expected = await ask({ ...window, prosumer, limit: 0 });
  expect(expected.totals.sold.count + expected.totals.bought.count).toBeGreaterThan(0);

  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, core, '#/statements');
  await expect(page.getByRole('heading', { level: 1, name: 'Statements' })).toBeVisible();
  await page.getByLabel('For', { exact: true }).selectOption(prosumer);
  await page.getByLabel('Or from day (UTC)').fill(first);
  await page.getByLabel('To day, included (UTC)').fill(last);
  await expect(page.getByRole('heading', { name: `Prosumer statement · ${first} – ${last}` })).toBeVisible();

  const row = (label: string) => page.locator(`tr[data-total="${label}"]`);
  await expect(row('Sold').locator('td').nth(0)).toHaveText(String(expected.totals.sold.count));
  await expect(row('Sold').locator('[data-exact]').last()).toHaveAttribute(
    'data-exact',
    expected.totals.sold.payment,
  );
  await expect(row('Bought').locator('[data-exact]').first()).toHaveAttribute(
    'data-exact',
    expected.totals.bought.energyWh,
  );
  await expect(row('Fees (all)').locator('[data-exact]')).toHaveAttribute('data-exact', expected.totals.fees);
  await expect(
    page.getByRole('heading', { name: `Proof: ${expected.linesTotal.toLocaleString('en-US')} chain event` }),
  ).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`statement-${prosumer}-${first}-to-${last}.csv`);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  const rows = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
  expect(rows[0]).toMatch(/^kind,at,blockNumber,logIndex,txHash,/);
  expect(rows.filter((r) => !r.startsWith('Total,')).length - 1).toBe(expected.linesTotal);
  const header = rows[0]!.split(',');
  const sold = rows.find((r) => r.split(',')[header.indexOf('totalOf')] === 'sold')!.split(',');
  expect(sold[header.indexOf('payment')]).toBe(expected.totals.sold.payment);
  await expect(page.getByText(/Saved [\d,]+ lines? and the totals to /)).toBeVisible();

  const problems = (await seriousViolations(page)).map((v) => `statements: ${v}`);
  expect(problems).toEqual([]);
  const overflow = await page.evaluate(() => {
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return w.document.documentElement.scrollWidth - w.innerWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  const shot = info.outputPath('statements-1024.png');
  await page.screenshot({ path: shot });
  const shots = process.env.GRIDKEEPER_SHOTS;
  if (shots) {
    mkdirSync(shots, { recursive: true });
    copyFileSync(shot, join(shots, 'statements-dark-1024.png'));
  }

  await page.reload();
  await expect(page.getByLabel('For', { exact: true })).toHaveValue(prosumer);
  await expect(page.getByLabel('Or from day (UTC)')).toHaveValue(first);
  await expect(page.getByRole('heading', { name: `Prosumer statement · ${first} – ${last}` })).toBeVisible();

  // The charts by day: bars drawn, and their days add up to the totals.
  const energyChart = page.getByRole('img', { name: /^Energy traded per day/ });
  const valueChart = page.getByRole('img', { name: /^Value settled per day/ });
  await expect(energyChart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const sum = (...values: string[]) => String(values.reduce((a, v) => a + BigInt(v), 0n));
  await expect(page.locator('.statement-chart').first().locator('[data-chart-total]')).toHaveAttribute(
    'data-chart-total',
    sum(expected.totals.sold.energyWh, expected.totals.bought.energyWh),
  );
  await expect(page.locator('.statement-chart').nth(1).locator('[data-chart-total]')).toHaveAttribute(
    'data-chart-total',
    sum(expected.totals.sellerProceeds, expected.totals.fees),
  );

  // Paper: A4 is 794 CSS px wide, 718 inside 1 cm margins. The statement alone, light, nothing cut.
  await page.setViewportSize({ width: 718, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print…' })).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Totals' })).toBeVisible();
  await expect(energyChart).toBeVisible();
  await expect(valueChart).toBeVisible();
  await expect(valueChart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  // Paper carries the full transaction hashes (the screen shortens them).
  await expect(
    page.getByText(market.lines.find((l) => l.seller === prosumer || l.buyer === prosumer)!.txHash).first(),
  ).toBeVisible();
  expect(
    await layoutProblems(page, {
      boxes: '.statement-page .card, .statement-page table, .statement-chart svg',
      texts: '.statement-page h2, .statement-page th, .statement-page td',
    }),
  ).toEqual([]);
  expect(await backgroundsOf(page, ['body', '.statement-page .card'])).toEqual([
    'rgb(255, 255, 255)',
    'rgb(255, 255, 255)',
  ]);
  await page.screenshot({ path: info.outputPath('statements-print.png'), fullPage: true });
  if (shots) copyFileSync(info.outputPath('statements-print.png'), join(shots, 'statements-print.png'));

  // A real PDF from Chromium's print path (what Electron's printToPDF runs): the totals are on it.
  const pdf = await page.pdf({
    format: 'A4',
    margin: { top: '1cm', bottom: '1cm', left: '1cm', right: '1cm' },
  });
  writeFileSync(info.outputPath('statement.pdf'), pdf);
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  const grouped = (v: string) => BigInt(v).toLocaleString('en-US');
  for (const words of [
    `Prosumer statement · ${first} – ${last}`,
    'Totals',
    'Energy traded per day',
    'Value settled per day (POL)',
    'Fees (all)',
    `${grouped(expected.totals.fees)} base units`,
    `${grouped(expected.totals.sold.payment)} base units`,
    `${grouped(expected.totals.sellerProceeds)} base units`,
  ])
    expect(text).toContain(words);

  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1024, height: 700 });
  const sheet = { x: 0, y: 0, width: 1024, height: 1300 };
  await page.screenshot({ path: info.outputPath('statements-full-1024.png'), fullPage: true, clip: sheet });
  if (shots)
    copyFileSync(info.outputPath('statements-full-1024.png'), join(shots, 'statements-full-1024.png'));
});
