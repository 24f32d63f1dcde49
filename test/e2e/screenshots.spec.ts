// `npm run screenshots` (SCREENSHOTS=1 npx playwright test test/e2e/screenshots.spec.ts): every page of
// the built renderer against the real core on the training network (seeded, simulator running, demo
// owner 1 at the desk, one proposal waiting for signatures), in both themes at 1024×700 (the whole
// page), the dashboard also at 1920×1080, into test-results/screenshots/ (or $SCREENSHOTS_DIR), to be
// opened and looked at. Prints the list of files. Each page is also checked for what a look would
// catch first: horizontal scroll, text cut by its box, and placeholder text left on the page; at
// 1024 px, a table region scrolling sideways in its box fails too.
// Skipped unless SCREENSHOTS is set (it is not a test of `npm test`).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProposalView } from '../../electron/core/api/contract';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { layoutProblems } from './support/layout';
import { card, chooseSigner, goTo, untilLoaded } from './support/owner-steps';

/** Sideways scroll a table region may have in a 1024 px window (rounding, a border). */
const SIDEWAYS_TOLERANCE_PX = 4;
const DIR = resolve(process.env.SCREENSHOTS_DIR ?? join('test-results', 'screenshots'));

test('screenshots of every page, both themes, 1024×700 and the dashboard at 1920×1080', async ({
  page,
  core,
}) => {
  if (!process.env.SCREENSHOTS) console.log('screenshots SKIPPED: set SCREENSHOTS=1 (npm run screenshots).');
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take the screenshots');
  test.setTimeout(600_000);
  mkdirSync(DIR, { recursive: true });

  // Something for "What needs me" and the review screen: a fee change waiting for signatures.
  const proposed = await core.invoke('market/set-fee', { feeBps: 130 });
  if (!proposed.ok) throw new Error(proposed.error.message);
  const proposal = proposed.data as ProposalView;
  const prosumers = await core.invoke('market/prosumers', { status: 'admitted', limit: 1 });
  const prosumer = prosumers.ok ? (prosumers.data as { rows: { address: string }[] }).rows[0]?.address : '';

  const files: string[] = [];
  const findings: string[] = [];
  const sideways: string[] = [];
  const shoot = async (name: string, fullPage = true) => {
    await untilLoaded(page, 30_000);
    const problems = await layoutProblems(page, {
      texts: 'main h1, main h2, main h3, main th, main td, main button',
    });
    for (const f of problems) findings.push(`${name}: ${f}`);
    // Tables that scroll sideways in their box in a 1024 px window: a grid owner should read a row's
    // key columns without it (a few px of rounding allowed). Wider windows have room to spare.
    if (name.endsWith('-1024'))
      for (const f of await layoutProblems(page, {
        scrollers: 'main .table-wrap, main .vtable',
        sidewaysTolerance: SIDEWAYS_TOLERANCE_PX,
      }))
        if (f.includes('scrolls sideways')) sideways.push(`${name}: ${f}`);
    if (fullPage)
      await page.evaluate(() =>
        (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
      );
    const file = join(DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    files.push(file);
  };

  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, core, '#/signers');
  await chooseSigner(page, 'Demo owner 1');
  for (const theme of ['dark', 'light'] as const) {
    await page.evaluate((t) => localStorage.setItem('gridkeeper.theme', t), theme);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const visit = async (slug: string, heading: string | RegExp, name = slug) => {
      await page.goto(`${new URL(page.url()).origin}/index.html#/${slug}`);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await shoot(`${name}-${theme}-1024`);
    };

    const dashboard = async () => {
      await goTo(page, 'dashboard', 'Dashboard');
      await expect(page.getByRole('heading', { name: 'What needs me' })).toBeVisible();
      // The heat map and daily totals load once scrolled to.
      await page.locator('.by-day').scrollIntoViewIfNeeded();
      await expect(page.locator('.heat-map')).toBeVisible();
    };
    await dashboard();
    await shoot(`dashboard-${theme}-1024`);
    await visit('trades', 'Trades');
    await visit('offers', 'Offers');
    await visit('disputes', 'Disputes');
    await visit('admissions', 'Admissions');
    await visit('prosumers', 'Prosumers');
    await visit(`prosumers?prosumer=${prosumer}`, 'Prosumers', 'prosumer-page');
    await visit('safe', 'Safe');
    // The review screen of the waiting proposal.
    await card(page, proposal.safeTxHash).getByRole('button', { name: 'Sign…', exact: true }).click();
    const review = page.getByRole('dialog', { name: /^Review and sign/ });
    await expect(review.getByRole('table', { name: 'SafeTx' })).toBeVisible({ timeout: 30_000 });
    await shoot(`review-${theme}-1024`, false);
    await page.keyboard.press('Escape');
    await visit('rules', 'Market rules');
    await visit('statements', 'Statements');
    await visit('addresses', 'Address book');
    await visit('audit', 'Audit log');
    await visit('settings', 'Settings');
    await visit('signers', 'Signers');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await dashboard();
    await shoot(`dashboard-${theme}-1920`);
    await page.setViewportSize({ width: 1024, height: 700 });
  }

  console.log(`screenshots (${files.length}) in ${DIR}:\n${files.map((f) => `  ${f}`).join('\n')}`);
  if (sideways.length)
    console.log(`scrolling sideways in their box:\n${sideways.map((f) => `  ${f}`).join('\n')}`);
  if (findings.length) console.log(`to look at:\n${findings.map((f) => `  ${f}`).join('\n')}`);
  expect(findings).toEqual([]);
  expect(sideways).toEqual([]);
});
