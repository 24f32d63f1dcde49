// A file too large to import is refused in the page before it is read, with the limit named, and
// the app goes on working (a 5 MiB "bundle" once stopped the preview server).
import { MAX_SAFE_FILE_BYTES } from '../../electron/core/api/contract/file-limits';
import { openApp } from './support/app-harness';
import { expect, test } from './support/fixtures';

test('an oversized bundle is refused in the page, naming the limit', async ({ page, core }) => {
  test.setTimeout(60_000);
  await openApp(page, core, '#/safe');
  await page.getByLabel('Import bundle…').setInputFiles({
    name: 'huge.json',
    mimeType: 'application/json',
    buffer: Buffer.alloc(5 * 1024 * 1024, 0x20),
  });
  const refusal = page.getByRole('alert').filter({ hasText: 'huge.json' });
  await expect(refusal).toContainText('5,242,880 bytes');
  await expect(refusal).toContainText(`the limit is ${MAX_SAFE_FILE_BYTES.toLocaleString('en-US')} bytes`);
  // Still serving: the queue answers.
  await expect(page.getByRole('heading', { level: 1, name: 'Safe' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Connection status' })).toContainText('Training network');
});
