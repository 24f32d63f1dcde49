// npm run bench:indexer [-- --events N] [-- --json FILE] [-- --in-flight N (eth_getLogs requests in flight, every mode; 2)]
// 1. Backfill: a chain (own process) holding N market events emitted in bulk. On that chain, in the
//    same run and each in its own process: fetch-and-discard (eth_getLogs, JSON.parse, count),
//    fetch-parse-insert (raw rows into SQLite, one transaction per answer) and the real indexer,
//    each baseline run before and after the indexer (the machine is shared: their mean is the base).
//    Prints events/s (the indexer's as a fraction of each baseline), each process's peak RSS and
//    disk bytes written (/proc/self/io), the db size, and at every million stored events the
//    throughput of that million, the RSS and the p99 of the list pages at that depth. The indexer
//    pauses at each million (still a backfill: its deferred indexes stay dropped, as in one backfill
//    to the head) while another process copies the store (VACUUM INTO), rebuilds the indexes on the
//    copy with the store's own code and times the pages there; that process's time, memory and disk
//    writes are not the indexer's (the kernel adds a reaped child's writes to its parent's
//    /proc/self/io: they are measured around the child and subtracted). The one rebuild when the backfill reaches the head is counted in
//    the indexer's events/s and bytes written, and shown on its own beside the last million.
// 2. Charts: a year of trades (1,000,000) written straight into a store with its rollups, and
//    200,000 audit entries; prints p50/p99 of market/series for 1 h, 24 h, 30 d and all-time ranges,
//    and of the list pages (the audit log's included).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { MARKET_METRICS } from '../electron/core/api/contract/market';
import { RpcClient } from '../electron/core/chain/rpc-client';
import { CORE_PROCESS_ENV, CORE_PROCESS_EXEC_ARGV } from '../electron/core/host/core-process-flags';
import { TARGET_LOGS_PER_ANSWER } from '../electron/core/indexer/backfill';
import type { RpcLog } from '../electron/core/indexer/decode';
import { IndexStore } from '../electron/core/indexer/index-store';
import { INDEXES_RESTORED_MESSAGE, MarketIndexer } from '../electron/core/indexer/market-indexer';
import { syntheticMarketStore } from '../electron/core/indexer/testing/synthetic-market';
import { marketSeries } from '../electron/core/market/queries';
import { type Logger, silentLogger } from '../electron/core/ports/logger';
import { openStore } from '../electron/core/store';
import { argv, option } from './args';
import { fillAuditLog, pageTimes } from './list-pages';
import { percentile } from './percentile';

const EVENTS = Number(option('--events') ?? 1_000_000);
const TRADES = Number(option('--trades') ?? 1_000_000);
/**
 * Audit entries in the charts store (the audit log shares the chain's store; kept out of the
 * indexer's, whose size is per market event): ten years of a consortium recording ~50 steps a day
 * (proposals, signatures, executions), 1 in 10 naming a Safe tx.
 */
const AUDIT_ENTRIES = Number(option('--audit') ?? 200_000);
const jsonFile = option('--json');
/** eth_getLogs requests in flight, in every mode (the baselines' and the indexer's alike). */
const IN_FLIGHT = Number(option('--in-flight') ?? 2);
const dir = argv[0] === '--child' ? '' : mkdtempSync(join(tmpdir(), 'gk-bench-indexer-'));

interface ChainInfo {
  rpcUrl: string;
  market: string;
  deploymentBlock: number;
  head: number;
  events: number;
  /** Rows each event table holds once every emitted event is indexed. */
  tables: Record<string, number>;
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

/** Bytes this process caused to be written to disk so far (the kernel's count, /proc/self/io). */
function diskBytesWritten(): number {
  const line = readFileSync('/proc/self/io', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('write_bytes:'));
  return Number(line?.split(':')[1] ?? 0);
}

const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

/** CPU seconds this process has used, all its threads, user and system. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

type Mode = 'fetch' | 'insert' | 'indexer';

interface GrowthEntry {
  /** Events stored when measured. */
  events: number;
  /** Throughput of the backfill over the million just stored (the final index rebuild apart). */
  eventsPerSec: number;
  /** Seconds spent rebuilding the deferred indexes in this million (once, when the head is reached). */
  indexRebuildSeconds: number;
  /** Disk bytes the indexer wrote over this million (/proc/self/io). */
  bytesWritten: number;
  rssMB: number;
  /** p99 of the list pages at this depth (first, middle and last pages, every filter). */
  pageP99Ms: number;
  pageMaxMs: number;
  /** Which page took pageMaxMs. */
  slowestPage: string;
}

