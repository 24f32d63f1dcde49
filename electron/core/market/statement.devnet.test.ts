import { Contract, type EventLog } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContract } from '../api/contract';
import type { StatementTotals } from '../api/contract/statement';
import type { Devnet } from '../devnet';
import type { MarketConcern } from '../indexer/concern';
import { callerOf, type IndexedDevnet, startIndexedDevnet } from '../indexer/testing/indexed-devnet';
import { marketInterface, tokenInterface } from '../safe/abis';
import { createMarketHandlers } from './handlers';
import { lastFullMonth } from './statement';

/**
 * Reconciliation: a statement's totals against sums computed here, independently, from the raw
 * events the chain returns (ethers queryFilter on the market and token contracts, block timestamps
 * from the chain), for the whole market and for one prosumer.
 */

type Handlers = ReturnType<typeof createMarketHandlers>;

let devnet: Devnet;
let concern: MarketConcern;
let indexed: IndexedDevnet;
let handlers: Handlers;

const call = callerOf(() => handlers);

interface RawEvent {
  name: string;
  args: EventLog['args'];
  at: number;
  block: number;
  tx: string;
}
let raw: RawEvent[] = [];

beforeAll(async () => {
  indexed = await startIndexedDevnet({ timeoutMs: 120_000 });
  ({ devnet, concern } = indexed);
  handlers = createMarketHandlers({ market: () => concern });
  const head = await devnet.provider.getBlockNumber();
  // The chain's own account of what happened, read without the store.
  const market = new Contract(devnet.market.market, marketInterface, devnet.provider);
  const token = new Contract(devnet.market.token, tokenInterface, devnet.provider);
  const logs = [
    ...(await market.queryFilter('*', devnet.market.deploymentBlock, head)),
    ...(await token.queryFilter(token.filters.EnergyMinted!(), devnet.market.deploymentBlock, head)),
  ].filter((l): l is EventLog => 'eventName' in l);
  const times = new Map<number, number>();
  for (const n of new Set(logs.map((l) => l.blockNumber))) {
    times.set(n, (await devnet.provider.getBlock(n))!.timestamp);
  }
  raw = logs.map((l) => ({
    name: l.eventName,
    args: l.args,
    at: times.get(l.blockNumber)!,
    block: l.blockNumber,
    tx: l.transactionHash,
  }));
}, 300_000);

afterAll(() => indexed?.close());

/** The totals of [from, to) summed from the raw events, for the market or one prosumer (lowercase). */
function expected(from: number, to: number, who: string | null): StatementTotals {
  const parties = new Map<string, { seller: string; buyer: string }>();
  for (const e of raw)
    if (e.name === 'TradeOpened')
      parties.set(String(e.args.tradeId), {
        seller: String(e.args.seller).toLowerCase(),
        buyer: String(e.args.buyer).toLowerCase(),
      });
  const is = (a: unknown) => who === null || String(a).toLowerCase() === who;
  const inWindow = raw.filter((e) => e.at >= from && e.at < to);
  const zero = () => ({ count: 0, energyWh: 0n, payment: 0n });
  const t = { trades: zero(), sold: zero(), bought: zero() };
  let minted = 0n;
  const settled = { count: 0, proceeds: 0n, fees: 0n };
  const d = {
    opened: 0,
    bonds: 0n,
    ended: { decided: 0, withdrawn: 0, defaulted: 0 },
    proceeds: 0n,
    refunds: 0n,
    fees: 0n,
    toBuyerWh: 0n,
    toSellerWh: 0n,
    bondsToSeller: 0n,
    bondsToBuyer: 0n,
  };
  const withdrawals = { count: 0, amount: 0n };
  for (const e of inWindow) {
    const a = e.args;
    const p = a.tradeId !== undefined ? parties.get(String(a.tradeId)) : undefined;
    const seller = p !== undefined && is(p.seller);
    const buyer = p !== undefined && is(p.buyer);
    const add = (x: ReturnType<typeof zero>) => {
      x.count++;
      x.energyWh += a.energyWh as bigint;
      x.payment += a.paymentAmount as bigint;
    };
    switch (e.name) {
      case 'EnergyMinted':
        if (is(a.to)) minted += a.energyWh as bigint;
        break;
      case 'TradeOpened':
        if (seller || buyer) add(t.trades);
        if (seller) add(t.sold);
        if (buyer) add(t.bought);
        break;
      case 'TradeSettled':
        if (seller || buyer) settled.count++;
        if (seller) {
          settled.proceeds += a.sellerProceeds as bigint;
          settled.fees += a.feeAmount as bigint;
        }
        break;
      case 'DisputeOpened':
        if (seller || buyer) d.opened++;
        if (is(a.openedBy)) d.bonds += a.bond as bigint;
        break;
      case 'DisputeResolved':
        if (seller) {
          d.proceeds += a.sellerProceeds as bigint;
          d.fees += a.feeAmount as bigint;
          d.toSellerWh += a.energyWhToSeller as bigint;
        }
        if (buyer) {
          d.refunds += a.buyerRefund as bigint;
          d.toBuyerWh += a.energyWhToBuyer as bigint;
        }
        break;
      case 'DisputeEnded':
        if (seller || buyer) d.ended[(['decided', 'withdrawn', 'defaulted'] as const)[Number(a.how)]!]++;
        if (seller) d.bondsToSeller += a.bondToSeller as bigint;
        if (buyer) d.bondsToBuyer += a.bondToBuyer as bigint;
        break;
      case 'Withdrawn':
        if (is(a.account)) {
          withdrawals.count++;
          withdrawals.amount += a.amount as bigint;
        }
        break;
    }
  }
  const s = (x: ReturnType<typeof zero>) => ({
    count: x.count,
    energyWh: String(x.energyWh),
    payment: String(x.payment),
  });
  return {
    energyMintedWh: String(minted),
    trades: s(t.trades),
    sold: s(t.sold),
    bought: s(t.bought),
    settled: { count: settled.count, sellerProceeds: String(settled.proceeds), fees: String(settled.fees) },
    disputes: {
      opened: d.opened,
      bondsPosted: String(d.bonds),
      ended: d.ended,
      sellerProceeds: String(d.proceeds),
      buyerRefunds: String(d.refunds),
      fees: String(d.fees),
      energyToBuyerWh: String(d.toBuyerWh),
      energyToSellerWh: String(d.toSellerWh),
      bondsToSeller: String(d.bondsToSeller),
      bondsToBuyer: String(d.bondsToBuyer),
    },
    sellerProceeds: String(settled.proceeds + d.proceeds),
    buyerRefunds: String(d.refunds),
    fees: String(settled.fees + d.fees),
    withdrawals: { count: withdrawals.count, amount: String(withdrawals.amount) },
  };
}

