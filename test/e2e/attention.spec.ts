// "What needs me" against the training network, where the deployment's ConsortiumGuard is installed
// in the Safe's guard slot: no "Guard missing" item (the rule that shows it is unit-tested in
// renderer/src/format/attention.test.ts).
import type { SafeGuardView } from '../../electron/core/api/contract';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { untilLoaded } from './support/owner-steps';

test('the training network runs with its guard, so "What needs me" says nothing about it', async ({
  page,
  core,
}) => {
  test.setTimeout(90_000);
  const reply = await core.invoke('safe/guard', {});
  if (!reply.ok) throw new Error(reply.error.message);
  const view = reply.data as SafeGuardView;
  expect(view.recordGuard).not.toBeNull();
  expect(view.guard?.toLowerCase()).toBe(view.recordGuard?.toLowerCase());

  await openApp(page, core, '#/safe');
  await expect(page.getByText('Transaction guard:')).toContainText('installed');
  await page.goto(`${new URL(page.url()).origin}/index.html#/dashboard`);
  const panel = page.getByRole('region', { name: 'What needs me' });
  await expect(panel).toBeVisible();
  await untilLoaded(panel);
  await expect(panel.getByRole('link', { name: /Guard missing/ })).toHaveCount(0);
});
