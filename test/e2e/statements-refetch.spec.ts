// A statement reaching behind the retention horizon on the training network: a core whose
// settings.json keeps 2 days of events, so the older days of the seeded history are pruned after its
// first backfill. Asking for one of those days re-fetches it from the chain: the page shows the
// progress bar (blocks fetched of the total), then the statement with core's totals and a note
// saying which part came from the chain.
import type { StatementView } from '../../electron/core/api/contract';
import { openApp, startTestCore, type TestCore } from './support/app-harness';
import { seriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

const DAY = 86_400;
const utcDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

let pruned: TestCore;
test.beforeAll(async () => {
  test.setTimeout(240_000);
  pruned = await startTestCore({ kind: 'training' }, { retentionDays: 2 });
});
test.afterAll(async () => pruned?.close());

test('a statement of pruned days shows the re-fetch progress, then core’s totals and what came from the chain', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const ask = async (input: unknown): Promise<StatementView> => {
    const reply = await pruned.invoke('market/statement', input);
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.data as StatementView;
  };
  const { chainTime } = await ask({ refetch: false });
  const today = chainTime - (chainTime % DAY);
  // The seeded history starts five days back; four days back is whole and behind the 2-day window.
  const day = today - 4 * DAY;
  const stored = await ask({ from: day, to: day + DAY, refetch: false, limit: 0 });
  expect(stored.prunedBefore).not.toBeNull();
  expect(stored.totals.trades.count).toBe(0);

  // The last progress event of a fetch is held back until the test has seen the bar: on this small
  // chain the fetch takes milliseconds, less than a frame.
  await page.addInitScript(() => {
    type Emit = (event: string, payload: { phase?: string }) => void;
    const scope = globalThis as unknown as { __gridkeeperEmit?: Emit; __releaseRefetch?: () => void };
    const held: (() => void)[] = [];
    let emit: Emit | undefined;
    scope.__releaseRefetch = () => {
      for (const release of held.splice(0)) release();
    };
    Object.defineProperty(scope, '__gridkeeperEmit', {
      configurable: true,
      get: () => (event: string, payload: { phase?: string }) => {
        if (event === 'market/refetch-progress' && payload.phase === 'done')
          held.push(() => emit?.(event, payload));
        else emit?.(event, payload);
      },
      set: (next: Emit) => {
        emit = next;
      },
    });
  });
  await openApp(page, pruned, `#/statements?from=${utcDay(day)}&to=${utcDay(day)}`);
  const bar = page.getByRole('progressbar', { name: /Re-fetching pruned history from the chain/ });
  await expect(bar).toBeVisible();
  await expect(bar).not.toHaveAttribute('aria-valuenow', '0');
  const valueNow = Number(await bar.getAttribute('aria-valuenow'));
  const valueMax = Number(await bar.getAttribute('aria-valuemax'));
  expect(valueNow).toBeGreaterThan(0);
  expect(valueNow).toBeLessThanOrEqual(valueMax);
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();

  await expect(page.getByRole('heading', { name: `Market statement · ${utcDay(day)}` })).toBeVisible();
  const expected = await ask({ from: day, to: day + DAY, limit: 0 });
  expect(expected.refetched?.lines).toBe(expected.linesTotal);
  expect(expected.totals.trades.count).toBeGreaterThan(0);
  await expect(page.locator('tr[data-total="Trades"] td').nth(0)).toHaveText(
    String(expected.totals.trades.count),
  );
  await expect(page.locator('tr[data-total="Fees (all)"] [data-exact]')).toHaveAttribute(
    'data-exact',
    expected.totals.fees,
  );
  await expect(
    page.getByText(/^Re-fetched from the chain: [\d,]+ lines? of this statement, from blocks/),
  ).toBeVisible();

  expect((await seriousViolations(page)).map((v) => `statements, re-fetching: ${v}`)).toEqual([]);
  await page.screenshot({ path: info.outputPath('statements-refetch.png') });
  await page.evaluate(() => (globalThis as unknown as { __releaseRefetch(): void }).__releaseRefetch());
  await expect(bar).toBeHidden();
  // On paper the note stays (it is part of the statement).
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByText(/^Re-fetched from the chain:/)).toBeVisible();
});
