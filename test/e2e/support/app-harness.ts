// Opens the built renderer (out/renderer) in Chromium with `window.gridkeeper` bound, through
// page.exposeBinding, to the same core router the Electron main registers: a real createCore on
// the training network (its own devnet, seeded, with the simulator), in this test process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { Reply } from '../../../electron/core/api/contract/reply';
import type { NetworkChoice } from '../../../electron/core/api/contract/settings';
import { type Core, createCore } from '../../../electron/core/app';
import { silentLogger } from '../../../electron/core/ports/logger';

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER = join(ROOT, 'out', 'renderer');
/** A made-up origin the page is served from by page.route (nothing listens there). */
export const APP_ORIGIN = 'http://gridkeeper.test';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface TestCore {
  core: Core;
  dataDir: string;
  /** Calls the router as the renderer would, with the reply as it crosses the bridge. */
  invoke(channel: string, input: unknown): Promise<Reply<unknown>>;
  close(): Promise<void>;
}

/** bigint is not JSON: the wire carries decimal strings, so the page gets exactly what IPC gives it. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/**
 * A core of its own (data directory, store, signers); on the training network unless told otherwise.
 * `retentionDays` goes into its settings.json, as a person would set it there.
 */
export async function startTestCore(
  network: NetworkChoice = { kind: 'training' },
  settings: { retentionDays?: number } = {},
): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gk-e2e-'));
  if (settings.retentionDays !== undefined)
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ network, ...settings }));
  const core = await createCore({
    dataDir,
    build: { version: '0.0.0-e2e', commit: 'e2e' },
    network,
    log: silentLogger,
  });
  const invoke = async (channel: string, input: unknown) => wire(await core.router.invoke(channel, input));
  await untilIndexerLive(invoke);
  return {
    core,
    dataDir,
    invoke,
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Serves out/renderer at APP_ORIGIN and binds window.gridkeeper to the core, then opens `hash`. */
export async function openApp(page: Page, test: TestCore, hash = '#/dashboard'): Promise<() => void> {
  await page.route(`${APP_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(RENDERER, path === '/' ? 'index.html' : path);
    if (!file.startsWith(RENDERER)) return route.fulfill({ status: 403 });
    try {
      await route.fulfill({
        body: readFileSync(file),
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  await page.exposeBinding('__gridkeeperInvoke', (_source, channel: string, input: unknown) =>
    test.invoke(channel, input),
  );
  await page.addInitScript(() => {
    type Listener = (payload: unknown) => void;
    const listeners = new Map<string, Set<Listener>>();
    const scope = globalThis as unknown as {
      __gridkeeperInvoke(channel: string, input: unknown): Promise<unknown>;
      __gridkeeperEmit?: (event: string, payload: unknown) => void;
      gridkeeper?: unknown;
    };
    scope.__gridkeeperEmit = (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    scope.gridkeeper = Object.freeze({
      invoke: (channel: string, input: unknown) => scope.__gridkeeperInvoke(channel, input),
      on: (event: string, listener: Listener) => {
        const set = listeners.get(event) ?? new Set<Listener>();
        listeners.set(event, set);
        set.add(listener);
        return () => set.delete(listener);
      },
    });
  });
  const stop = test.core.events.subscribe((event, payload) => {
    page
      .evaluate(
        ([e, p]) =>
          (globalThis as unknown as { __gridkeeperEmit?(e: string, p: unknown): void }).__gridkeeperEmit?.(
            e,
            p,
          ),
        [event, wire(payload)] as const,
      )
      .catch(() => {});
  });
  await page.goto(`${APP_ORIGIN}/index.html${hash}`);
  return stop;
}

/** The indexer has caught up with the chain (pages then show the chain's state, not a backfill). */
async function untilIndexerLive(invoke: TestCore['invoke'], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const reply = await invoke('indexer/status', {});
    if (reply.ok) {
      const status = reply.data as { phase: string; lagBlocks: number | null };
      if (status.phase === 'live' && status.lagBlocks !== null && status.lagBlocks <= 2) return;
      last = `${status.phase}, ${status.lagBlocks} blocks behind`;
    } else last = reply.error.message;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the indexer did not catch up in ${timeoutMs / 1000} s (${last})`);
}
