// npm run bench:live [-- --minutes 5 --rate 100 --block-ms 2000 --range 24h --json FILE --profile DIR]
// (outside CI)
// The app live at the market's peak: the training network (bench/live-chain.ts, its own process)
// driven at `rate` trades/s, the built preview's core (its own process, started with the core
// process's V8 flags) following it as an RPC network, and the dashboard open in Chromium.
// Clocks: all times are epoch milliseconds from Date.now() of one machine's clock, read in three
// processes: the chain process when evm_mine has returned (block mined), the core when the commit
// holding the block has returned (its `indexer: stored` debug line), the page's
// performance.timeOrigin + the chart mark's startTime (the chart has drawn a series reaching the
// block's timestamp: the mark is made in the task after the chart's turn, once recharts' own
// re-renders of that turn are in the DOM; all five charts counted, so the last chart's mark). Prints p50/p99 of both, the achieved trades/s, the
// page's long tasks and the core's RSS, and writes them as JSON with --json.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import type { CoreDiagnostics } from '../electron/core/api/contract';
import { CORE_PROCESS_EXEC_ARGV } from '../electron/core/host/core-process-flags';
import { STORED_MESSAGE, TRAINING_CONFIRMATIONS } from '../electron/core/indexer';
import {
  type ChartUpdate,
  type LongTask,
  observeChartUpdates,
  takeChartUpdates,
} from '../test/e2e/support/chart-updates';
import { option } from './args';
import type { FromChain, MinedBlock, ToChain } from './live-chain';
import { percentile } from './percentile';

const ROOT = resolve(import.meta.dirname, '..');
const MINUTES = Number(option('--minutes') ?? 5);
const RATE = Number(option('--rate') ?? 100);
const BLOCK_MS = Number(option('--block-ms') ?? 2_000);
const RANGE = option('--range') ?? '24h';
const jsonFile = option('--json');
/** A folder for CPU profiles of the page (page.cpuprofile) and of the preview and core processes. */
const profileDir = option('--profile');
const METRICS = ['energyWh', 'vwapPerKWh', 'trades', 'escrowLocked', 'openDisputes'];
const TARGET_P99_MS = 1_000;
const LONG_TASK_BUDGET_MS = 200;
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];

const dataDir = mkdtempSync(join(tmpdir(), 'gk-bench-live-'));
const children: ChildProcess[] = [];
const cleanUp = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
};
process.on('exit', cleanUp);