interface RunResult {
  mode: Mode;
  events: number;
  seconds: number;
  eventsPerSec: number;
  peakRssMB: number;
  /**
   * CPU time of the run's process (every thread; the node's apart) per event, in µs: less swayed
   * than events/s by what else the machine runs.
   */
  cpuMicrosPerEvent: number;
  bytesWritten: number;
  dbMB: number;
  growth: GrowthEntry[];
}

/** The indexer's run and each baseline's two runs, one before and one after it. */
interface BackfillRuns {
  indexer: RunResult;
  fetch: RunResult[];
  insert: RunResult[];
}

/**
 * The baselines run before and after the indexer (fetch, insert, indexer, fetch, insert): on a
 * shared machine a baseline swings ±15% within minutes, and their mean brackets the indexer's run.
 */
async function benchBackfill(): Promise<BackfillRuns> {
  const started = Date.now();
  const chain = await startChain();
  console.log(
    `chain: ${chain.info.events.toLocaleString()} events in ${chain.info.head - chain.info.deploymentBlock} blocks, generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const run = async (mode: Mode) => {
    const r = await runChild(mode, chain.info);
    console.log(
      `${mode.padEnd(7)} ${Math.round(r.eventsPerSec).toLocaleString().padStart(8)} events/s  ${r.seconds.toFixed(1)} s  peak RSS ${r.peakRssMB.toFixed(0)} MB  CPU ${r.cpuMicrosPerEvent.toFixed(1)} µs/event  written ${(r.bytesWritten / 2 ** 20).toFixed(0)} MB  db ${r.dbMB.toFixed(0)} MB`,
    );
    return r;
  };
  try {
    const fetchBefore = await run('fetch');
    const insertBefore = await run('insert');
    const indexer = await run('indexer');
    const fetchAfter = await run('fetch');
    const insertAfter = await run('insert');
    return { indexer, fetch: [fetchBefore, fetchAfter], insert: [insertBefore, insertAfter] };
  } finally {
    chain.stop();
  }
}

/** Each run in its own process, so its RSS and disk writes are its own. */
async function runChild(mode: Mode, info: ChainInfo): Promise<RunResult> {
  const child = spawn(
    process.execPath,
    [
      ...CORE_PROCESS_EXEC_ARGV,
      '--import',
      'tsx',
      import.meta.filename,
      '--child',
      mode,
      JSON.stringify(info),
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...CORE_PROCESS_ENV } },
  );
  const lines = createInterface({ input: child.stdout });
  return await new Promise<RunResult>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as RunResult));
    child.once('exit', (code) => reject(new Error(`${mode} process exited (${code})`)));
  });
}

/** The baselines' ranges: as many blocks as hold the logs the indexer's ranges converge on. */
function fixedRanges(info: ChainInfo): [number, number][] {
  const perBlock = info.events / Math.max(1, info.head - info.deploymentBlock);
  const size = Math.max(1, Math.round(TARGET_LOGS_PER_ANSWER / perBlock));
  const ranges: [number, number][] = [];
  for (let from = info.deploymentBlock; from <= info.head; from += size)
    ranges.push([from, Math.min(info.head, from + size - 1)]);
  return ranges;
}

/** One eth_getLogs answer, parsed; a reset connection (a kept-alive socket the server closed) is retried. */
async function getLogs(info: ChainInfo, from: number, to: number, attempt = 1): Promise<RpcLog[]> {
  try {
    const response = await fetch(info.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: from,
        method: 'eth_getLogs',
        params: [
          { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, address: info.market },
        ],
      }),
    });
    return (JSON.parse(await response.text()) as { result: RpcLog[] }).result;
  } catch (error) {
    if (attempt >= 5) throw error;
    return getLogs(info, from, to, attempt + 1);
  }
}

/** eth_getLogs over fixed ranges, IN_FLIGHT at a time (as the indexer), handing each parsed answer over. */
async function fetchAll(info: ChainInfo, onLogs: (logs: RpcLog[]) => void): Promise<number> {
  const ranges = fixedRanges(info);
  let next = 0;
  let events = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const [from, to] = ranges[next++] as [number, number];
      const logs = await getLogs(info, from, to);
      events += logs.length;
      onLogs(logs);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return events;
}

async function runMode(mode: Mode, info: ChainInfo, workDir: string): Promise<RunResult> {
  const file = join(workDir, `${mode}.sqlite`);
  const written0 = diskBytesWritten();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let events = info.events;
  let db: Database | null = null;
  let growth: GrowthEntry[] = [];
  let measuringSeconds = 0;
  let measuringBytes = 0;
  let measuringCpu = 0;
  if (mode === 'fetch') events = await fetchAll(info, () => undefined);
  else if (mode === 'insert') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE logs (block_number INTEGER, log_index INTEGER, block_hash TEXT, tx_hash TEXT,
      address TEXT, topics TEXT, data TEXT, PRIMARY KEY (block_number, log_index)) WITHOUT ROWID`);
    const insert = db.prepare('INSERT INTO logs VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertAll = db.transaction((logs: RpcLog[]) => {
      for (const l of logs)
        insert.run(
          Number(l.blockNumber),
          Number(l.logIndex),
          l.blockHash,
          l.transactionHash,
          l.address,
          l.topics.join(','),
          l.data,
        );
    });
    events = await fetchAll(info, insertAll);
  } else {
    db = openStore(file);
    ({ growth, measuringSeconds, measuringBytes, measuringCpu } = await indexInMillions(db, info));
    assertEveryEventStored(db, info);
  }
  const seconds = (performance.now() - t0) / 1000 - measuringSeconds;
  const result: RunResult = {
    mode,
    events,
    seconds,
    eventsPerSec: events / seconds,
    peakRssMB: peakRssMB(),
    cpuMicrosPerEvent: ((cpuSeconds() - cpu0 - measuringCpu) * 1e6) / events,
    bytesWritten: 0,
    dbMB: db ? fileMB(db, file) : 0,
    growth,
  };
  db?.close();
  result.bytesWritten = diskBytesWritten() - written0 - measuringBytes;
  return result;
}

