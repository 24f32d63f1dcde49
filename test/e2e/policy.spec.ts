// The consortium signing policy as an owner meets it: bundles that would hand the Safe away or pay
// a refund out of it are refused at import, in the page, with the rule's name (sign and execute
// refusals: electron/core/safe/policy/policy.devnet.test.ts).

import { Wallet } from 'ethers';
import type { DeploymentRecord, SafeOwnersView } from '../../electron/core/api/contract';
import { demoAccounts } from '../../electron/core/devnet';
import { safeSetupOf } from '../../electron/core/safe';
import { craftedTransactions, signedBundle } from '../../electron/core/safe/testing/crafted';
import { DemoKeySigner } from '../../electron/core/signers/demo-key';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';

test('a bundle calling enableModule and one paying a gas refund are refused at import, naming the rule', async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  await openApp(page, core, '#/safe');
  const settings = await core.invoke('settings/get', {});
  const owners = await core.invoke('safe/owners', {});
  if (!settings.ok || !owners.ok) throw new Error('settings/get or safe/owners failed');
  const setup = safeSetupOf((settings.data as { deployment: DeploymentRecord }).deployment);
  const crafted = craftedTransactions(setup, {
    nonce: BigInt((owners.data as SafeOwnersView).nonce),
    attacker: Wallet.createRandom().address,
    prosumer: Wallet.createRandom().address,
  });
  const signers = demoAccounts()
    .owners.slice(0, 2)
    .map((o) => new DemoKeySigner({ label: o.label, privateKey: o.privateKey }));

  for (const [name, rule, title] of [
    ['enableModule(attacker) on the Safe', 'safe-module', 'No modules'],
    ['refundReceiver set with gasPrice 0', 'gas-refund', 'No gas refunds'],
  ] as const) {
    const tx = crafted.find((c) => c.name === name)?.tx;
    if (!tx) throw new Error(`no crafted case ${name}`);
    await page.getByLabel('Import bundle…').setInputFiles({
      name: `${rule}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(await signedBundle(setup, tx, signers)),
    });
    const refusal = page.getByRole('alert').filter({ hasText: 'POLICY_REFUSED' });
    await expect(refusal).toBeVisible({ timeout: 30_000 });
    await expect(refusal).toContainText(`consortium signing policy (${rule}) at import-bundle`);
    await expect(refusal).toContainText(title);
  }
  const queue = await core.invoke('safe/queue', {});
  if (!queue.ok) throw new Error(queue.error.message);
  expect(JSON.stringify(queue.data)).not.toMatch(/enableModule|refundReceiver":"0x(?!0{40})/);
  const audit = await core.invoke('audit/list', { limit: 20 });
  if (!audit.ok) throw new Error(audit.error.message);
  expect(JSON.stringify(audit.data)).toMatch(/POLICY_REFUSED[\s\S]*POLICY_REFUSED/);
});
