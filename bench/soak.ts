// npm run soak -- --minutes N   (outside CI)
// The app's core on the training network with the simulator at 10x its default rate, for N
// minutes. The chain runs in a child process, so the numbers printed every minute are core's own:
// RSS, heap, open handles, the stores' WAL size and the indexer's lag. A leak shows as growth past
// the warm-up; a plateau is what passes.
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCore } from '../electron/core/app';
import { startDevnet } from '../electron/core/devnet';
import { consoleLogger } from '../electron/core/ports/logger';
import { argv, option } from './args';

const DEFAULT_TRADES_PER_SECOND = 2;
const RATE = 10 * DEFAULT_TRADES_PER_SECOND;

if (argv[0] === '--chain-child') {
  const devnet = await startDevnet({ seed: 'full', simulate: { tradesPerSecond: RATE } });
  process.send?.({ rpcUrl: devnet.rpcUrl, chainId: devnet.chainId, deployment: devnet.deployment });
  process.on('message', async () => {
    const stats = devnet.simulator?.stats;
    await devnet.stop();
    process.send?.({ stats });
    process.exit(0);
  });
} else {
  const minutes = Number(option('--minutes') ?? 30);
  const dataDir = mkdtempSync(join(tmpdir(), 'gk-soak-'));
  const chain = fork(import.meta.filename, ['--chain-child'], { execArgv: ['--import', 'tsx'] });
  const started = await new Promise<{ rpcUrl: string; chainId: number; deployment: never }>((resolve) =>
    chain.once('message', (m) => resolve(m as never)),
  );
  const core = await createCore({
    dataDir,
    build: { version: 'soak', commit: 'soak' },
    network: {
      kind: 'rpc',
      name: 'soak',
      chainId: started.chainId,
      rpcUrls: [started.rpcUrl],
      deployment: started.deployment,
      confirmations: 1,
    },
    log: consoleLogger('core', 'warn'),
  });
  const walBytes = () => {
    let total = 0;
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('-wal')) total += statSync(path).size;
      }
    };
    walk(dataDir);
    return total;
  };
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`soak: ${minutes} min, simulator at ${RATE} trades/s (10x), stores in ${dataDir}`);
  console.log('minute  rss_MB  heap_MB  handles  wal_MB  lag_blocks  phase     indexed_block');
  for (let minute = 0; minute <= minutes; minute++) {
    if (minute > 0) await sleep(60_000);
    const status = await core.router.invoke('indexer/status', {});
    const view = status.ok
      ? (status.data as { lagBlocks: number | null; phase: string; indexedBlock?: number | null })
      : { lagBlocks: null, phase: status.error.code, indexedBlock: null };
    const memory = process.memoryUsage();
    console.log(
      [
        String(minute).padStart(6),
        mb(memory.rss).padStart(7),
        mb(memory.heapUsed).padStart(8),
        String(process.getActiveResourcesInfo().length).padStart(8),
        mb(walBytes()).padStart(7),
        String(view.lagBlocks ?? '?').padStart(11),
        `  ${view.phase.padEnd(8)}`,
        String(view.indexedBlock ?? '?').padStart(14),
      ].join(' '),
    );
  }
  await core.close();
  chain.send('stop');
  const { stats } = await new Promise<{ stats: unknown }>((resolve) =>
    chain.once('message', (m) => resolve(m as never)),
  );
  console.log(`simulator: ${JSON.stringify(stats)}`);
  rmSync(dataDir, { recursive: true, force: true });
}
