// The address book page: Safe{Wallet}'s CSV imported (a bad line refused by its number, the good ones
// kept), a name added by hand, exported back in the same format, and removed.
import { readFileSync } from 'node:fs';
import { openApp } from './support/app-harness';
import { seriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

const A = '0x00000000000000000000000000000000000000A1';
const B = '0x00000000000000000000000000000000000000b2';

test('imports Safe{Wallet} CSV with a bad line refused by number, edits, exports and removes', async ({
  page,
  core,
}) => {
  test.setTimeout(60_000);
  await openApp(page, core, '#/addresses');
  await expect(page.getByRole('heading', { name: 'Address book' })).toBeVisible();
  await page.getByLabel('Import CSV…').setInputFiles({
    name: 'addressBook.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`address,name,chainId\n${A},"Grid Ops, North",31337\n0x1234,Bad,31337\n`),
  });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 name' })).toContainText(
    'refused line 3 ("0x1234" is not an address)',
  );
  await expect(page.getByRole('row', { name: /Grid Ops, North/ })).toBeVisible();

  await page.getByLabel('Address', { exact: true }).fill(B);
  await page.getByLabel('Name', { exact: true }).fill('Meter vendor');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('row', { name: /Meter vendor/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.split('\n')[0]).toBe('address,name,chainId');
  expect(csv).toContain('"Grid Ops, North",31337');
  expect(csv).toContain('Meter vendor');

  for (const name of ['Grid Ops, North', 'Meter vendor'])
    await page.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(page.getByText('No names yet')).toBeVisible();
});
