// `npm start` where Electron cannot run, as a user runs it: the built bundles (core process, keystore
// worker, migrations, renderer) served by the browser preview on the training network. Proves the
// bundle works, not only the sources, and that the preview's guard holds over real HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { CoreDiagnostics } from '../../electron/core/api/contract';
import { CORE_PROCESS_ENV, CORE_PROCESS_EXEC_ARGV } from '../../electron/core/host/core-process-flags';

const ROOT = resolve(import.meta.dirname, '../..');

let child: ChildProcess;
let output = '';
let url: URL;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'gk-preview-'));
  child = spawn(process.execPath, ['scripts/start.mjs', '--preview', '--no-build', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, GRIDKEEPER_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await expect.poll(() => output, { timeout: 100_000 }).toContain('Core is ready on the training network');
  url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(output)?.[0] ?? 'http://missing');
});

test.afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('the built app opens on the training network with the demo owners ready to sign', async ({ page }) => {
  await page.goto(url.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Training network')).toBeVisible();
  await page.goto(`${url.origin}/?token=${url.searchParams.get('token')}#/signers`);
  await expect(page.getByRole('heading', { level: 1, name: 'Signers' })).toBeVisible();
  await expect(page.getByText(/demo key/i).first()).toBeVisible({ timeout: 15_000 });
  expect(output).not.toMatch(/"level":"error"/);
});

test('core runs in its own process with the V8 flags and environment bench:indexer measured', async ({
  page,
}) => {
  // Asked of the running core itself (app/diagnostics), through the page as the renderer asks.
  await page.goto(url.href);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const reply = (await page.evaluate(() => {
    const bridge = (globalThis as unknown as { gridkeeper: { invoke: (c: string, i: unknown) => unknown } })
      .gridkeeper;
    return bridge.invoke('app/diagnostics', {});
  })) as { ok: boolean; data: CoreDiagnostics };
  expect(reply.ok).toBe(true);
  const core = reply.data;
  expect(core.pid).not.toBe(child.pid);
  for (const flag of CORE_PROCESS_EXEC_ARGV) expect(core.execArgv).toContain(flag);
  // --max-old-space-size=192 caps the heap: V8's limit is the old space plus the young generation.
  const oldSpaceMb = Number(/--max-old-space-size=(\d+)/.exec(CORE_PROCESS_EXEC_ARGV.join(' '))?.[1]);
  expect(core.heapSizeLimitBytes).toBeGreaterThanOrEqual(oldSpaceMb * 1024 * 1024);
  expect(core.heapSizeLimitBytes).toBeLessThan((oldSpaceMb + 64) * 1024 * 1024);
  if (process.platform !== 'linux') return;
  // And the operating system agrees: the process with that pid is the preview's core-process.js child.
  const argv = readFileSync(`/proc/${core.pid}/cmdline`, 'utf8').split('\0');
  expect(argv.some((a) => a.endsWith('core-process.js'))).toBe(true);
  for (const flag of CORE_PROCESS_EXEC_ARGV) expect(argv).toContain(flag);
  const environment = readFileSync(`/proc/${core.pid}/environ`, 'utf8').split('\0');
  for (const [name, value] of Object.entries(CORE_PROCESS_ENV))
    expect(environment).toContain(`${name}=${value}`);
  const parent = (pid: number) =>
    Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  let ancestor = core.pid;
  while (ancestor > 1 && ancestor !== child.pid) ancestor = parent(ancestor);
  expect(ancestor).toBe(child.pid);
});

test('refuses a request without this launch’s secret', async ({ request }) => {
  const response = await request.get(`${url.origin}/`);
  expect(response.status()).toBe(403);
});

test('Ctrl+C closes the database and exits cleanly', async () => {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('Stopping: closing the database and the network');
});