// 1. The training network, set up for peak load.
console.log('bench:live: starting the training network (seeded market, then the large offers)…');
const chain = fork(join(import.meta.dirname, 'live-chain.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
children.push(chain);
const blocks: MinedBlock[] = [];
let chainDone: ((m: Extract<FromChain, { kind: 'done' }>) => void) | null = null;
const ready = await new Promise<Extract<FromChain, { kind: 'ready' }>>((resolveReady, reject) => {
  chain.once('exit', (code) => reject(new Error(`the chain process exited (${code})`)));
  chain.on('message', (message: FromChain) => {
    if (message.kind === 'ready') resolveReady(message);
    else if (message.kind === 'block') blocks.push(message.block);
    else chainDone?.(message);
  });
});
console.log(`  ${ready.rpcUrl}: ${ready.sellers} sellers with one large offer each, ${ready.buyers} buyers`);

// 2. The preview (core in its own process) on that chain, as an RPC network the owner configured.
writeFileSync(
  join(dataDir, 'settings.json'),
  JSON.stringify({
    network: {
      kind: 'rpc',
      name: 'Training network (bench)',
      chainId: ready.chainId,
      rpcUrls: [ready.rpcUrl],
      deployment: ready.deployment,
      confirmations: TRAINING_CONFIRMATIONS,
    },
  }),
);
const preview = spawn(process.execPath, ['scripts/start.mjs', '--preview', '--no-build', '--port', '0'], {
  cwd: ROOT,
  env: {
    ...process.env,
    GRIDKEEPER_DATA_DIR: dataDir,
    GRIDKEEPER_LOG_LEVEL: 'debug',
    ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(profileDir)}` } : {}),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
children.push(preview);
/** The core's commits, in order: blocks up to toBlock readable as of storedAt. */
const stored: Array<{ toBlock: number; storedAt: number }> = [];
const problems: string[] = [];
createInterface({ input: preview.stderr as NodeJS.ReadableStream }).on('line', (line) => {
  if (!line.startsWith('{')) return;
  const entry = JSON.parse(line) as { level: string; message: string; toBlock?: number; storedAt?: number };
  if (entry.message === STORED_MESSAGE)
    stored.push({ toBlock: entry.toBlock ?? 0, storedAt: entry.storedAt ?? 0 });
  else if (entry.level === 'warn' || entry.level === 'error') problems.push(line);
});
let stdout = '';
preview.stdout?.on('data', (chunk) => {
  stdout += chunk;
});
const until = async (what: string, condition: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`bench:live: timed out waiting for ${what}\n${stdout}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
await until('the preview', () => stdout.includes('Core is ready'), 120_000);
const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout)?.[0] ?? 'http://missing');
const head = Number(
  (
    (await (
      await fetch(ready.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      })
    ).json()) as { result: string }
  ).result,
);
await until(
  'the indexer to catch up with the seeded history',
  () => (stored.at(-1)?.toBlock ?? 0) >= head,
  300_000,
);

// 3. The dashboard in Chromium, observing its chart marks and long tasks from the first script.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await observeChartUpdates(page);
url.hash = `#/dashboard?range=${RANGE}`;
await page.goto(url.href);
await page.locator('.chart-box svg.recharts-surface').nth(4).waitFor({ timeout: 60_000 });
const diagnostics = (
  (await page.evaluate(() =>
    (
      globalThis as unknown as { gridkeeper: { invoke: (c: string, i: unknown) => unknown } }
    ).gridkeeper.invoke('app/diagnostics', {}),
  )) as { data: CoreDiagnostics }
).data;
const flagsApplied = CORE_PROCESS_EXEC_ARGV.every((flag) => diagnostics.execArgv.includes(flag));
const rssOf = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(line?.[1] ?? 0) * 1024;
};
await takeChartUpdates(page); // what loading drew is not the run

const profiler = profileDir ? await page.context().newCDPSession(page) : null;
if (profiler) {
  await profiler.send('Profiler.enable');
  await profiler.send('Profiler.start');
}

// 4. The run.
console.log(
  `bench:live: ${MINUTES} min at ${RATE} trades/s, a block every ${BLOCK_MS} ms; core pid ${diagnostics.pid} with ${diagnostics.execArgv.join(' ') || '(no flags)'}; dashboard range ${RANGE}`,
);
console.log('minute  blocks  trades/s  stored_p50_ms  chart_p50_ms  long_tasks  core_rss_MB');
const firstRunBlock = blocks.length;
const updates: ChartUpdate[] = [];
const longTasks: LongTask[] = [];
const rss: number[] = [rssOf(diagnostics.pid)];
const runStart = Date.now();
const done = new Promise<Extract<FromChain, { kind: 'done' }>>((r) => {
  chainDone = r;
});
chain.send({ kind: 'go', seconds: MINUTES * 60, rate: RATE, blockMs: BLOCK_MS } satisfies ToChain);
const collect = async () => {
  const taken = await takeChartUpdates(page);
  updates.push(...taken.updates);
  longTasks.push(...taken.longTasks);
  rss.push(rssOf(diagnostics.pid));
};
let finished = false;
void done.then(() => {
  finished = true;
});
for (let minute = 1; !finished; minute++) {
  const at = runStart + minute * 60_000;
  while (!finished && Date.now() < at) {
    await new Promise((r) => setTimeout(r, 5_000));
    await collect();
  }
  const run = blocks.slice(firstRunBlock);
  const latencies = measure(run);
  const trades = run.reduce((sum, b) => sum + b.trades, 0);
  console.log(
    [
      String(minute).padStart(6),
      String(run.length).padStart(7),
      (trades / ((Date.now() - runStart) / 1000)).toFixed(1).padStart(9),
      fmt(percentile(latencies.stored, 50)).padStart(14),
      fmt(percentile(latencies.chart, 50)).padStart(13),
      String(longTasks.length).padStart(11),
      (Math.max(...rss) / 1024 / 1024).toFixed(0).padStart(12),
    ].join(' '),
  );
}
const { sent, failedToSend } = await done;
// The last block's commit and charts: wait for them (bounded), then read the page once more.
const last = blocks.at(-1) as MinedBlock;
await until('the last block to be stored', () => (stored.at(-1)?.toBlock ?? 0) >= last.number, 30_000).catch(
  () => undefined,
);
await new Promise((r) => setTimeout(r, 3_000));
await collect();
const runEnd = Date.now();
if (profiler && profileDir) {
  const { profile } = await profiler.send('Profiler.stop');
  writeFileSync(join(profileDir, 'page.cpuprofile'), JSON.stringify(profile));
}
await browser.close();
preview.kill('SIGINT');
chain.disconnect();

