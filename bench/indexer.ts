// npm run bench:indexer [-- --events N] [-- --json FILE]
// 1. Backfill: a chain (own process) holding N market events emitted in bulk; the real indexer
//    backfills them over HTTP JSON-RPC; prints events/s, the indexer process's peak RSS, db size.
// 2. Charts: a year of trades (1,000,000) written straight into a store with its rollups; prints
//    p50/p99 of market/series for 1 h, 24 h, 30 d and all-time ranges, and the trades table's pages.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from 'better-sqlite3';
import { MARKET_METRICS } from '../electron/core/api/contract/market';
import { RpcClient } from '../electron/core/chain/rpc-client';
import { MarketIndexer } from '../electron/core/indexer/market-indexer';
import { marketSeries, marketTrades } from '../electron/core/indexer/market-queries';
import { syntheticMarketStore } from '../electron/core/indexer/testing/synthetic-market';
import { silentLogger } from '../electron/core/ports/logger';
import { openStore } from '../electron/core/store';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const EVENTS = Number(option('--events') ?? 1_000_000);
const TRADES = Number(option('--trades') ?? 1_000_000);
const jsonFile = option('--json');
const dir = argv[0] === '--backfill-child' ? '' : mkdtempSync(join(tmpdir(), 'gk-bench-indexer-'));

interface ChainInfo {
  rpcUrl: string;
  market: string;
  deploymentBlock: number;
  head: number;
  events: number;
}

async function startChain(): Promise<{ info: ChainInfo; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'indexer-chain.ts'), String(EVENTS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<ChainInfo>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as ChainInfo));
    child.once('exit', (code) => reject(new Error(`bench chain exited (${code})`)));
  });
  return { info, stop: () => child.kill('SIGTERM') };
}

function fileMB(db: Database, file: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(file).size / 2 ** 20;
}

/**
 * The indexer runs in its own process, so its peak RSS is its own. Its live heap stays ~20 MB; the
 * old-space cap only makes V8 collect the garbage of millions of parsed logs before growing the heap,
 * and a small young generation (2 MB semi-spaces instead of V8's up to 32 MB) keeps the short-lived
 * parsed logs from inflating RSS: 305 MB -> 193 MB on 50,000 events, and faster. The app's core
 * process does not pass these flags yet (Electron's utilityProcess takes them as `execArgv`).
 */
const BACKFILL_HEAP_MB = 96;

async function benchBackfill() {
  const started = Date.now();
  const chain = await startChain();
  console.log(
    `chain: ${chain.info.events.toLocaleString()} events in ${chain.info.head - chain.info.deploymentBlock} blocks, generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  try {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${BACKFILL_HEAP_MB}`,
        '--max-semi-space-size=2',
        '--import',
        'tsx',
        import.meta.filename,
        '--backfill-child',
        JSON.stringify(chain.info),
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout });
    return await new Promise<BackfillResult>((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as BackfillResult));
      child.once('exit', (code) => reject(new Error(`backfill process exited (${code})`)));
    });
  } finally {
    chain.stop();
  }
}

interface BackfillResult {
  events: number;
  seconds: number;
  eventsPerSec: number;
  peakRssMB: number;
  dbMB: number;
  tradesStored: number;
}

async function backfillChild(info: ChainInfo, workDir: string): Promise<BackfillResult> {
  const file = join(workDir, 'backfill.sqlite');
  const db = openStore(file);
  const indexer = new MarketIndexer({
    db,
    rpc: new RpcClient({ urls: [info.rpcUrl], log: silentLogger, timeoutMs: 120_000 }),
    chainId: 31337,
    contracts: {
      registry: '0x000000000000000000000000000000000000dEaD',
      token: '0x000000000000000000000000000000000000bEEF',
      market: info.market,
    },
    deploymentBlock: info.deploymentBlock,
    log: silentLogger,
    confirmations: 0,
    concurrency: 2,
  });
  const t0 = performance.now();
  await indexer.syncTo(info.head);
  const seconds = (performance.now() - t0) / 1000;
  const tradesStored = (db.prepare('SELECT COUNT(*) AS n FROM trade_opened').get() as { n: number }).n;
  const result = {
    events: info.events,
    seconds,
    eventsPerSec: info.events / seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    dbMB: fileMB(db, file),
    tradesStored,
  };
  db.close();
  return result;
}

