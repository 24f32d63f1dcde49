import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomValue } from '../../../test/support/malformed-input';
import { randomSource } from '../devnet/random';
import { type CoreClient, startCoreClient } from './core-client';
import { childProcessEndpoint } from './endpoints';
import type { FromCore, ToCore } from './protocol';

const FIXTURE = join(import.meta.dirname, 'testing', 'fake-core-process.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(commit = 'abc123'): {
  core: CoreClient;
  readonly child: ChildProcess;
  dataDir: string;
  spawned: () => number;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'gk-host-'));
  dirs.push(dataDir);
  const forked: ChildProcess[] = [];
  const core = startCoreClient(
    () => {
      const child = fork(FIXTURE, [], {
        execArgv: ['--import', 'tsx'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      forked.push(child);
      return childProcessEndpoint<ToCore, FromCore>(child);
    },
    { dataDir, build: { version: 'test', commit } },
    { maxRestarts: 1 },
  );
  return {
    core,
    get child() {
      return forked.at(-1) as ChildProcess;
    },
    dataDir,
    spawned: () => forked.length,
  };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('core process bridge (child_process.fork, as under the preview; Electron uses the same bridge)', () => {
  it('answers concurrent calls by id, whatever order they finish in', async () => {
    const { core } = start();
    expect((await core.ready).commit).toBe('abc123');
    const slow = core.invoke('test/slow', { ms: 300 });
    const fast = core.invoke('test/echo', { value: { n: 1n, list: [1, 'two'] } });
    expect(await fast).toEqual({ ok: true, data: { n: 1n, list: [1, 'two'] } });
    expect(await slow).toEqual({ ok: true, data: 'slept 300' });
  });

  it('keeps the router’s typed errors for bad input and unknown channels', async () => {
    const { core } = start();
    const bad = await core.invoke('test/slow', { ms: 'soon' });
    expect(bad.ok === false && bad.error.code).toBe('INPUT_INVALID');
    const unknown = await core.invoke('nope/never', {});
    expect(unknown.ok === false && unknown.error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('forwards events, including those emitted while core is starting', async () => {
    const { core } = start();
    const seen: string[] = [];
    core.onEvent((event, payload) => seen.push(`${event}:${(payload as { phase: string }).phase}`));
    await core.ready;
    await core.invoke('test/emit', { phase: 'working' });
    expect(seen).toEqual(['app/progress:starting', 'app/progress:working']);
  });

  it('cancels a call when the caller’s signal aborts', async () => {
    const { core } = start();
    const controller = new AbortController();
    const call = core.invoke('test/slow', { ms: 30_000 }, controller.signal);
    setTimeout(() => controller.abort(), 100);
    const reply = await call;
    expect(reply.ok === false && reply.error.code).toBe('CANCELLED');
  });

  it('reports why core could not start, to `ready` and to every call', async () => {
    const { core } = start('fail');
    await expect(core.ready).rejects.toMatchObject({ code: 'RPC_UNAVAILABLE' });
    const reply = await core.invoke('test/echo', { value: 1 });
    expect(reply).toEqual({ ok: false, error: { code: 'RPC_UNAVAILABLE', message: 'No RPC answered.' } });
  });

  it('on shutdown lets core close before the process exits', async () => {
    const { core, child, dataDir } = start();
    await core.ready;
    const inFlight = core.invoke('test/slow', { ms: 30_000 });
    await core.shutdown(5_000);
    expect(existsSync(join(dataDir, 'closed'))).toBe(true);
    expect(await exited(child)).toBe(0);
    const reply = await inFlight;
    expect(reply.ok === false && reply.error.code).toBe('CANCELLED');
  });

  it('restarts a core process that dies, once, answering pending calls with the reason', async () => {
    const started = start();
    const { core } = started;
    await core.ready;
    const first = started.child;
    const pending = core.invoke('test/slow', { ms: 30_000 });
    void core.invoke('test/crash', {});
    expect(await exited(first)).toBe(3);
    const reply = await pending;
    expect(reply.ok === false && reply.error.message).toMatch(/stopped \(exit code 3\) and was restarted/);
    const crash = await core.invoke('test/previous-crash', {});
    expect(crash).toMatchObject({ ok: true, data: { reason: 'exit code 3' } });
    expect(started.spawned()).toBe(2);

    // The second crash within the window is one too many: core stays stopped.
    void core.invoke('test/crash', {});
    await core.stopped;
    const later = await core.invoke('test/echo', { value: 1 });
    expect(later.ok === false && later.error.message).toMatch(/core process has stopped/);
  });

  it('restarts core after an uncaught exception and tells the new core why', async () => {
    const started = start();
    await started.core.ready;
    const first = started.child;
    await started.core.invoke('test/throw-later', {});
    expect(await exited(first)).toBe(70);
    // The bridge saw the exit first and restarted core: this call waits for the new one.
    expect(await started.core.invoke('test/previous-crash', {})).toMatchObject({
      ok: true,
      data: { reason: 'TypeError: a bug in a timer' },
    });
  });

  it('refuses an input nested too deep to cross to core, and keeps serving', async () => {
    const { core } = start();
    await core.ready;
    let deep: unknown = {};
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const reply = await core.invoke('test/echo', { value: deep });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INPUT_INVALID' } });
    expect(reply.ok === false && reply.error.message).toMatch(/nested deeper than 64 levels/);
    expect(await core.invoke('test/echo', { value: 1 })).toEqual({ ok: true, data: 1 });
  });

  it(
    `survives ${FUZZ_FRAMES} malformed bridge messages and random invokes, without a restart`,
    async () => {
      const started = start();
      await started.core.ready;
      const random = randomSource(1315);
      const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
      let answered = 0;
      for (let i = 0; i < FUZZ_FRAMES; i++) {
        if (random() < 0.5) {
          // Straight onto the IPC channel, past the client: any shape, any type but a real shutdown.
          const message =
            random() < 0.3
              ? randomValue(random)
              : {
                  type: pick(['invoke', 'cancel', 'start', 'nope', undefined]),
                  id: random() < 0.5 ? randomValue(random) : Math.floor(random() * 1e6),
                  channel: random() < 0.5 ? randomValue(random) : 'test/echo',
                  input: randomValue(random),
                  options: randomValue(random),
                };
          // send() takes no undefined, null or bigint at the top: those go wrapped in an array.
          started.child.send((message && typeof message !== 'bigint' ? message : [message]) as object);
        } else {
          const reply = await started.core.invoke(
            pick(['test/echo', 'test/nope', '', '__proto__']),
            random() < 0.5 ? { value: randomValue(random) } : randomValue(random),
          );
          expect(typeof reply.ok).toBe('boolean');
          answered++;
        }
      }
      expect(await started.core.invoke('test/echo', { value: 'alive' })).toEqual({ ok: true, data: 'alive' });
      expect(started.spawned()).toBe(1);
      console.log(`bridge fuzz: ${FUZZ_FRAMES} messages, ${answered} invokes answered, core never restarted`);
    },
    FUZZ_FRAMES * 60 + 60_000,
  );
});

// CI runs 1,000 (seconds); `FUZZ_FRAMES=10000` for the full fuzz.
const FUZZ_FRAMES = Number(process.env.FUZZ_FRAMES ?? 1000);