// 5. The numbers.
const run = blocks.slice(firstRunBlock);
const latencies = measure(run);
const keptPace = measure(run.filter((b) => b.mineMs < BLOCK_MS));
const trades = run.reduce((sum, b) => sum + b.trades, 0);
const seconds = ((last.minedAt - runStart) / 1000) as number;
const during = longTasks.filter((t) => t.at >= runStart && t.at <= runEnd);
const longest = Math.max(0, ...during.map((t) => t.durationMs));
const summary = (values: number[]) => ({
  count: values.length,
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: values.at(-1) ?? null,
});
const result = {
  minutes: MINUTES,
  targetTradesPerSecond: RATE,
  blockMs: BLOCK_MS,
  blocks: run.length,
  trades,
  tradesPerSecond: trades / seconds,
  transactionsSent: sent,
  sendsRefused: failedToSend,
  tradesPerBlock: summary(run.map((b) => b.trades).sort((a, b) => a - b)),
  blockGasUsedMax: Math.max(...run.map((b) => b.gasUsed)),
  blockGasLimit: run[0]?.gasLimit ?? null,
  mineMs: summary(latencies.mine),
  blockToStoredMs: summary(latencies.stored),
  blockToChartMs: summary(latencies.chart),
  /** The same, over the blocks the chain mined in less than blockMs (it kept pace: no queue of reads behind it). */
  whileChainKeptPace: {
    blocks: latencies.perBlock.filter((b) => b.mineMs < BLOCK_MS).length,
    blockToStoredMs: summary(keptPace.stored),
    blockToChartMs: summary(keptPace.chart),
  },
  blocksNeverStored: latencies.neverStored,
  blocksNeverCharted: latencies.neverCharted,
  longTasks: {
    count: during.length,
    maxMs: longest,
    over200Ms: during.filter((t) => t.durationMs > LONG_TASK_BUDGET_MS).length,
    longestMs: during
      .map((t) => Math.round(t.durationMs))
      .sort((a, b) => b - a)
      .slice(0, 20),
  },
  coreRssMb: {
    start: (rss[0] as number) / 1024 / 1024,
    max: Math.max(...rss) / 1024 / 1024,
    end: (rss.at(-1) as number) / 1024 / 1024,
  },
  core: {
    pid: diagnostics.pid,
    execArgv: diagnostics.execArgv,
    flagsApplied,
    heapSizeLimitMb: diagnostics.heapSizeLimitBytes / 1024 / 1024,
  },
  range: RANGE,
  chartUpdates: updates.length,
  coreWarnings: problems.length,
  perBlock: latencies.perBlock,
};
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
console.log(`
bench:live result (${MINUTES} min, ${run.length} blocks)
  trades/s achieved          ${result.tradesPerSecond.toFixed(1)} (target ${RATE}; ${trades.toLocaleString()} trades, ${result.tradesPerBlock.p50} per block p50, block gas ${result.blockGasUsedMax.toLocaleString()} of ${result.blockGasLimit?.toLocaleString()})
  mining a block (evm_mine)  p50 ${fmt(result.mineMs.p50)} ms, p99 ${fmt(result.mineMs.p99)} ms (latencies count from its end)
  block → stored             p50 ${fmt(result.blockToStoredMs.p50)} ms, p99 ${fmt(result.blockToStoredMs.p99)} ms, max ${fmt(result.blockToStoredMs.max)} ms (${verdict(result.blockToStoredMs.p99 < TARGET_P99_MS)}: p99 < ${TARGET_P99_MS} ms)
  block → chart (all five)   p50 ${fmt(result.blockToChartMs.p50)} ms, p99 ${fmt(result.blockToChartMs.p99)} ms, max ${fmt(result.blockToChartMs.max)} ms (${verdict(result.blockToChartMs.p99 < TARGET_P99_MS)})
  while the chain kept pace  ${result.whileChainKeptPace.blocks} blocks mined in < ${BLOCK_MS} ms: stored p99 ${fmt(result.whileChainKeptPace.blockToStoredMs.p99)} ms, chart p99 ${fmt(result.whileChainKeptPace.blockToChartMs.p99)} ms
  long tasks in the page     ${during.length} (${result.longTasks.over200Ms} over ${LONG_TASK_BUDGET_MS} ms), longest ${longest.toFixed(0)} ms (${verdict(longest <= LONG_TASK_BUDGET_MS)}: none > ${LONG_TASK_BUDGET_MS} ms)
  core RSS                   ${result.coreRssMb.start.toFixed(0)} MB at the start, ${result.coreRssMb.max.toFixed(0)} MB max, ${result.coreRssMb.end.toFixed(0)} MB at the end (flags ${flagsApplied ? 'applied' : 'MISSING'}: ${diagnostics.execArgv.join(' ')})
  not stored / not charted   ${latencies.neverStored} / ${latencies.neverCharted} blocks; core warnings ${problems.length}`);
