// The market rules page and the emergency stop, in the built renderer against the real core on the
// training network: pause and unpause the market through two owners from the shortcut, change the
// fee and the arbitration period from the rules page, and see the chain's answer and its history
// come back; the dispute bond and each contract's owner are shown.
import type { MarketRulesView } from '../../electron/core/api/contract';
import { openApp, type TestCore } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { goTo, proposalAt, proposedNonce, twoOwnersDecide } from './support/owner-steps';

test.describe.configure({ mode: 'serial' });

async function rules(core: TestCore): Promise<MarketRulesView> {
  const reply = await core.invoke('market/rules', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as MarketRulesView;
}

test('emergency stop: Ctrl+Shift+P then Enter proposes the pause from any page; two owners pause, then unpause', async ({
  page,
  core,
}) => {
  test.setTimeout(240_000);
  await openApp(page, core, '#/trades');
  await expect(page.getByRole('heading', { level: 1, name: 'Trades' })).toBeVisible();
  expect((await rules(core)).paused).toBe(false);
  // Another decision already waits at the Safe's next nonce: the stop must not queue behind it.
  const safe = await core.invoke('safe/owners', {});
  if (!safe.ok) throw new Error(safe.error.message);
  const next = (safe.data as { nonce: string }).nonce;
  const queued = await core.invoke('market/set-fee', { feeBps: 120, nonce: next });
  if (!queued.ok) throw new Error(queued.error.message);
  const waitingNonce = (queued.data as { nonce: string }).nonce;

  // Two keystrokes: the shortcut opens the stop with the pause focused, Enter proposes it.
  await page.keyboard.press('Control+Shift+P');
  const dialog = page.getByRole('dialog', { name: 'Emergency stop' });
  await expect(dialog.getByRole('button', { name: 'Propose pausing the market' })).toBeFocused();
  await expect(dialog).toContainText(`It is proposed at the Safe's next nonce, #`);
  await page.keyboard.press('Enter');
  const pauseNonce = await proposedNonce(page);
  expect(pauseNonce).toBe(next);
  expect(pauseNonce).toBe(waitingNonce);
  // The link to sign it has the focus; every page shows the pause as urgent until it is decided.
  await expect(dialog.getByRole('link', { name: /Review and sign/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Urgent' })).toContainText(
    `Pause market is proposed as Safe transaction #${pauseNonce}`,
  );
  await goTo(page, 'safe', 'Safe');
  await expect(page.getByText('urgent: emergency stop')).toBeVisible();

  await twoOwnersDecide(page, core, pauseNonce, /^Pause market/);
  await goTo(page, 'rules', 'Market rules');
  await expect(page.getByRole('region', { name: 'Market state' }).getByText('paused')).toBeVisible({
    timeout: 30_000,
  });
  expect((await rules(core)).paused).toBe(true);
  await expect(page.getByRole('region', { name: 'Urgent' })).toHaveCount(0);

  // Paused: the same two keystrokes now propose the unpause.
  await page.keyboard.press('Control+Shift+P');
  await expect(dialog.getByText('The market is paused')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Propose unpausing the market' })).toBeFocused();
  await page.keyboard.press('Enter');
  const unpauseNonce = await proposedNonce(page);
  await page.keyboard.press('Escape');
  await twoOwnersDecide(page, core, unpauseNonce, /^Unpause market/);
  await goTo(page, 'rules', 'Market rules');
  await expect(page.getByRole('region', { name: 'Market state' }).getByText('open')).toBeVisible({
    timeout: 30_000,
  });
  const after = await rules(core);
  expect(after.paused).toBe(false);
  expect(after.history.slice(0, 2).map((h) => h.description)).toEqual(['Market unpaused', 'Market paused']);
});

test('the fee is changed from the rules page, and its history names the Safe transaction and the owners', async ({
  page,
  core,
}) => {
  test.setTimeout(180_000);
  await openApp(page, core, '#/rules');
  const before = await rules(core);
  const target = before.feeBps === 125 ? 175 : 125;
  const text = (bps: number) =>
    `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}`.replace(/\.?0+$/, '');
  const fee = page.getByRole('region', { name: 'Market fee' });
  await fee.getByRole('textbox', { name: /New market fee/ }).fill(text(target));
  await fee.getByRole('button', { name: 'Propose' }).click();
  const nonce = await proposedNonce(page);
  await expect(page.getByRole('link', { name: /Review and sign/ })).toBeFocused();
  await goTo(page, 'rules', 'Market rules');
  await expect(fee.getByRole('link', { name: new RegExp(`#${nonce}`) })).toBeVisible();

  await twoOwnersDecide(page, core, nonce);
  await goTo(page, 'rules', 'Market rules');
  await expect(fee.getByText(`${text(target)} %`, { exact: true })).toBeVisible({ timeout: 30_000 });
  const after = await rules(core);
  expect(after.feeBps).toBe(target);
  const change = after.history[0];
  expect(change?.description).toBe(`Market fee ${before.feeBps / 100} % → ${target / 100} %`);
  expect(change?.safeNonce).toBe(nonce);
  expect(change?.signedBy).toHaveLength(2);
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.locator('tbody tr').first()).toContainText(change?.description ?? 'missing');
  await expect(history.locator('tbody tr').first()).toContainText(`#${nonce}`);
});

test('the dispute bond and the arbitration period are shown; a new arbitration period goes through the queue to the chain', async ({
  page,
  core,
}) => {
  test.setTimeout(180_000);
  await openApp(page, core, '#/rules');
  const before = await rules(core);
  // The bond in the payment asset with its exact base value beside it.
  const bond = page.getByRole('region', { name: 'Dispute bond' });
  await expect(bond).toContainText('0.1 POL');
  await expect(bond).toContainText('(100,000,000,000,000,000 wei)');
  expect(before.disputeBond).toEqual({
    base: String(10n ** 17n),
    decimals: 18,
    unit: 'POL',
    baseUnit: 'wei',
  });
  const arbitration = page.getByRole('region', { name: 'Arbitration period' });
  const seconds = Number(before.arbitrationPeriodSeconds);
  await expect(arbitration).toContainText(`(${seconds.toLocaleString('en-US')} s)`);
  // Each contract's owner is the consortium Safe, with no handover open.
  const ownership = page.getByRole('region', { name: 'Ownership' });
  const rows = ownership.getByRole('row').filter({ hasText: 'consortium Safe' });
  await expect(rows.filter({ hasNotText: 'not the consortium Safe' })).toHaveCount(3);
  await expect(rows.filter({ hasText: 'none open' })).toHaveCount(3);

  const target = seconds === 7_200 ? 10_800 : 7_200;
  const input = arbitration.getByRole('textbox', { name: /New arbitration period/ });
  // Below the contract's minimum (one hour) is refused as typed.
  await input.fill('59');
  await expect(arbitration.getByRole('button', { name: 'Propose' })).toBeDisabled();
  await input.fill(String(target / 60));
  await arbitration.getByRole('button', { name: 'Propose' }).click();
  const nonce = await proposedNonce(page);
  expect((await proposalAt(core, nonce)).decoded.intents).toEqual([
    { kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: String(target) },
  ]);
  await goTo(page, 'rules', 'Market rules');
  await expect(
    arbitration.getByRole('link', { name: new RegExp(`#${nonce} Set arbitration period`) }),
  ).toBeVisible();

  await twoOwnersDecide(page, core, nonce);
  await goTo(page, 'rules', 'Market rules');
  await expect(arbitration).toContainText(`(${target.toLocaleString('en-US')} s)`, { timeout: 30_000 });
  const after = await rules(core);
  expect(after.arbitrationPeriodSeconds).toBe(String(target));
  expect(after.history[0]).toMatchObject({
    rule: 'arbitrationPeriod',
    description: `Arbitration period ${seconds} s → ${target} s`,
    safeNonce: nonce,
  });
  await expect(page.getByRole('region', { name: 'History' }).locator('tbody tr').first()).toContainText(
    `Arbitration period ${seconds} s → ${target} s`,
  );
});
