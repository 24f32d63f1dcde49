// The Safe page as an owner meets it on the training network: no Transaction Service actions where
// none is configured, the proposer named, and keyboard focus on the next step after each one.

import type { ProposalView, QueueView, SignerList } from '../../electron/core/api/contract';
import type { Reply } from '../../electron/core/api/contract/reply';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { card, chooseSigner, executeInReview, goTo, sign } from './support/owner-steps';

const OWNER_1 = 'Demo owner 1';
const OWNER_2 = 'Demo owner 2';

async function ok<T>(reply: Promise<Reply<unknown>>): Promise<T> {
  const answered = await reply;
  if (!answered.ok) throw new Error(`${answered.error.code}: ${answered.error.message}`);
  return answered.data as T;
}

test.describe.configure({ mode: 'serial' });

test('the training network has no Transaction Service: its actions are not offered; the proposer is the active owner; focus follows each step', async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  await openApp(page, core, '#/signers');
  await chooseSigner(page, OWNER_1);
  const signers = await ok<SignerList>(core.invoke('signer/list', {}));
  const owner1 = signers.signers.find((s) => s.id === signers.activeId);
  expect(owner1?.label).toMatch(/^Demo owner 1/);

  const queue = await ok<QueueView>(core.invoke('safe/queue', {}));
  expect(queue.txService).toBe(false);
  // An empty transaction cancelling the next nonce: harmless, and executed at the end (the core is
  // shared by the specs that follow, and nothing else may wait at this nonce).
  const proposal = await ok<ProposalView>(core.invoke('safe/propose-rejection', { nonce: queue.nonce }));
  expect(proposal.proposedBy).toBe(owner1?.address);

  await goTo(page, 'safe', 'Safe');
  const proposalCard = card(page, proposal.safeTxHash);
  await expect(proposalCard.getByRole('button', { name: 'Export bundle' })).toBeVisible();
  await expect(proposalCard.getByRole('button', { name: 'Send to Transaction Service' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sync with Transaction Service' })).toHaveCount(0);
  await expect(proposalCard.locator(`.proposal-head [data-address="${owner1?.address}"]`)).toContainText(
    /Safe owner 1 of \d+/,
  );

  // After each step, keyboard focus is on what comes next, never <body>.
  const focused = () =>
    page.evaluate(() => {
      type Focused = { tagName: string; id: string; textContent: string | null } | null;
      const el = (globalThis as unknown as { document: { activeElement: Focused } }).document.activeElement;
      return { tag: el?.tagName ?? null, text: el?.textContent?.trim() ?? '', id: el?.id ?? '' };
    });
  await sign(page, proposal.safeTxHash);
  // One signature of two: the next step is sharing it.
  await expect.poll(focused).toEqual({ tag: 'BUTTON', text: 'Export bundle', id: '' });
  await chooseSigner(page, OWNER_2);
  await sign(page, proposal.safeTxHash);
  await expect.poll(focused).toEqual({ tag: 'BUTTON', text: 'Execute…', id: '' });
  await page.keyboard.press('Enter');
  await executeInReview(page, proposalCard);
  // Then the next proposal's card, or the queue's heading when none is left (the core is shared: specs
  // before this one may have left proposals at later nonces).
  const after = await ok<QueueView>(core.invoke('safe/queue', {}));
  const next = after.groups[0]?.proposals[0];
  await expect
    .poll(focused)
    .toMatchObject(next ? { tag: 'H4', id: `p-${next.safeTxHash}` } : { tag: 'H2', id: 'queue-heading' });
});
