// The prosumers page removes an admitted prosumer through the Safe, in the built renderer against the
// real core on the training network: the reason is required, two owners sign and execute, and the
// page shows the removed status with the reason the chain recorded.
import type { ProsumerView } from '../../electron/core/api/contract';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { proposalAt, proposedNonce, twoOwnersDecide } from './support/owner-steps';

test('an admitted prosumer is removed through the Safe, and the page shows it removed with the reason', async ({
  page,
  core,
}) => {
  test.setTimeout(180_000);
  const reply = await core.invoke('market/prosumers', { status: 'admitted', limit: 200 });
  if (!reply.ok) throw new Error(reply.error.message);
  // The last one listed: specs that take "an admitted prosumer" take the first.
  const prosumer = (reply.data as { rows: ProsumerView[] }).rows.at(-1)?.address;
  if (!prosumer) throw new Error('the training network has no admitted prosumer');
  const url = `#/prosumers?prosumer=${prosumer}`;
  await openApp(page, core, url);
  const detail = page.getByRole('region', { name: /^Prosumer/ });
  const removal = detail.getByRole('form', { name: 'Remove the prosumer' });
  // No removal without a reason.
  await expect(removal.getByRole('button', { name: 'Propose removing' })).toBeDisabled();
  await removal.getByRole('textbox', { name: 'Reason for removal' }).fill('Meter tampering confirmed');
  await removal.getByRole('button', { name: 'Propose removing' }).click();
  const nonce = await proposedNonce(page);
  expect((await proposalAt(core, nonce)).decoded.intents).toEqual([
    { kind: 'remove', prosumer, reason: 'Meter tampering confirmed' },
  ]);

  await twoOwnersDecide(page, core, nonce);
  await page.goto(`${new URL(page.url()).origin}/index.html${url}`);
  await expect(detail.getByText(/^○ removed$/)).toBeVisible({ timeout: 30_000 });
  await expect(detail).toContainText('Reason: Meter tampering confirmed');
  // Removed is final: neither suspend, reinstate nor remove is offered any more.
  await expect(detail.getByRole('button', { name: /^Propose/ })).toHaveCount(0);
});
