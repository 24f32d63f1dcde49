// The review before every signature, on-chain approval and execution, in the built renderer
// against the real core on the training network: nothing is signed from one click, every address
// has its fingerprint and full form, amounts show their base units. Screenshots of the review
// (both themes) go to test-results/screenshots/.

import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { getAddress, Interface, Wallet, ZeroAddress } from 'ethers';
import type {
  Page as ApiPage,
  ApplicationView,
  DisputeView,
  ProposalView,
  QueueView,
  SafeOwnersView,
} from '../../electron/core/api/contract';
import { hashSafeTx, SafeQueueStore, safeAbi } from '../../electron/core/safe';
import { openStore } from '../../electron/core/store';
import { openApp, type TestCore } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { card, chooseSigner, goTo, proposedNonce, sign } from './support/owner-steps';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 1000 } });

async function invoke<T>(core: TestCore, channel: string, input: unknown): Promise<T> {
  const reply = await core.invoke(channel, input);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.data as T;
}

/** Opens the review of `action` on a proposal's card and waits for its ten fields. */
async function openReview(page: Page, safeTxHash: string, button: string, name: RegExp) {
  await goTo(page, `safe/${safeTxHash}`, 'Safe');
  await card(page, safeTxHash).getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog.getByRole('table', { name: 'SafeTx' }).getByRole('row')).toHaveCount(10, {
    timeout: 30_000,
  });
  return dialog;
}

/** The dialog in both themes, each saved and named for what it shows. */
async function shoot(page: Page, dialog: ReturnType<Page['getByRole']>, name: string) {
  // Tall enough that the whole review fits without scrolling inside the dialog.
  await page.setViewportSize({ width: 1280, height: 3200 });
  for (const theme of ['dark', 'light'] as const) {
    await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
    await dialog.evaluate((d) => {
      d.scrollTop = 0;
    });
    await dialog.screenshot({ path: `${SHOTS}/review-${name}-${theme}.png` });
  }
  await page.evaluate(`document.documentElement.dataset.theme = 'dark'`);
  await page.setViewportSize({ width: 1280, height: 1000 });
}

test('an admission is reviewed before it is signed: names, fingerprints, full addresses, ten fields', async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  await openApp(page, core, '#/admissions');
  const applicants = await invoke<ApiPage<ApplicationView>>(core, 'market/applications', { limit: 100 });
  const applicant = applicants.rows[0]?.address;
  if (!applicant) throw new Error('the training network has no applicant waiting');
  await page.getByRole('checkbox', { name: `Select applicant ${applicant}` }).check();
  await page.getByRole('button', { name: /Propose admitting 1/ }).click();
  const nonce = await proposedNonce(page);
  // The applicant's row now says a decision is pending, and links to it.
  await expect(
    page.getByRole('link', { name: new RegExp(`Pending decision: #${nonce}`) }).first(),
  ).toBeVisible();

  const queue = await invoke<{ groups: { proposals: ProposalView[] }[] }>(core, 'safe/queue', {});
  const proposal = queue.groups.flatMap((g) => g.proposals).find((p) => p.nonce === nonce);
  if (!proposal) throw new Error('proposal not queued');

  await chooseSigner(page, 'Demo owner 1');
  const review = await openReview(page, proposal.safeTxHash, 'Sign…', /^Review and sign/);
  const call = review.getByRole('table', { name: 'Arguments of admit' });
  await expect(call).toContainText('Prosumer (pending)');
  await expect(call.locator('svg.fingerprint')).toHaveCount(1);
  // Full address on demand.
  await call.getByRole('button', { name: `Show full address ${applicant}` }).click();
  await expect(call.locator('code', { hasText: applicant })).toBeVisible();
  await expect(review.getByRole('region', { name: 'Simulation' })).toContainText('would succeed');
  await expect(review.getByRole('region', { name: 'Simulation' })).toContainText(/at block [\d,]+/);
  await shoot(page, review, 'admission');

  // Cancel signs nothing.
  await review.getByRole('button', { name: 'Cancel' }).click();
  await expect(card(page, proposal.safeTxHash).getByRole('button', { name: 'Sign…' })).toBeEnabled();
  const untouched = await invoke<ProposalView>(core, 'safe/get', { safeTxHash: proposal.safeTxHash });
  expect(untouched.signatures).toHaveLength(0);

  const again = await openReview(page, proposal.safeTxHash, 'Sign…', /^Review and sign/);
  await again.getByRole('button', { name: 'Confirm and sign' }).click();
  await expect(card(page, proposal.safeTxHash).getByRole('button', { name: 'Signed by you' })).toBeVisible({
    timeout: 30_000,
  });
});