for (const line of problems.slice(0, 5)) console.log(`  core: ${line}`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

/** Per block mined during the run: ms until its commit returned, and until all five charts drew it. */
function measure(run: MinedBlock[]) {
  const perBlock: Array<{
    block: number;
    trades: number;
    mineMs: number;
    storedMs: number | null;
    chartMs: number | null;
  }> = [];
  let s = 0;
  for (const block of run) {
    while (s < stored.length && (stored[s] as { toBlock: number }).toBlock < block.number) s++;
    const commit = stored[s];
    const drawn = METRICS.map(
      (metric) =>
        updates.find((u) => u.metric === metric && u.to >= block.timestamp && u.at >= block.minedAt)?.at,
    );
    perBlock.push({
      block: block.number,
      trades: block.trades,
      mineMs: block.mineMs,
      storedMs: commit ? commit.storedAt - block.minedAt : null,
      chartMs: drawn.every((at) => at !== undefined)
        ? Math.max(...(drawn as number[])) - block.minedAt
        : null,
    });
  }
  const sorted = (values: Array<number | null>) =>
    values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    perBlock,
    stored: sorted(perBlock.map((b) => b.storedMs)),
    chart: sorted(perBlock.map((b) => b.chartMs)),
    mine: sorted(perBlock.map((b) => b.mineMs)),
    neverStored: perBlock.filter((b) => b.storedMs === null).length,
    neverCharted: perBlock.filter((b) => b.chartMs === null).length,
  };
}

function fmt(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : ms.toFixed(0);
}
