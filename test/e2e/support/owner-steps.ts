import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ProposalView, QueueView } from '../../../electron/core/api/contract';
import type { TestCore } from './app-harness';

/** What an owner does in the app, step by step, through the UI only. */

export async function goTo(page: Page, slug: string, heading: string): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/index.html#/${slug}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/**
 * The app's loading states in `scope`: `Loading` (components/states.tsx) is a role=status paragraph
 * reading " Loading the trades…" (a spinner, then the text: its text content starts with a space).
 */
export function loadingStates(scope: Page | Locator): Locator {
  return scope.getByRole('status').filter({ hasText: /^\s*Loading .+…$/ });
}

/** Waits until `scope` shows no loading state any more: its first loads have answered. */
export async function untilLoaded(scope: Page | Locator, timeout = 15_000): Promise<void> {
  await expect(loadingStates(scope)).toHaveCount(0, { timeout });
}

/** Signers page: makes the signer whose label starts with `label` the active one. */
export async function chooseSigner(page: Page, label: string): Promise<void> {
  await goTo(page, 'signers', 'Signers');
  const radio = page.getByRole('radio', { name: new RegExp(`^Use ${label}`) });
  if (!(await radio.isChecked())) {
    await radio.click();
    await expect(page.getByText(/is now the active signer/)).toBeVisible();
  }
  await expect(radio).toBeChecked();
  await expect(page.getByRole('region', { name: 'Connection status' })).toContainText(label);
}

/** The open proposal core holds for a nonce (read to find its card; the UI does the rest). */
/** The open proposal at `nonce` (whose title matches `title`, where several compete for the nonce). */
export async function proposalAt(core: TestCore, nonce: string, title?: RegExp): Promise<ProposalView> {
  const reply = await core.invoke('safe/queue', {});
  if (!reply.ok) throw new Error(`safe/queue failed: ${reply.error.message}`);
  const proposal = (reply.data as QueueView).groups
    .flatMap((g) => g.proposals)
    .find((p) => p.nonce === nonce && p.status === 'open' && (!title || title.test(p.title)));
  if (!proposal) throw new Error(`no open proposal at nonce ${nonce}`);
  return proposal;
}

export function card(page: Page, safeTxHash: string) {
  return page.locator(`article[aria-labelledby="p-${safeTxHash}"]`);
}

/** Safe page: signs the proposal with the active signer. */
export async function sign(page: Page, safeTxHash: string): Promise<void> {
  await goTo(page, 'safe', 'Safe');
  const proposal = card(page, safeTxHash);
  await proposal.getByRole('button', { name: 'Sign…', exact: true }).click();
  const review = page.getByRole('dialog', { name: /^Review and sign/ });
  await expect(review.getByRole('table', { name: 'SafeTx' })).toBeVisible({ timeout: 30_000 });
  await review.getByRole('button', { name: 'Confirm and sign' }).click();
  // The review closes once core answers (the card may show the signature a moment earlier).
  await expect(review).toBeHidden({ timeout: 30_000 });
  await expect(proposal.getByRole('button', { name: 'Signed by you' })).toBeVisible({ timeout: 30_000 });
}

/** Safe page: executes the proposal (through the confirmation dialog) and waits for the chain. */
export async function execute(page: Page, safeTxHash: string): Promise<void> {
  await goTo(page, 'safe', 'Safe');
  const proposal = card(page, safeTxHash);
  await proposal.getByRole('button', { name: 'Execute…' }).click();
  await executeInReview(page, proposal);
}

/** The execute review is open: confirms it and waits until the proposal left the queue. */
export async function executeInReview(page: Page, proposal: Locator): Promise<void> {
  const review = page.getByRole('dialog', { name: /^Review and execute/ });
  await expect(review.getByRole('table', { name: 'Execution' })).toBeVisible({ timeout: 30_000 });
  await review.getByRole('button', { name: 'Confirm and execute' }).click();
  // Executed proposals leave the queue for the history.
  await expect(proposal).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator('#history-heading ~ table').getByText('executed').first()).toBeVisible();
}

/** Reads the nonce from the "Proposed as Safe transaction #N" banner. */
export async function proposedNonce(page: Page): Promise<string> {
  const banner = page.getByText(/Proposed as Safe transaction #\d+/);
  await expect(banner).toBeVisible({ timeout: 30_000 });
  const match = /#(\d+)/.exec((await banner.textContent()) ?? '');
  if (!match?.[1]) throw new Error('no nonce in the proposal banner');
  return match[1];
}

/** Demo owners 1 and 2 sign the open proposal at `nonce`; owner 2 executes it. */
export async function twoOwnersDecide(
  page: Page,
  core: TestCore,
  nonce: string,
  title?: RegExp,
): Promise<void> {
  const { safeTxHash } = await proposalAt(core, nonce, title);
  await twoOwnersDecideHash(page, safeTxHash);
}

async function twoOwnersDecideHash(page: Page, safeTxHash: string): Promise<void> {
  await chooseSigner(page, 'Demo owner 1');
  await sign(page, safeTxHash);
  await chooseSigner(page, 'Demo owner 2');
  await sign(page, safeTxHash);
  await execute(page, safeTxHash);
}

/**
 * Open proposals that other specs left before `nonce` (the worker's core is shared): each of their
 * nonces is cancelled by a rejection two owners sign and execute, so `nonce` is the next to run.
 */
export async function cancelNoncesBefore(page: Page, core: TestCore, nonce: string): Promise<void> {
  const reply = await core.invoke('safe/queue', {});
  if (!reply.ok) throw new Error(`safe/queue failed: ${reply.error.message}`);
  for (const group of (reply.data as QueueView).groups) {
    if (BigInt(group.nonce) >= BigInt(nonce)) continue;
    const rejection = await core.invoke('safe/propose-rejection', { nonce: group.nonce });
    if (!rejection.ok) throw new Error(`safe/propose-rejection failed: ${rejection.error.message}`);
    await twoOwnersDecideHash(page, (rejection.data as ProposalView).safeTxHash);
  }
}
