// `npm start` where Electron cannot run, as a user runs it: the built bundles (core process, keystore
// worker, migrations, renderer) served by the browser preview on the training network. Proves the
// bundle works, not only the sources, and that the preview's guard holds over real HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { CORE_PROCESS_EXEC_ARGV } from '../../electron/core/host/core-process-flags';

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

test('core runs in its own process with the V8 flags bench:indexer measured', () => {
  test.skip(process.platform !== 'linux', 'reads /proc');
  // The preview's process tree: start.mjs -> (preview) -> core-process.js.
  const children = (pid: number): number[] =>
    readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((name) => {
        try {
          return Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  const tree: number[] = [];
  for (let queue = [child.pid as number]; queue.length > 0; ) {
    const next = children(queue.shift() as number);
    tree.push(...next);
    queue.push(...next);
  }
  const commandLines = tree.map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      return [];
    }
  });
  const core = commandLines.find((argv) => argv.some((a) => a.endsWith('core-process.js')));
  expect(core).toBeDefined();
  for (const flag of CORE_PROCESS_EXEC_ARGV) expect(core).toContain(flag);
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