/**
 * Refuses a run in which the indexer did not store every event the chain emitted (an event the
 * catalog does not know is skipped, and the run would time less work than the baselines did).
 */
function assertEveryEventStored(db: Database, info: ChainInfo): void {
  for (const [table, expected] of Object.entries(info.tables)) {
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
    if (n !== expected)
      throw new Error(`the indexer stored ${n} rows in ${table}, the chain emitted ${expected}`);
  }
}

/**
 * The real indexer, paused at every million events (block boundaries: the chain's events are spread
 * evenly) to measure the pages at that depth on a copy (`pagesOnSnapshot`, another process); the
 * measuring is not counted in the throughput. A pause below the head is not caught up: the backfill
 * keeps its indexes deferred, and rebuilds them once, when it reaches the head (timed on its own).
 */
async function indexInMillions(
  db: Database,
  info: ChainInfo,
): Promise<{
  growth: GrowthEntry[];
  measuringSeconds: number;
  measuringBytes: number;
  measuringCpu: number;
}> {
  let rebuildMs = 0;
  const log: Logger = {
    ...silentLogger,
    info(message, fields) {
      if (message === INDEXES_RESTORED_MESSAGE) rebuildMs += Number(fields?.ms ?? 0);
    },
  };
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
    log,
    confirmations: 0,
    concurrency: IN_FLIGHT,
  });
  const blocks = info.head - info.deploymentBlock + 1;
  const growth: GrowthEntry[] = [];
  let measuring = 0;
  let measuringBytes = 0;
  let measuringCpu = 0;
  for (let million = 1; ; million++) {
    // The chain's last few thousand events (it emits whole transactions) go with the last million.
    const events = info.events - million * 1_000_000 < 100_000 ? info.events : million * 1_000_000;
    const target = info.deploymentBlock - 1 + Math.ceil((events / info.events) * blocks);
    const t0 = performance.now();
    const rebuilt0 = rebuildMs;
    const written0 = diskBytesWritten();
    await indexer.syncTo(target);
    const bytesWritten = diskBytesWritten() - written0;
    const seconds = (performance.now() - t0) / 1000;
    const rebuildSeconds = (rebuildMs - rebuilt0) / 1000;
    const m0 = performance.now();
    const mBytes0 = diskBytesWritten();
    const mCpu0 = cpuSeconds();
    const pages = await pagesOnSnapshot(db.name);
    measuringBytes += diskBytesWritten() - mBytes0;
    growth.push({
      events,
      eventsPerSec: (events - (million - 1) * 1_000_000) / (seconds - rebuildSeconds),
      indexRebuildSeconds: rebuildSeconds,
      bytesWritten,
      rssMB: process.memoryUsage.rss() / 2 ** 20,
      pageP99Ms: percentile(pages.times, 99),
      pageMaxMs: pages.times.at(-1) as number,
      slowestPage: pages.slowest,
    });
    // As it goes (stderr: stdout carries the result), so a long run shows its growth before it ends.
    const g = growth.at(-1) as GrowthEntry;
    console.error(
      `  indexer at ${(events / 1e6).toFixed(1)}M: ${Math.round(g.eventsPerSec)} events/s${g.indexRebuildSeconds ? ` + ${g.indexRebuildSeconds.toFixed(1)} s index rebuild` : ''}, written ${(g.bytesWritten / 2 ** 20).toFixed(0)} MB, RSS ${g.rssMB.toFixed(0)} MB, pages p99 ${g.pageP99Ms.toFixed(1)} ms (max ${g.pageMaxMs.toFixed(1)}: ${g.slowestPage}), db ${fileMB(db, db.name).toFixed(0)} MB, ${new Date().toISOString()}`,
    );
    measuring += performance.now() - m0;
    measuringCpu += cpuSeconds() - mCpu0;
    if (events >= info.events) break;
  }
  return { growth, measuringSeconds: measuring / 1000, measuringBytes, measuringCpu };
}

