// The market rules page and the emergency stop, in the built renderer against the real core on the
// training network: pause and unpause the market through two owners from the shortcut, change the
// fee and the arbitration period from the rules page, and see the chain's answer and its history
// come back; the dispute bond and each contract's owner are shown; a contract handed to the Safe
// under the guard is allowlisted first, then accepted.
import { Contract, JsonRpcProvider, JsonRpcSigner, toQuantity } from 'ethers';
import type { MarketRulesView } from '../../electron/core/api/contract';
import { openApp, type TestCore } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { cancelNoncesBefore, goTo, proposalAt, proposedNonce, twoOwnersDecide } from './support/owner-steps';

test.describe.configure({ mode: 'serial' });

async function rules(core: TestCore): Promise<MarketRulesView> {
  const reply = await core.invoke('market/rules', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as MarketRulesView;
}

/**
 * market/rules once its history has the change executed at Safe nonce `nonce`: the rules are read
 * from the chain, the history from the indexed store, which may be a block behind.
 */
async function rulesAfter(core: TestCore, nonce: string): Promise<MarketRulesView> {
  await expect.poll(async () => (await rules(core)).history[0]?.safeNonce, { timeout: 30_000 }).toBe(nonce);
  return rules(core);
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
  const after = await rulesAfter(core, unpauseNonce);
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
  const after = await rulesAfter(core, nonce);
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
  const after = await rulesAfter(core, nonce);
  expect(after.arbitrationPeriodSeconds).toBe(String(target));
  // In hours for people (both are whole hours), the exact seconds on hover.
  const change = `Arbitration period ${seconds / 3600} h → ${target / 3600} h`;
  expect(after.history[0]).toMatchObject({
    rule: 'arbitrationPeriod',
    description: change,
    exact: `${seconds} s → ${target} s`,
    safeNonce: nonce,
  });
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.locator('tbody tr').first()).toContainText(change);
  await expect(history.locator('tbody tr').first().getByText(change)).toHaveAttribute(
    'title',
    `${seconds} s → ${target} s`,
  );
  // The deployment's values read as such, not as a change from 0.
  await expect(history.getByText('Arbitration period set at deployment: 1 h')).toHaveAttribute(
    'title',
    '3600 s',
  );
  await expect(history.getByText(/^[A-Z][a-z ]+ (0 s|0 %|0 POL) →/)).toHaveCount(0);
});

test('a contract handed to the Safe under the guard: the page proposes allowlisting it first, then accepting it once that is executed', async ({
  page,
  core,
}) => {
  test.setTimeout(240_000);
  const before = await rules(core);
  expect(before.guard).not.toBeNull();
  const settings = await core.invoke('settings/get', {});
  if (!settings.ok) throw new Error(settings.error.message);
  const rpcUrl = (settings.data as { connected: { rpcUrl: string } }).connected.rpcUrl;
  // The precondition, set up on the training chain outside the app (the Safe itself, impersonated):
  // the energy token is nominated to the Safe (Ownable2Step's first step, as a contract handed over
  // from outside would be) and is not on the guard's allowlist.
  const chain = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 });
  await chain.send('hardhat_impersonateAccount', [before.safe]);
  try {
    // Gas for the two calls, if the Safe holds too little POL.
    const balance = await chain.getBalance(before.safe);
    if (balance < 10n ** 17n)
      await chain.send('hardhat_setBalance', [before.safe, toQuantity(balance + 10n ** 18n)]);
    const asSafe = new JsonRpcSigner(chain, before.safe);
    const ownable = new Contract(before.token, ['function transferOwnership(address)'], asSafe);
    await (await ownable.getFunction('transferOwnership')(before.safe)).wait();
    const guard = new Contract(before.guard!, ['function setTargetAllowed(address,bool)'], asSafe);
    await (await guard.getFunction('setTargetAllowed')(before.token, false)).wait();
  } finally {
    await chain.send('hardhat_stopImpersonatingAccount', [before.safe]);
    chain.destroy();
  }
  expect((await rules(core)).ownership[1]).toMatchObject({ pendingOwner: before.safe, guardAllows: false });

  await openApp(page, core, '#/rules');
  const ownership = page.getByRole('region', { name: 'Ownership' });
  const steps = ownership.getByRole('list', { name: 'Steps to accept the energy token' });
  await expect(steps.getByRole('listitem')).toHaveText([
    /^Put it on the guard's allowlistPropose allowlisting it on the guard$/,
    /^Accept ownershipoffered once step 1 is executed/,
  ]);
  await expect(ownership.getByRole('button', { name: 'Propose accepting ownership' })).toHaveCount(0);
  await steps.getByRole('button', { name: 'Propose allowlisting it on the guard' }).click();
  const allowNonce = await proposedNonce(page);
  await cancelNoncesBefore(page, core, allowNonce);
  await goTo(page, 'rules', 'Market rules');
  const allowing = await proposalAt(core, allowNonce);
  expect(allowing.decoded.intents).toEqual([
    { kind: 'setTargetAllowed', target: before.token, allowed: true },
  ]);
  // Until it is executed, step 1 links to its review and step 2 is still not offered.
  await expect(steps.getByRole('link', { name: new RegExp(`^Review #${allowNonce} `) })).toHaveAttribute(
    'href',
    `#/safe/${allowing.safeTxHash}`,
  );
  await expect(steps.getByRole('listitem').nth(1)).toContainText('offered once step 1 is executed');
  await twoOwnersDecide(page, core, allowNonce);

  await goTo(page, 'rules', 'Market rules');
  await expect(steps.getByText('done: the guard lets the Safe call it')).toBeVisible({ timeout: 30_000 });
  await steps.getByRole('button', { name: 'Propose accepting ownership' }).click();
  const acceptNonce = await proposedNonce(page);
  await cancelNoncesBefore(page, core, acceptNonce);
  expect((await proposalAt(core, acceptNonce)).decoded.intents).toEqual([
    { kind: 'acceptOwnership', contract: 'token' },
  ]);
  await twoOwnersDecide(page, core, acceptNonce);
  await goTo(page, 'rules', 'Market rules');
  const token = ownership.getByRole('row').filter({ hasText: 'Energy token' });
  await expect(token).toContainText('none open', { timeout: 30_000 });
  expect((await rules(core)).ownership[1]).toMatchObject({
    owner: before.safe,
    pendingOwner: null,
    guardAllows: true,
  });
});
