// Keyboard-first: pages by shortcut, queues walked and selected without a mouse, focus visible.
// Runs before flows.spec.ts (file order) so the training network's seeded applicants are all waiting.
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';

test('pages open by shortcut, the admissions queue is walked and selected by keys, focus is visible', async ({
  page,
  core,
}) => {
  test.setTimeout(60_000);
  await openApp(page, core, '#/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Admissions' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Admissions' })).toBeFocused();

  const boxes = page.getByRole('checkbox', { name: /^Select applicant 0x/ });
  const count = await boxes.count();
  expect(count, 'the seeded training network has applicants waiting').toBeGreaterThanOrEqual(2);
  await boxes.first().focus();
  // The focus ring is drawn (3 px outline), not left to the browser default.
  await expect(boxes.first()).toHaveCSS('outline-width', '3px');
  await page.keyboard.press('j');
  await expect(boxes.nth(1)).toBeFocused();
  await page.keyboard.press('x');
  await expect(boxes.nth(1)).toBeChecked();
  await page.keyboard.press('k');
  await expect(boxes.first()).toBeFocused();
  await page.keyboard.press('a');
  for (let i = 0; i < count; i++) await expect(boxes.nth(i)).toBeChecked();
  await expect(page.getByRole('button', { name: new RegExp(`Propose admitting ${count}`) })).toBeEnabled();

  await page.keyboard.press('Control+7');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeFocused();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
});
