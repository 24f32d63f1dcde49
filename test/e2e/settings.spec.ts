// Settings for a real network: a custom RPC and the consortium's addresses typed by hand, checked by
// core like an imported record (a wrong one says what is wrong). Nothing is switched here.
import type { DeploymentRecord } from '../../electron/core/api/contract';
import { openApp, startTestCore, type TestCore } from './support/app-harness';
import { expect, test } from './support/fixtures';

/** The deployment record of the network a core is on. */
async function deploymentOf(core: TestCore): Promise<DeploymentRecord> {
  const settings = await core.invoke('settings/get', {});
  if (!settings.ok) throw new Error(settings.error.message);
  return (settings.data as { deployment: DeploymentRecord }).deployment;
}

test('a custom network takes the deployment typed by hand, and refuses a wrong address with the reason', async ({
  page,
  core,
}, info) => {
  test.setTimeout(60_000);
  const deployment = await deploymentOf(core);
  await openApp(page, core, '#/settings');
  await page.getByRole('radio', { name: 'Custom RPC' }).check();
  await page.getByLabel('Name').fill('Consortium node');
  await page.getByLabel('Chain id').fill(String(deployment.chainId));
  await page.getByLabel(/RPC URLs/).fill('https://rpc.example.org\nhttps://fallback.example.org');
  await page.getByText('Enter the addresses by hand').click();
  await page.getByLabel('Consortium Safe').fill(deployment.safe);
  await page.getByLabel('Energy market').fill(deployment.market);
  await page.getByLabel('Prosumer registry').fill(deployment.registry);
  await page.getByLabel('Energy token').fill('0x1234');
  await page.getByRole('button', { name: 'Check and use these addresses' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'INPUT_INVALID' })).toContainText('token');

  await page.getByLabel('Energy token').fill(deployment.token.toLowerCase());
  await page.getByRole('button', { name: 'Check and use these addresses' }).click();
  await expect(page.getByText('Addresses accepted.')).toBeVisible();
  // The record as core checked it: checksummed addresses, shown before anything is switched.
  // A contract shows its name, its full checksummed address beside it for screen readers and copying.
  await expect(page.locator('.facts').last()).toContainText(deployment.token);
  await page.mouse.wheel(0, -100_000);
  await page.screenshot({ path: info.outputPath('settings-custom-dark.png'), fullPage: true });
  if (process.env.GRIDKEEPER_SHOTS)
    await page.screenshot({
      path: `${process.env.GRIDKEEPER_SHOTS}/settings-custom-dark.png`,
      fullPage: true,
    });
});

test('a later success clears an earlier error of another action on the page', async ({ page, core }) => {
  test.setTimeout(60_000);
  const deployment = await deploymentOf(core);
  await openApp(page, core, '#/settings');
  await page.getByRole('radio', { name: 'Custom RPC' }).check();
  await page.getByLabel('Chain id').fill(String(deployment.chainId));
  // One action fails: a deployment record that is not one.
  await page.getByLabel('Import deployment record…').setInputFiles({
    name: 'deployment.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"chainId": "not a record"}'),
  });
  const error = page.getByRole('alert');
  await expect(error).toHaveCount(1);
  // Another action of the page succeeds after it: the old error goes, the success stays alone.
  await page.getByText('Enter the addresses by hand').click();
  await page.getByLabel('Consortium Safe').fill(deployment.safe);
  await page.getByLabel('Energy market').fill(deployment.market);
  await page.getByLabel('Prosumer registry').fill(deployment.registry);
  await page.getByLabel('Energy token').fill(deployment.token);
  await page.getByRole('button', { name: 'Check and use these addresses' }).click();
  await expect(page.getByText('Addresses accepted.')).toBeVisible();
  await expect(error).toHaveCount(0);
});

test('an offline signing machine takes the deployment record and the owners read while connected', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Its own core: switching to offline would take the shared training network away from other specs.
  const own = await startTestCore();
  try {
    const deployment = await deploymentOf(own);
    await openApp(page, own, '#/settings');
    await page.getByRole('radio', { name: 'Offline signing machine (no RPC)' }).check();
    await expect(page.getByRole('button', { name: 'Connect and switch' })).toBeDisabled();
    await page.getByLabel('Import deployment record…').setInputFiles({
      name: 'deployment.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(deployment)),
    });
    await expect(page.getByText(`Read the record of chain ${deployment.chainId}.`)).toBeVisible();
    await page.getByRole('button', { name: 'Fill in from the connected chain' }).click();
    await expect(page.getByLabel('Threshold (signatures needed)')).toHaveValue('2');
    await page.getByRole('button', { name: 'Connect and switch' }).click();
    // The form is rebuilt from the new settings once core has switched (its success line goes with it).
    await expect(page.getByText(`Offline signing machine for chain ${deployment.chainId}`)).toBeVisible({
      timeout: 30_000,
    });
    await page.goto(`${new URL(page.url()).origin}/index.html#/safe`);
    await expect(page.getByText(/offline, as of/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Connection status' })).toContainText(
      'none: offline signing machine',
    );
  } finally {
    await own.close();
  }
});