const DAY = 86_400;
const KINDS = [
  'EnergyMinted',
  'TradeOpened',
  'TradeSettled',
  'DisputeOpened',
  'DisputeResolved',
  'DisputeEnded',
  'Withdrawn',
];

describe('market/statement reconciles with the chain', () => {
  it('totals the whole history and a window of whole UTC days exactly as the raw events do', async () => {
    const last = Math.max(...raw.map((e) => e.at));
    const first = Math.min(...raw.map((e) => e.at));
    const windows = [
      { from: first, to: last + 1 },
      // Whole days in the middle of the seeded history: lines on both sides of each boundary.
      { from: Math.ceil(first / DAY) * DAY, to: Math.floor(last / DAY) * DAY },
    ];
    // Baseline, same store and run: the trades CSV of every trade (one table read, no sums).
    const base = performance.now();
    await call('market/trades-csv', {});
    const baselineMs = performance.now() - base;
    for (const w of windows) {
      const started = performance.now();
      const statement = await call('market/statement', { ...w, limit: 5000 });
      const ms = performance.now() - started;
      console.log(
        `market statement ${new Date(w.from * 1000).toISOString()} … ${new Date(w.to * 1000).toISOString()}: ${statement.linesTotal} lines in ${ms.toFixed(1)} ms; trades CSV (baseline) ${baselineMs.toFixed(1)} ms; ratio ${(ms / baselineMs).toFixed(2)}`,
      );
      expect(statement.totals).toEqual(expected(w.from, w.to, null));
      expect(statement.totals.trades.count).toBeGreaterThan(0);
      expect(statement.linesTotal).toBe(
        raw.filter((e) => KINDS.includes(e.name) && e.at >= w.from && e.at < w.to).length,
      );
      // Each line proves itself: its transaction and block are the chain's.
      const proofs = new Set(raw.map((e) => `${e.tx}:${e.block}`));
      expect(statement.lines.every((l) => proofs.has(`${l.txHash}:${l.blockNumber}`))).toBe(true);
      expect(statement.coverage.complete).toBe(true);
      expect(statement.coverage.eventTrades).toBe(statement.coverage.dailyTrades);
    }
    const full = await call('market/statement', { from: first, to: last + 1, limit: 0 });
    expect(full.totals.disputes.opened).toBeGreaterThan(0);
    expect(full.totals.disputes.ended.decided + full.totals.disputes.ended.defaulted).toBeGreaterThan(0);
    expect(BigInt(full.totals.fees)).toBeGreaterThan(0n);
    expect(full.lines).toEqual([]);
  });

  it("totals one prosumer's side exactly as the raw events do, and its CSV carries the same lines", async () => {
    const last = Math.max(...raw.map((e) => e.at));
    const from = Math.ceil(Math.min(...raw.map((e) => e.at)) / DAY) * DAY;
    const w = { from, to: last + 1 };
    const busiest = new Map<string, number>();
    for (const e of raw)
      if (e.name === 'TradeOpened')
        for (const who of [e.args.seller, e.args.buyer])
          busiest.set(String(who), (busiest.get(String(who)) ?? 0) + 1);
    const [prosumer] = [...busiest.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const started = performance.now();
    const statement = await call('market/statement', { ...w, prosumer, limit: 5000 });
    console.log(
      `prosumer statement: ${statement.linesTotal} lines in ${(performance.now() - started).toFixed(1)} ms`,
    );
    expect(statement.prosumer).toBe(prosumer);
    expect(statement.totals).toEqual(expected(w.from, w.to, prosumer.toLowerCase()));
    expect(statement.totals.sold.count + statement.totals.bought.count).toBe(statement.totals.trades.count);
    expect(statement.totals.trades.count).toBeGreaterThan(0);
    expect(statement.coverage.complete).toBe(true);

    // Every party over the whole history: each side of settlements and dispute splits gets checked.
    const whole = { from: Math.min(...raw.map((e) => e.at)), to: last + 1 };
    const sides = { refunds: 0n, proceeds: 0n, bondsToBuyer: 0n, bondsToSeller: 0n };
    for (const party of busiest.keys()) {
      const mine = await call('market/statement', { ...whole, prosumer: party, limit: 0 });
      expect(mine.totals).toEqual(expected(whole.from, whole.to, party.toLowerCase()));
      sides.refunds += BigInt(mine.totals.buyerRefunds);
      sides.proceeds += BigInt(mine.totals.disputes.sellerProceeds);
      sides.bondsToBuyer += BigInt(mine.totals.disputes.bondsToBuyer);
      sides.bondsToSeller += BigInt(mine.totals.disputes.bondsToSeller);
    }
    // The parties' sides add up to the market's, and the seed exercises them.
    const market = await call('market/statement', { ...whole, limit: 0 });
    expect(sides).toEqual({
      refunds: BigInt(market.totals.buyerRefunds),
      proceeds: BigInt(market.totals.disputes.sellerProceeds),
      bondsToBuyer: BigInt(market.totals.disputes.bondsToBuyer),
      bondsToSeller: BigInt(market.totals.disputes.bondsToSeller),
    });
    expect(sides.refunds).toBeGreaterThan(0n);
    expect(sides.proceeds).toBeGreaterThan(0n);

    const csv = await call('market/statement-csv', { ...w, prosumer });
    const rows = csv.content.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^kind,at,blockNumber,logIndex,txHash,final,tradeId,seller,buyer,/);
    expect(csv.rows).toBe(statement.linesTotal);
    const header = rows[0]!.split(',');
    const cells = (row: string) => Object.fromEntries(row.split(',').map((v, i) => [header[i], v]));
    const lines = rows.slice(1, 1 + csv.rows).map(cells);
    expect(lines.map((l) => l.txHash)).toEqual(statement.lines.map((l) => l.txHash));
    const totals = rows.slice(1 + csv.rows).map(cells);
    expect(totals.every((t) => t.kind === 'Total')).toBe(true);
    expect(totals.find((t) => t.totalOf === 'sold')).toMatchObject({
      count: String(statement.totals.sold.count),
      energyWh: statement.totals.sold.energyWh,
      payment: statement.totals.sold.payment,
    });
    expect(totals.find((t) => t.totalOf === 'settledAmounts')?.sellerProceeds).toBe(
      statement.totals.sellerProceeds,
    );
    expect(csv.fileName).toBe(
      `statement-${prosumer}-${new Date(w.from * 1000).toISOString().slice(0, 10)}-to-${new Date((w.to - 1) * 1000).toISOString().slice(0, 10)}.csv`,
    );
  });

  it('defaults to the last full calendar month on the chain clock and refuses a bad window', async () => {
    const statement = await call('market/statement', {});
    expect({ from: statement.from, to: statement.to }).toEqual(lastFullMonth(statement.chainTime));
    expect(new Date(statement.from * 1000).getUTCDate()).toBe(1);
    expect(statement.to).toBeLessThanOrEqual(statement.chainTime);
    const schema = apiContract['market/statement'].input;
    expect(schema.safeParse({ from: 10, to: 10 }).success).toBe(false);
    expect(schema.safeParse({ from: 10 }).success).toBe(false);
    expect(schema.safeParse({ from: 0, to: 400 * DAY }).success).toBe(false);
    expect(schema.safeParse({ from: 0, to: 366 * DAY, prosumer: '0x1234' }).success).toBe(false);
    expect(schema.safeParse({ from: 0, to: 366 * DAY }).success).toBe(true);
  });
});

describe('lastFullMonth', () => {
  it('is the calendar month before the one the chain is in, in UTC, across a year boundary', () => {
    expect(lastFullMonth(Date.UTC(2026, 10, 30, 22, 0) / 1000)).toEqual({
      from: Date.UTC(2026, 9, 1) / 1000,
      to: Date.UTC(2026, 10, 1) / 1000,
    });
    expect(lastFullMonth(Date.UTC(2027, 0, 1, 0, 0, 0) / 1000)).toEqual({
      from: Date.UTC(2026, 11, 1) / 1000,
      to: Date.UTC(2027, 0, 1) / 1000,
    });
  });
});