/** A year of trades written straight into the store's tables, with the rollups the indexer would derive. */
function syntheticStore(trades: number): { db: Database; from: number; to: number } {
  const from = 1_735_689_600; // 2025-01-01
  const span = 365 * 86_400;
  const db = syntheticMarketStore(join(dir, 'charts.sqlite'), trades, { to: from + span, spanSeconds: span });
  return { db, from, to: from + span };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function benchCharts() {
  const t0 = performance.now();
  const { db, from, to } = syntheticStore(TRADES);
  console.log(
    `charts store: ${TRADES.toLocaleString()} trades over a year written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const ranges: Record<string, number | null> = { '1h': 3600, '24h': 86_400, '30d': 30 * 86_400, all: null };
  const p50: Record<string, number> = {};
  const p99: Record<string, number> = {};
  let maxPoints = 0;
  for (const [name, seconds] of Object.entries(ranges)) {
    const times: number[] = [];
    for (let i = 0; i < 210; i++) {
      const metric = MARKET_METRICS[i % MARKET_METRICS.length] as (typeof MARKET_METRICS)[number];
      const end =
        seconds === null ? to : from + seconds + Math.floor((i * 7_777_777) % (to - from - seconds));
      const start = performance.now();
      const series = marketSeries(db, {
        metric,
        from: seconds === null ? undefined : end - seconds,
        to: end,
        maxPoints: 2000,
      });
      const ms = performance.now() - start;
      if (i >= 10) times.push(ms); // the first calls warm the statement cache
      maxPoints = Math.max(maxPoints, series.points.length);
    }
    times.sort((a, b) => a - b);
    p50[name] = percentile(times, 50);
    p99[name] = percentile(times, 99);
  }
  const pageTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    marketTrades(db, {
      sortBy: i % 2 ? 'paymentAmount' : 'openedAt',
      sortDir: 'desc',
      status: i % 3 === 0 ? ['open', 'disputed'] : undefined,
      offset: (i * 37_337) % 900_000,
      limit: 200,
    });
    pageTimes.push(performance.now() - start);
  }
  pageTimes.sort((a, b) => a - b);
  db.close();
  return {
    p50,
    p99,
    maxPoints,
    tradesPageP50: percentile(pageTimes, 50),
    tradesPageMax: pageTimes.at(-1) as number,
  };
}

async function main() {
  try {
    const backfill = await benchBackfill();
    console.log(
      `backfill: ${backfill.events.toLocaleString()} events in ${backfill.seconds.toFixed(1)} s = ${Math.round(backfill.eventsPerSec).toLocaleString()} events/s; indexer peak RSS ${backfill.peakRssMB.toFixed(0)} MB; db ${backfill.dbMB.toFixed(0)} MB (${backfill.tradesStored.toLocaleString()} trades)`,
    );
    const charts = benchCharts();
    for (const range of Object.keys(charts.p99))
      console.log(
        `market/series ${range.padEnd(4)} p50 ${charts.p50[range]?.toFixed(2)} ms  p99 ${charts.p99[range]?.toFixed(2)} ms`,
      );
    console.log(
      `at most ${charts.maxPoints} points per series; market/trades page (200 rows, sorted, filtered, deep offset): p50 ${charts.tradesPageP50.toFixed(1)} ms, max ${charts.tradesPageMax.toFixed(1)} ms`,
    );
    if (jsonFile) {
      writeFileSync(
        jsonFile,
        `${JSON.stringify({
          events: backfill.events,
          eventsPerSec: Math.round(backfill.eventsPerSec),
          peakRssMB: Math.round(backfill.peakRssMB),
          dbMB: Math.round(backfill.dbMB),
          queryP99Ms: charts.p99,
        })}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (argv[0] === '--backfill-child') {
  const result = await backfillChild(JSON.parse(argv[1] as string) as ChainInfo, argv[2] as string);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else await main();
