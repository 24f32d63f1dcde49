import { type FlowContext, OPEN } from '../context';
import { simulateTx } from '../verify/checks';

export interface RefreshReport {
  /** Open proposals simulated again. */
  refreshed: number;
  /** Those that could not be, now marked stale. */
  stale: number;
  /** Those whose outcome changed (success ↔ reverted). */
  changed: string[];
  /** The head the run started at. */
  blockNumber: number | null;
  ms: number;
}

/** How many simulations run at once: enough to hide round trips, few enough not to flood a public RPC. */
const CONCURRENCY = 4;

/**
 * Simulates every open proposal again against the current chain state and stores the results.
 * A proposal that cannot be simulated keeps its last result, marked stale with the reason. These
 * refreshes are not lifecycle steps: they write no audit entries (a new block is not a decision).
 */
export async function refreshSimulations(ctx: FlowContext): Promise<RefreshReport> {
  const started = performance.now();
  const open = ctx.store.listProposals(ctx.setup.safe.address, OPEN).filter((p) => p.status === 'open');
  const report: RefreshReport = { refreshed: 0, stale: 0, changed: [], blockNumber: null, ms: 0 };
  if (!ctx.chain || open.length === 0) return report;
  const markStale = (proposal: (typeof open)[number], error: unknown) => {
    report.stale++;
    const last = proposal.simulation;
    if (!last || last.stale) return;
    ctx.store.setSimulation(proposal.safeTxHash, {
      ...last,
      stale: {
        reason: `could not simulate again: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        since: ctx.now().toISOString(),
      },
    });
  };
  try {
    report.blockNumber = await ctx.chain.provider.getBlockNumber();
  } catch (error) {
    for (const proposal of open) markStale(proposal, error);
    report.ms = performance.now() - started;
    return report;
  }
  let next = 0;
  const worker = async () => {
    while (next < open.length) {
      const proposal = open[next++];
      if (!proposal) break;
      try {
        const result = await simulateTx(ctx, proposal.tx);
        if (proposal.simulation && proposal.simulation.status !== result.status) {
          report.changed.push(proposal.safeTxHash);
        }
        ctx.store.setSimulation(proposal.safeTxHash, result);
        report.refreshed++;
      } catch (error) {
        markStale(proposal, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, open.length) }, worker));
  report.ms = performance.now() - started;
  return report;
}

/**
 * Runs `refresh` when asked, at most once per `intervalMs` and one run at a time: a trigger while a
 * run is going (or too soon after one) schedules exactly one more run, never a pile of them.
 */
export function throttled(
  refresh: () => Promise<void>,
  intervalMs: number,
): { trigger(): void; stop(): void } {
  let running = false;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastStart = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const run = () => {
    timer = null;
    if (stopped) return;
    running = true;
    pending = false;
    lastStart = Date.now();
    void refresh().finally(() => {
      running = false;
      if (pending) schedule();
    });
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(run, Math.max(0, lastStart + intervalMs - Date.now()));
  };
  return {
    trigger() {
      if (running) pending = true;
      else schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