test('a dispute split shows the amounts in POL with the exact wei, and the executor’s fee', async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  const disputes = await invoke<ApiPage<DisputeView>>(core, 'market/disputes', { status: 'open', limit: 10 });
  // The one the owners may decide longest (flows.spec decides the one nearest its deadline).
  const dispute = disputes.rows
    .filter((d) => !d.arbitrationClosed)
    .sort((a, b) => b.arbitrationDeadline - a.arbitrationDeadline)[0];
  if (!dispute) throw new Error('the training network has no open dispute before its deadline');
  await openApp(page, core, '#/disputes');
  // At the Safe's next nonce (competing with anything queued there), so that it can be executed.
  const { nonce } = await invoke<{ nonce: string }>(core, 'safe/owners', {});
  const proposal = await invoke<ProposalView>(core, 'dispute/resolve', {
    tradeId: dispute.tradeId,
    sellerShareBps: 6000,
    nonce,
  });
  await page.getByRole('button', { name: new RegExp(`^Trade #${dispute.tradeId}\\b`) }).click();
  await expect(
    page.getByRole('link', { name: new RegExp(`Pending decision: #${proposal.nonce}`) }).first(),
  ).toBeVisible();

  await chooseSigner(page, 'Demo owner 2');
  const review = await openReview(page, proposal.safeTxHash, 'Sign…', /^Review and sign/);
  const resolved = review.getByRole('table', { name: 'DisputeResolved arguments' });
  await expect(resolved).toContainText(/sellerProceeds\s*[\d.,]+ POL \([\d,]+ wei\)/);
  await expect(resolved).toContainText(/energyWhToBuyer\s*[\d.,]+ kWh \([\d,]+ Wh\)/);
  await expect(review.getByRole('table', { name: 'Arguments of resolveDispute' })).toContainText('60 %');
  await shoot(page, review, 'dispute-split');
  await review.getByRole('button', { name: 'Confirm and sign' }).click();
  await expect(card(page, proposal.safeTxHash).getByRole('button', { name: 'Signed by you' })).toBeVisible({
    timeout: 30_000,
  });
  await chooseSigner(page, 'Demo owner 1');
  await sign(page, proposal.safeTxHash);

  const execute = await openReview(page, proposal.safeTxHash, 'Execute…', /^Review and execute/);
  const cost = execute.getByRole('table', { name: 'Execution' });
  await expect(cost).toContainText('the active signer');
  await expect(cost).toContainText(/balance\s*[\d.,]+ POL \([\d,]+ wei\)/);
  await expect(cost).toContainText(/fee estimate\s*[\d.,]+ POL \([\d,]+ wei\)/);
  await shoot(page, execute, 'dispute-execute');
  await execute.getByRole('button', { name: 'Cancel' }).click();
});

test('an owner change names the new owner as unknown and the Safe as itself', async ({ page, core }) => {
  test.setTimeout(120_000);
  const newcomer = Wallet.createRandom().address;
  const proposal = await invoke<ProposalView>(core, 'safe/add-owner', { owner: newcomer, threshold: 2 });
  await openApp(page, core, '#/safe');
  await chooseSigner(page, 'Demo owner 1');
  const review = await openReview(page, proposal.safeTxHash, 'Sign…', /^Review and sign/);
  const args = review.getByRole('table', { name: 'Arguments of addOwnerWithThreshold' });
  await expect(args).toContainText('unknown address');
  await expect(review.getByRole('table', { name: 'SafeTx' })).toContainText('The consortium Safe');
  await shoot(page, review, 'owner-change');
});

/**
 * What an earlier Gridkeeper, without the signing policy, could have queued from a bundle: a call of
 * the Safe to `enableModule(attacker)`. Written straight into this core's store, as that version did.
 */
async function queueModuleBundle(core: TestCore): Promise<string> {
  const owners = await invoke<SafeOwnersView>(core, 'safe/owners', {});
  const stores = join(core.dataDir, 'training', 'stores');
  // The chain's own store (chain-<id>-<genesis>.sqlite), not the indexer's (which adds the market).
  const file = readdirSync(stores).find((f) => /^chain-\d+-[0-9a-f]{12}\.sqlite$/.test(f));
  if (!file) throw new Error('no store for the training network');
  const db = openStore(join(stores, file));
  try {
    const tx = {
      to: getAddress(owners.safeAddress),
      value: 0n,
      data: new Interface(safeAbi).encodeFunctionData('enableModule', [Wallet.createRandom().address]),
      operation: 0 as const,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: ZeroAddress,
      refundReceiver: ZeroAddress,
      nonce: BigInt(owners.nonce) + 5n,
    };
    const ref = { chainId: BigInt(owners.chainId), address: tx.to, version: owners.safeVersion };
    const hashes = hashSafeTx(ref, tx);
    new SafeQueueStore(db).insertProposal({
      safeTxHash: hashes.safeTxHash,
      safeAddress: tx.to,
      safeVersion: owners.safeVersion,
      tx,
      hashes,
      title: 'Routine maintenance',
      intents: [],
      origin: 'bundle',
      proposedBy: null,
      createdAt: new Date().toISOString(),
    });
    return hashes.safeTxHash;
  } finally {
    db.close();
  }
}

test('a bundle calling enableModule: the review shows the call undecoded, the address unknown, and the policy refusal naming its rule', async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  const safeTxHash = await queueModuleBundle(core);
  const queue = await invoke<QueueView>(core, 'safe/queue', {});
  expect(queue.groups.flatMap((g) => g.proposals).some((p) => p.safeTxHash === safeTxHash)).toBe(true);
  await openApp(page, core, '#/safe');
  await chooseSigner(page, 'Demo owner 1');
  const review = await openReview(page, safeTxHash, 'Sign…', /^Review and sign/);
  await expect(review.getByRole('table', { name: 'Arguments of enableModule' })).toContainText(
    'unknown address',
  );
  await expect(review.getByRole('region', { name: 'Calls' })).toContainText('not decoded');
  await expect(review.getByText(/It calls enableModule on the Safe/)).toBeVisible();
  // The consortium policy refuses it, naming the rule; nothing can be signed from this review.
  const policy = review.getByRole('region', { name: 'Consortium policy' });
  await expect(policy).toContainText('refused');
  await expect(policy.getByRole('alert')).toContainText('No modules [safe-module]');
  await expect(policy.getByRole('alert')).toContainText(/enableModule/);
  await expect(review.getByRole('button', { name: 'Confirm and sign' })).toBeDisabled();
  await shoot(page, review, 'enable-module-bundle');
});
