// A name given in the address book is shown wherever its address is: the Trades table, the prosumer's
// page, the Safe queue's proposal card and the audit log, with the full address on hover and a copy
// button that tables keep out of the Tab order (one Tab stop per row).
import type { ProposalView, QueueView, SignerList, TradeView } from '../../electron/core/api/contract';
import type { Reply } from '../../electron/core/api/contract/reply';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { card, chooseSigner, goTo, twoOwnersDecide } from './support/owner-steps';

async function ok<T>(reply: Promise<Reply<unknown>>): Promise<T> {
  const answered = await reply;
  if (!answered.ok) throw new Error(`${answered.error.code}: ${answered.error.message}`);
  return answered.data as T;
}

test('a name from the address book shows on Trades, the prosumer page, the Safe queue and the audit log', async ({
  page,
  core,
}) => {
  test.setTimeout(180_000);
  await openApp(page, core, '#/signers');
  await chooseSigner(page, 'Demo owner 1');
  const signers = await ok<SignerList>(core.invoke('signer/list', {}));
  const owner1 = signers.signers.find((s) => s.id === signers.activeId)?.address as string;
  const trades = await ok<{ rows: TradeView[] }>(core.invoke('market/trades', { limit: 1 }));
  const seller = trades.rows[0]?.seller as string;
  expect(seller).toBeTruthy();

  // Named through the address book page, as an owner would.
  await goTo(page, 'addresses', 'Address book');
  for (const [address, name] of [
    [seller, 'North farm'],
    [owner1, 'Ops desk'],
  ] as const) {
    await page.getByLabel('Address', { exact: true }).fill(address);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
  }

  try {
    await goTo(page, 'trades', 'Trades');
    const inTable = page.locator(`.vtable .address[data-address="${seller}"]`).first();
    await expect(inTable).toContainText('North farm');
    await expect(inTable.locator('.address-name')).toHaveAttribute('title', `North farm: ${seller}`);
    await expect(inTable.getByRole('button', { name: 'Copy address' })).toHaveAttribute('tabindex', '-1');

    await goTo(page, `prosumers?prosumer=${seller}`, 'Prosumers');
    await expect(page.getByRole('heading', { level: 2, name: /^Prosumer/ })).toContainText('North farm');
    // The list names it too, its button the row's one Tab stop.
    const listed = page.getByRole('button', { name: `North farm, ${seller}` });
    await expect(listed).toBeVisible();

    // A proposal by owner 1 (an empty one cancelling the next nonce; executed below, as the core is
    // shared by the specs that follow): the queue's card and the audit log name its proposer.
    const queue = await ok<QueueView>(core.invoke('safe/queue', {}));
    const proposal = await ok<ProposalView>(core.invoke('safe/propose-rejection', { nonce: queue.nonce }));
    await goTo(page, 'safe', 'Safe');
    await expect(
      card(page, proposal.safeTxHash).locator(`.proposal-head [data-address="${owner1}"]`),
    ).toContainText(/Safe owner 1 of \d+: Ops desk/);
    await goTo(page, 'audit', 'Audit log');
    const actor = page.locator(`table .address[data-address="${owner1}"]`).first();
    await expect(actor).toContainText('Ops desk');
    await expect(actor.getByRole('button', { name: 'Copy address' })).toHaveAttribute('tabindex', '-1');
    await twoOwnersDecide(page, core, proposal.nonce);
  } finally {
    for (const address of [seller, owner1]) await core.invoke('address-book/remove', { address });
  }
  // Unnamed again (names are read once a window: reload): the shortened address, in full on hover.
  await goTo(page, 'trades', 'Trades');
  await page.reload();
  const unnamed = page.locator(`.vtable .address[data-address="${seller}"]`).first();
  await expect(unnamed.locator('code')).toHaveAttribute('title', seller);
  await expect(unnamed).toContainText(`${seller.slice(0, 6)}…${seller.slice(-4)}`);
});
