// Every page of the built renderer, in both themes, against the real core on the training network
// (seeded, simulator running): it renders its heading, axe-core finds no serious or critical
// violation (all rules in the dark theme, colour contrast again in the light one), and a full-page
// screenshot is written to the test output (or to $GRIDKEEPER_SHOTS) to be looked at.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from './support/app-harness';
import { seriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { untilLoaded } from './support/owner-steps';

const PAGES = [
  ['dashboard', 'Dashboard'],
  ['admissions', 'Admissions'],
  ['disputes', 'Disputes'],
  ['trades', 'Trades'],
  ['prosumers', 'Prosumers'],
  ['offers', 'Offers'],
  ['statements', 'Statements'],
  ['safe', 'Safe'],
  ['rules', 'Market rules'],
  ['signers', 'Signers'],
  ['audit', 'Audit log'],
  ['addresses', 'Address book'],
  ['settings', 'Settings'],
  ['about', 'About Gridkeeper'],
] as const;

for (const theme of ['dark', 'light'] as const) {
  test(`every page renders, passes axe and is photographed (${theme} theme)`, async ({
    page,
    core,
  }, info) => {
    test.setTimeout(150_000);
    const shots = process.env.GRIDKEEPER_SHOTS;
    if (shots) mkdirSync(shots, { recursive: true });
    await page.addInitScript((t) => localStorage.setItem('gridkeeper.theme', t), theme);
    await openApp(page, core);
    const problems: string[] = [];
    for (const [slug, heading] of PAGES) {
      await page.goto(`${new URL(page.url()).origin}/index.html#/${slug}`);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // First loads settle (no loading state left) before the page is judged and photographed.
      await untilLoaded(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const v of await seriousViolations(page, { contrastOnly: theme === 'light' }))
        problems.push(`${slug} (${theme}): ${v}`);
      const file = info.outputPath(`${slug}-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (shots) copyFileSync(file, join(shots, `${slug}-${theme}.png`));
    }
    expect(problems).toEqual([]);
  });
}
