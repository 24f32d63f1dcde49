// npm run bench:pages [-- --trades N] [-- --audit N] [-- --store FILE] [-- --json FILE]
// Every list page at depth on a store of the size a 5,000,000-event chain leaves (bench:indexer's
// chain emits 2.75 events per trade: 1,818,182 trades, an offer each), written straight into the
// tables (synthetic-market.ts) with 200,000 audit entries, without the 15-minute backfill. Times
// `pageTimes` (bench/list-pages.ts) in the same run:
// 1. as the indexer leaves the store (no ANALYZE statistics), after a first run that finds the
//    cursors at depth (by untimed offset jumps) and warms the file: each call with its statements
//    prepared anew (the statement cache emptied first: what every call cost before it), then cached;
// 2. after ANALYZE (sqlite_stat1 and sqlite_stat4), cached: whether statistics would change a plan
//    (the app never makes them; with them SQLite skip-scans one status arm of a value sort and sorts).
// `--store FILE` keeps the store (built once, reused by the next run).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticMarketStore } from '../electron/core/indexer/testing/synthetic-market';
import { openStore } from '../electron/core/store';
import { option } from './args';
import { fillAuditLog, type PageTimes, pageTimes } from './list-pages';
import { percentile } from './percentile';

const TRADES = Number(option('--trades') ?? 1_818_182);
const AUDIT_ENTRIES = Number(option('--audit') ?? 200_000);
const kept = option('--store');
const jsonFile = option('--json');
const dir = kept ? null : mkdtempSync(join(tmpdir(), 'gk-bench-pages-'));
const file = kept ?? join(dir as string, 'market.sqlite');

function build(): void {
  const t0 = performance.now();
  // The bench chain's history: a 500-trade block every 20 minutes.
  const span = Math.ceil(TRADES / 500) * 1200;
  const db = syntheticMarketStore(file, TRADES, { to: 1_735_689_600 + span, spanSeconds: span });
  fillAuditLog(db, AUDIT_ENTRIES);
  db.close();
  console.log(
    `store: ${TRADES.toLocaleString()} trades and offers, ${AUDIT_ENTRIES.toLocaleString()} audit entries, written in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

/** The cursors at depth of every list: found by the first run, reused by the others. */
const cursors = new Map<string, string | null>();

/** The store opened afresh, with ANALYZE's statistics dropped or made. */
function measure(statistics: boolean, runs: { cold?: boolean }[]): PageTimes[] {
  const db = openStore(file);
  try {
    if (statistics) db.exec('ANALYZE');
    else db.exec('DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4');
  } finally {
    db.close();
  }
  const fresh = openStore(file);
  try {
    return runs.map((run) => pageTimes(fresh, { ...run, cursors }));
  } finally {
    fresh.close();
  }
}

const sum = (times: number[]) => times.reduce((a, b) => a + b, 0);
const summary = (t: PageTimes) => ({
  calls: t.times.length,
  totalMs: sum(t.times),
  p50Ms: percentile(t.times, 50),
  p99Ms: percentile(t.times, 99),
  maxMs: t.times.at(-1) as number,
  slowestPage: t.slowest,
  jumpMaxMs: t.jumpMaxMs,
  slowestJump: t.slowestJump,
});

function print(name: string, t: PageTimes): void {
  const s = summary(t);
  console.log(
    `${name}: ${s.calls} calls, p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms (${s.slowestPage}); all calls ${s.totalMs.toFixed(0)} ms`,
  );
}

try {
  if (!existsSync(file)) build();
  else console.log(`store: ${file} (kept from an earlier run)`);
  // The first run finds the cursors and warms the file's pages; then each way once, on equal terms.
  const [first, cold, warm] = measure(false, [{}, { cold: true }, {}]) as [PageTimes, PageTimes, PageTimes];
  const [analyzed] = measure(true, [{}]) as [PageTimes];
  print('no statistics, statements prepared anew', cold);
  print('no statistics, statements cached       ', warm);
  print('after ANALYZE, statements cached        ', analyzed);
  console.log(
    `statement cache: all ${warm.times.length} calls ${sum(cold.times).toFixed(0)} ms prepared anew vs ${sum(warm.times).toFixed(0)} ms cached (${(sum(cold.times) / sum(warm.times)).toFixed(2)}x), p50 ${percentile(cold.times, 50).toFixed(2)} vs ${percentile(warm.times, 50).toFixed(2)} ms`,
  );
  console.log(
    `slowest offset jump (untimed, how a cursor at depth is found): ${first.jumpMaxMs.toFixed(0)} ms (${first.slowestJump})`,
  );
  console.log('slowest pages (no statistics, cached | after ANALYZE):');
  for (const [page, ms] of [...warm.byPage].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(
      `  ${ms.toFixed(1).padStart(7)} | ${(analyzed.byPage.get(page) ?? 0).toFixed(1).padStart(7)} ms  ${page}`,
    );
  // The app's store has no statistics (nothing runs ANALYZE on it): that is the figure; the run after
  // ANALYZE shows whether statistics would change a plan.
  const worst = percentile(warm.times, 99);
  console.log(
    `list pages p99 as the app reads them: ${worst.toFixed(1)} ms (target < 50 ms); after ANALYZE ${percentile(analyzed.times, 99).toFixed(1)} ms`,
  );
  if (jsonFile)
    writeFileSync(
      jsonFile,
      `${JSON.stringify({ trades: TRADES, pageP99Ms: worst, cold: summary(cold), warm: summary(warm), analyzed: summary(analyzed) }, null, 2)}\n`,
    );
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
