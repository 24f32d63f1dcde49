// A keystore created in the Signers page is backed up: its very file is saved (a download in the
// browser), the owner confirms, and until then the signer says "no backup confirmed".

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';

test('after creating a keystore, the app offers its file to save and asks the owner to confirm', async ({
  page,
  core,
}) => {
  test.setTimeout(120_000);
  await openApp(page, core, '#/signers');
  const panel = page.getByRole('region', { name: 'Keystore' });
  await panel.getByLabel('Name').fill('Backup desk');
  await panel.getByLabel('Password (8 characters or more)').fill('a long enough password');
  await panel.getByLabel('Password again').fill('a long enough password');
  await panel.getByRole('button', { name: 'Create keystore' }).click();

  const step = page.getByRole('region', { name: 'Back up Backup desk' });
  await expect(step).toBeVisible({ timeout: 60_000 });
  const row = page.getByRole('row').filter({ hasText: 'Backup desk' });
  await expect(row).toContainText('no backup confirmed');
  const confirm = step.getByRole('button', { name: 'I saved it somewhere safe' });
  await expect(confirm).toBeDisabled();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    step.getByRole('button', { name: 'Save the keystore file…' }).click(),
  ]);
  const saved = readFileSync(await download.path(), 'utf8');
  const file = join(core.dataDir, 'keystores', download.suggestedFilename());
  expect(saved).toBe(readFileSync(file, 'utf8'));
  expect(JSON.parse(saved)).toMatchObject({ version: 3, Crypto: { kdf: 'scrypt' } });
  expect(saved).not.toContain('a long enough password');

  await confirm.click();
  await expect(step).toHaveCount(0);
  await expect(row).not.toContainText('no backup confirmed');
  await expect(page.getByRole('heading', { name: 'Keystore' })).toBeFocused();
});
