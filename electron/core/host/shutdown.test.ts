// Ctrl+C (SIGINT) or a service stop (SIGTERM) reaches the core process directly (same process group
// as the terminal's preview): it must close its stores before exiting. A store closed cleanly has its
// WAL checkpointed and removed, so the next open replays nothing.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../devnet';
import { quickCheck } from '../store';
import { startCoreClient } from './core-client';
import { childProcessEndpoint } from './endpoints';
import type { FromCore, ToCore } from './protocol';

const CORE_PROCESS = join(import.meta.dirname, 'core-process.ts');
let devnet: Devnet;
const dirs: string[] = [];

beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal' });
});
afterAll(async () => {
  await devnet?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(['SIGINT', 'SIGTERM'] as const)('core killed with %s', (signal) => {
  it('closes every store before exiting: no WAL left to replay, every store sound', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gk-shutdown-'));
    dirs.push(dataDir);
    let child: ChildProcess | undefined;
    const core = startCoreClient(
      () => {
        child = fork(CORE_PROCESS, [], {
          execArgv: ['--import', 'tsx'],
          serialization: 'advanced',
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
        return childProcessEndpoint<ToCore, FromCore>(child);
      },
      {
        dataDir,
        build: { version: 'test', commit: 'test' },
        logLevel: 'warn',
        network: {
          kind: 'rpc',
          name: 'shutdown-test',
          chainId: devnet.chainId,
          rpcUrls: [devnet.rpcUrl],
          deployment: devnet.deployment,
          confirmations: 1,
        },
      },
    );
    await core.ready;
    // The indexer is writing and the stores are open with their WAL.
    await expect
      .poll(
        async () => {
          const status = await core.invoke('indexer/status', {});
          return status.ok && (status.data as { phase: string }).phase;
        },
        { timeout: 60_000 },
      )
      .toBe('live');
    const stores = join(dataDir, 'stores');
    expect(readdirSync(stores).some((f) => f.endsWith('-wal'))).toBe(true);

    const exit = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill(signal);
    expect(await exit).toBe(0);
    await core.stopped;

    const files = readdirSync(stores);
    expect(files.filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
    const sqlite = files.filter((f) => f.endsWith('.sqlite'));
    expect(sqlite.length).toBe(2); // the records store and the market index store
    for (const file of sqlite) expect(quickCheck(join(stores, file)), file).toBeUndefined();
  }, 120_000);
});
