// The prosumers page removes an admitted prosumer through the Safe, in the built renderer against the
// real core on the training network: the reason is required, two owners sign and execute, and the
// page shows the removed status with the reason the chain recorded.
import { JsonRpcProvider } from 'ethers';
import type { IndexerStatusView, ProsumerView } from '../../electron/core/api/contract';
import { marketInterface } from '../../electron/core/safe/abis';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';
import { proposalAt, proposedNonce, twoOwnersDecide } from './support/owner-steps';

test("a prosumer's page shows its energy and money in and out per day, totals equal to the chain's TradeOpened events", async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  const ask = async <T>(channel: string, input: unknown): Promise<T> => {
    const reply = await core.invoke(channel, input);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as T;
  };
  const busiest = (
    await ask<{ rows: ProsumerView[] }>('market/prosumers', { status: 'admitted', limit: 200 })
  ).rows
    .filter((p) => p.trades > 0)
    .sort((a, b) => b.trades - a.trades)[0];
  if (!busiest) throw new Error('the training network has no prosumer that traded');
  const prosumer = busiest.address;
  const settings = await ask<{ connected: { rpcUrl: string } }>('settings/get', {});
  const provider = new JsonRpcProvider(settings.connected.rpcUrl, undefined, { staticNetwork: true });
  const opened = marketInterface.getEvent('TradeOpened');
  if (!opened) throw new Error('no TradeOpened in the market ABI');

  await openApp(page, core, `#/prosumers?prosumer=${prosumer}`);
  const total = page.getByTestId('prosumer-days-total');
  await expect(total).toBeVisible();
  // The simulator keeps trading: compare with the chain up to the block the indexer had stored when
  // the page read its totals, again until a reading falls between two trades.
  await expect(async () => {
    const status = await ask<IndexerStatusView>('indexer/status', {});
    await page.reload();
    await expect(total).toBeVisible();
    const exact = await total
      .locator('[data-exact]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-exact')));
    const after = await ask<IndexerStatusView>('indexer/status', {});
    expect(after.indexedBlock).toBe(status.indexedBlock);
    const logs = await provider.getLogs({
      address: status.marketAddress,
      topics: [opened.topicHash],
      fromBlock: status.deploymentBlock,
      toBlock: status.indexedBlock,
    });
    const sum = { soldWh: 0n, boughtWh: 0n, in: 0n, out: 0n };
    for (const log of logs) {
      const e = marketInterface.parseLog(log);
      if (!e) continue;
      if (e.args.seller.toLowerCase() === prosumer.toLowerCase()) {
        sum.soldWh += e.args.energyWh;
        sum.in += e.args.paymentAmount;
      }
      if (e.args.buyer.toLowerCase() === prosumer.toLowerCase()) {
        sum.boughtWh += e.args.energyWh;
        sum.out += e.args.paymentAmount;
      }
    }
    expect(exact).toEqual([`${sum.soldWh}`, `${sum.boughtWh}`, `${sum.in}`, `${sum.out}`]);
  }).toPass({ timeout: 60_000 });
  provider.destroy();
  // Units on every column, the exact base value on hover.
  const head = page.locator('.prosumer-days thead');
  await expect(head).toContainText('Sold');
  await expect(head).toContainText(/In \(\w+\)/);
  await expect(total.locator('[data-exact]').first()).toHaveAttribute('title', / Wh$/);
  await expect(total.locator('[data-exact]').last()).toHaveAttribute('title', / wei$/);
});

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
