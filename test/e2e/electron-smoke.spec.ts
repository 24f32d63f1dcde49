// The packaged shape of the app, launched for real: Electron + the built bundles (`npm run build`).
// Runs wherever the Electron binary is installed; elsewhere (like CI here, where it cannot be
// downloaded) it says plainly that it was skipped and why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, expect, test } from '@playwright/test';
import type { GridkeeperBridge } from '../../electron/preload/bridge';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const root = resolve(import.meta.dirname, '../..');
const binary = electronBinary(root, { needsDisplay: true });
const APP_URL = 'gridkeeper://app/index.html';

/**
 * What the page callbacks below use of the renderer's globals (this file is type-checked for Node).
 * Callbacks run in the page, so they name `globalThis` themselves: they cannot close over anything.
 */
interface Renderer {
  gridkeeper: GridkeeperBridge;
  require?: unknown;
  process?: unknown;
  open(url: string): unknown;
  location: { href: string };
  navigator: { mediaDevices: { getUserMedia(constraints: object): Promise<unknown> } };
}

test('Electron: opens the dashboard on the training network, with the security settings applied, and quits', async () => {
  if (!binary.path) console.log(`Electron smoke test SKIPPED: ${binary.why}.`);
  test.skip(!binary.path, `Electron cannot start here: ${binary.why}`);
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'gk-electron-'));
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [root],
    env: { ...process.env, GRIDKEEPER_DATA_DIR: dataDir },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveURL(APP_URL);

    const info = await page.evaluate(() =>
      (globalThis as unknown as Renderer).gridkeeper.invoke('app/info', {}),
    );
    expect(info).toMatchObject({ ok: true, data: { name: 'Gridkeeper', network: 'training' } });
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 120_000 });

    // Undocumented but kept for Electron's own tests: the preferences the page really got.
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown>;
      };
      return contents.getLastWebPreferences();
    });
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });

    const surface = await page.evaluate(() => ({
      require: typeof (globalThis as unknown as Renderer).require,
      process: typeof (globalThis as unknown as Renderer).process,
      bridgeKeys: Object.keys((globalThis as unknown as Renderer).gridkeeper).sort(),
      bridgeFrozen: Object.isFrozen((globalThis as unknown as Renderer).gridkeeper),
      evalBlocked: (() => {
        try {
          // biome-ignore lint/security/noGlobalEval: proving the CSP forbids eval
          eval('1');
          return false;
        } catch {
          return true;
        }
      })(),
      windowOpen: (globalThis as unknown as Renderer).open('https://polygonscan.com/') === null,
    }));
    expect(surface).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridgeKeys: ['invoke', 'on'],
      bridgeFrozen: true,
      evalBlocked: true,
      windowOpen: true,
    });

    const fetched = await page.evaluate(() =>
      fetch('https://polygonscan.com/').then(
        () => 'fetched',
        () => 'blocked',
      ),
    );
    expect(fetched).toBe('blocked');
    await page.evaluate(() => {
      (globalThis as unknown as Renderer).location.href = 'https://polygonscan.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(APP_URL);

    const permission = await page.evaluate(() =>
      (globalThis as unknown as Renderer).navigator.mediaDevices.getUserMedia({ audio: true }).then(
        () => 'granted',
        () => 'denied',
      ),
    );
    expect(permission).toBe('denied');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
