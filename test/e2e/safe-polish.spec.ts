// The Safe page as an owner meets it on the training network: no Transaction Service actions where
// none is configured, and the proposer named.

import type { ProposalView, QueueView, SignerList } from '../../electron/core/api/contract';
import type { Reply } from '../../electron/core/api/contract/reply';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { card, chooseSigner, goTo } from './support/owner-steps';

const OWNER_1 = 'Demo owner 1';

async function ok<T>(reply: Promise<Reply<unknown>>): Promise<T> {
  const answered = await reply;
  if (!answered.ok) throw new Error(`${answered.error.code}: ${answered.error.message}`);
  return answered.data as T;
}

test.describe.configure({ mode: 'serial' });

test('the training network has no Transaction Service: its actions are not offered; the proposer is the active owner', async ({
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
  // shared by the specs that follow).
  const proposal = await ok<ProposalView>(core.invoke('safe/propose-rejection', { nonce: queue.nonce }));
  expect(proposal.proposedBy).toBe(owner1?.address);

  await goTo(page, 'safe', 'Safe');
  const proposalCard = card(page, proposal.safeTxHash);
  await expect(proposalCard.getByRole('button', { name: 'Export bundle' })).toBeVisible();
  await expect(proposalCard.getByRole('button', { name: 'Send to Transaction Service' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sync with Transaction Service' })).toHaveCount(0);
  await expect(proposalCard.locator(`.proposal-head code[title="${owner1?.address}"]`)).toBeVisible();

  const demo = signers.signers.filter((s) => /^Demo owner [12]/.test(s.label));
  for (const signer of demo)
    await core.invoke('safe/sign', { safeTxHash: proposal.safeTxHash, signerId: signer.id });
  const executed = await core.invoke('safe/execute', {
    safeTxHash: proposal.safeTxHash,
    signerId: owner1!.id,
  });
  expect(executed).toMatchObject({ ok: true, data: { status: 'executed' } });
});