/**
 * The list pages of the store in `file` at its current depth, timed in another process (its time,
 * memory and disk writes are not the indexer's) on a copy made with VACUUM INTO, whose deferred
 * indexes are rebuilt with the store's own code first: the pages as they are once a backfill that
 * stopped here has caught up. The copy is deleted.
 */
async function pagesOnSnapshot(file: string): Promise<{ times: number[]; slowest: string }> {
  const child = spawn(
    process.execPath,
    [...CORE_PROCESS_EXEC_ARGV, '--import', 'tsx', import.meta.filename, '--child', 'pages', file],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...CORE_PROCESS_ENV } },
  );
  const lines = createInterface({ input: child.stdout });
  // Settled once the child is reaped: the kernel adds a reaped child's disk writes to its parent's
  // /proc/self/io, so the caller's count around this call must include all of them to leave them out.
  return await new Promise((resolve, reject) => {
    let pages: { times: number[]; slowest: string } | undefined;
    lines.once('line', (line) => {
      pages = JSON.parse(line) as { times: number[]; slowest: string };
    });
    child.once('exit', (code) =>
      pages && code === 0 ? resolve(pages) : reject(new Error(`pages process exited (${code})`)),
    );
  });
}

function pagesOfCopy(file: string): { times: number[]; slowest: string } {
  const copyDir = mkdtempSync(join(dirname(file), 'pages-'));
  try {
    const copy = join(copyDir, 'copy.sqlite');
    const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      source.prepare('VACUUM INTO ?').run(copy);
    } finally {
      source.close();
    }
    const db = openStore(copy);
    try {
      new IndexStore(db).restoreIndexes();
      return pageTimes(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
}

/** A year of trades written straight into the store's tables, with the rollups the indexer would derive. */
function syntheticStore(trades: number): { db: Database; from: number; to: number } {
  const from = 1_735_689_600; // 2025-01-01
  const span = 365 * 86_400;
  const db = syntheticMarketStore(join(dir, 'charts.sqlite'), trades, { to: from + span, spanSeconds: span });
  fillAuditLog(db, AUDIT_ENTRIES);
  return { db, from, to: from + span };
}

function benchCharts() {
  const t0 = performance.now();
  const { db, from, to } = syntheticStore(TRADES);
  console.log(
    `charts store: ${TRADES.toLocaleString()} trades over a year and ${AUDIT_ENTRIES.toLocaleString()} audit entries written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
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
  const pages = pageTimes(db);
  db.close();
  return {
    p50,
    p99,
    maxPoints,
    pageP50: percentile(pages.times, 50),
    pageP99: percentile(pages.times, 99),
    slowestPage: pages.slowest,
  };
}

const meanEventsPerSec = (runs: RunResult[]) =>
  runs.reduce((sum, r) => sum + r.eventsPerSec, 0) / runs.length;
const percentOf = (run: RunResult, base: number) => `${((100 * run.eventsPerSec) / base).toFixed(0)}%`;

async function main() {
  try {
    const runs = await benchBackfill();
    const gk = runs.indexer;
    const fetchOnly = meanEventsPerSec(runs.fetch);
    const fetchParseInsert = meanEventsPerSec(runs.insert);
    const fraction = (base: RunResult[]) =>
      `${percentOf(gk, meanEventsPerSec(base))} (${base.map((b) => percentOf(gk, b.eventsPerSec)).join(' and ')} of its runs before and after)`;
    console.log(
      `indexer: ${Math.round(gk.eventsPerSec).toLocaleString()} events/s = ${fraction(runs.fetch)} of fetch-and-discard (${Math.round(fetchOnly).toLocaleString()}), ${fraction(runs.insert)} of fetch-parse-insert (${Math.round(fetchParseInsert).toLocaleString()}), same chain, same run`,
    );
    const meanCpu = (runs: RunResult[]) =>
      runs.reduce((sum, r) => sum + r.cpuMicrosPerEvent, 0) / runs.length;
    console.log(
      `indexer: ${gk.cpuMicrosPerEvent.toFixed(1)} µs of CPU per event in its process (all threads), fetch-parse-insert ${meanCpu(runs.insert).toFixed(1)}, fetch-and-discard ${meanCpu(runs.fetch).toFixed(1)} (means of their runs; the node's CPU apart)`,
    );
    const dbMBPer1M = gk.dbMB / (gk.events / 1_000_000);
    console.log(
      `indexer: peak RSS ${gk.peakRssMB.toFixed(0)} MB; disk written ${(gk.bytesWritten / 2 ** 20).toFixed(0)} MB = ${(gk.bytesWritten / 2 ** 20 / gk.dbMB).toFixed(2)}x the final db (${gk.dbMB.toFixed(0)} MB, ${dbMBPer1M.toFixed(0)} MB per 1M events)`,
    );
    for (const g of gk.growth)
      console.log(
        `  at ${(g.events / 1e6).toFixed(1)}M stored: ${Math.round(g.eventsPerSec).toLocaleString()} events/s over that million${g.indexRebuildSeconds ? ` (then ${g.indexRebuildSeconds.toFixed(1)} s rebuilding the deferred indexes, in the total)` : ''}, RSS ${g.rssMB.toFixed(0)} MB, list pages p99 ${g.pageP99Ms.toFixed(1)} ms (max ${g.pageMaxMs.toFixed(1)} ms: ${g.slowestPage})`,
      );
    const charts = benchCharts();
    for (const range of Object.keys(charts.p99))
      console.log(
        `market/series ${range.padEnd(4)} p50 ${charts.p50[range]?.toFixed(2)} ms  p99 ${charts.p99[range]?.toFixed(2)} ms`,
      );
    console.log(
      `at most ${charts.maxPoints} points per series; list pages (100 rows, first and after a cursor at 50%/99%, each sort and filter): p50 ${charts.pageP50.toFixed(1)} ms, p99 ${charts.pageP99.toFixed(1)} ms (slowest: ${charts.slowestPage})`,
    );
    const pageP99Ms = Math.max(charts.pageP99, ...gk.growth.map((g) => g.pageP99Ms));
    console.log(`list pages p99, worst of any list at any depth: ${pageP99Ms.toFixed(1)} ms`);
    if (jsonFile) {
      writeFileSync(
        jsonFile,
        `${JSON.stringify({
          events: gk.events,
          eventsPerSec: Math.round(gk.eventsPerSec),
          peakRssMB: Math.round(gk.peakRssMB),
          dbMB: Math.round(gk.dbMB),
          queryP99Ms: charts.p99,
          baselines: {
            fetchOnly: Math.round(fetchOnly),
            fetchParseInsert: Math.round(fetchParseInsert),
          },
          baselineRuns: {
            fetchOnly: runs.fetch.map((r) => Math.round(r.eventsPerSec)),
            fetchParseInsert: runs.insert.map((r) => Math.round(r.eventsPerSec)),
          },
          cpuMicrosPerEvent: {
            indexer: Number(gk.cpuMicrosPerEvent.toFixed(1)),
            fetchOnly: runs.fetch.map((r) => Number(r.cpuMicrosPerEvent.toFixed(1))),
            fetchParseInsert: runs.insert.map((r) => Number(r.cpuMicrosPerEvent.toFixed(1))),
          },
          bytesWritten: gk.bytesWritten,
          dbMBPer1M: Math.round(dbMBPer1M),
          pageP99Ms: Number(pageP99Ms.toFixed(2)),
          growth: gk.growth.map((g) => ({
            events: g.events,
            eventsPerSec: Math.round(g.eventsPerSec),
            indexRebuildSeconds: Number(g.indexRebuildSeconds.toFixed(1)),
            bytesWritten: g.bytesWritten,
            rssMB: Math.round(g.rssMB),
            pageP99Ms: Number(g.pageP99Ms.toFixed(2)),
          })),
        })}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (argv[0] === '--child' && argv[1] === 'pages')
  process.stdout.write(`${JSON.stringify(pagesOfCopy(argv[2] as string))}\n`);
else if (argv[0] === '--child') {
  const result = await runMode(
    argv[1] as Mode,
    JSON.parse(argv[2] as string) as ChainInfo,
    argv[3] as string,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else await main();
