// The control room's new screens at the smallest supported window (1024×700), in both themes: no
// horizontal scroll, no serious or critical axe finding, and a screenshot of each (in the test
// output, or in $GRIDKEEPER_SHOTS) to be looked at.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { openApp } from './support/app-harness';
import { seriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { untilLoaded } from './support/owner-steps';

async function judge(
  page: Page,
  info: TestInfo,
  name: string,
  theme: string,
  problems: string[],
  fullPage = true,
) {
  await untilLoaded(page);
  const overflow = await page.evaluate(() => {
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return w.document.documentElement.scrollWidth - w.innerWidth;
  });
  if (overflow > 0) problems.push(`${name} (${theme}): ${overflow} px of horizontal scroll at 1024×700`);
  for (const v of await seriousViolations(page, { contrastOnly: theme === 'light' }))
    problems.push(`${name} (${theme}): ${v}`);
  // From the top: sticky bars would otherwise be drawn where the page was scrolled to.
  if (fullPage)
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
  const file = info.outputPath(`${name}-${theme}-1024.png`);
  await page.screenshot({ path: file, fullPage });
  const shots = process.env.GRIDKEEPER_SHOTS;
  if (shots) {
    mkdirSync(shots, { recursive: true });
    copyFileSync(file, join(shots, `${name}-${theme}-1024.png`));
  }
}

for (const theme of ['dark', 'light'] as const) {
  test(`new screens at 1024×700 fit, pass axe and are photographed (${theme} theme)`, async ({
    page,
    core,
  }, info) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.addInitScript((t) => localStorage.setItem('gridkeeper.theme', t), theme);
    await openApp(page, core, '#/signers');
    // An owner at the desk, so "What needs me" has something to say.
    const owner = page.getByRole('radio', { name: /^Use Demo owner 1/ });
    if (!(await owner.isChecked())) await owner.click();
    await expect(owner).toBeChecked();
    const problems: string[] = [];

    await page.goto(`${new URL(page.url()).origin}/index.html#/dashboard?range=24h`);
    await expect(page.getByRole('heading', { name: 'What needs me' })).toBeVisible();
    await page.locator('.by-day').scrollIntoViewIfNeeded();
    await expect(page.locator('.heat-map')).toBeVisible();
    await judge(page, info, 'dashboard', theme, problems);

    await page.goto(`${new URL(page.url()).origin}/index.html#/rules`);
    await expect(page.getByRole('heading', { level: 2, name: 'Rules now' })).toBeVisible();
    await judge(page, info, 'rules', theme, problems);

    const reply = await core.invoke('market/prosumers', { status: 'admitted', limit: 1 });
    const prosumer = reply.ok ? (reply.data as { rows: { address: string }[] }).rows[0]?.address : undefined;
    await page.goto(`${new URL(page.url()).origin}/index.html#/prosumers?prosumer=${prosumer}`);
    await expect(page.getByRole('heading', { level: 2, name: /^Prosumer/ })).toBeVisible();
    await judge(page, info, 'prosumers', theme, problems);

    await page.goto(`${new URL(page.url()).origin}/index.html#/offers`);
    await expect(page.getByRole('heading', { level: 2, name: /open offer/ })).toBeVisible();
    await judge(page, info, 'offers', theme, problems);

    await page.goto(`${new URL(page.url()).origin}/index.html#/rules`);
    await page.keyboard.press('Control+Shift+P');
    await expect(
      page.getByRole('dialog', { name: 'Emergency stop' }).getByRole('button').first(),
    ).toBeFocused();
    await judge(page, info, 'emergency-stop', theme, problems, false);
    await page.keyboard.press('Escape');

    expect(problems).toEqual([]);
  });
}
