import { Contract, type EventLog } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketInterface, registryInterface, safeAbi } from '../safe/abis';
import { type Devnet, startDevnet } from '.';
import { FOUNDING_PROSUMERS, SEED_HISTORY_DAYS, WAITING_APPLICANTS } from './seed';

let devnet: Devnet;
let market: Contract;
let registry: Contract;

beforeAll(async () => {
  const started = performance.now();
  devnet = await startDevnet({ seed: 'full' });
  console.log(
    `full devnet started in ${Math.round(performance.now() - started)} ms`,
    JSON.stringify(devnet.seeded),
  );
  market = new Contract(devnet.market.market, marketInterface, devnet.provider);
  registry = new Contract(devnet.market.registry, registryInterface, devnet.provider);
});
afterAll(() => devnet?.stop());

const STATUS = ['None', 'Open', 'Disputed', 'Settled', 'Resolved'] as const;

async function events(contract: Contract, name: string): Promise<EventLog[]> {
  return (await contract.queryFilter(contract.filters[name]!(), devnet.market.deploymentBlock)) as EventLog[];
}

describe("the training network ('full'): a seeded market read back from the chain", () => {
  it('has the founding prosumers admitted and applicants waiting', async () => {
    const statuses = await Promise.all(
      devnet.prosumers.map(async (p) => Number((await registry.getFunction('prosumerOf')(p.address))[0])),
    );
    expect(statuses.filter((s) => s === 2)).toHaveLength(FOUNDING_PROSUMERS);
    expect(statuses.filter((s) => s === 1)).toHaveLength(WAITING_APPLICANTS);
    expect(devnet.seeded).toMatchObject({ prosumers: FOUNDING_PROSUMERS, applications: WAITING_APPLICANTS });
  });

  it('admitted the founders in one Safe transaction (a MultiSendCallOnly batch signed by two demo owners)', async () => {
    const admitted = await events(registry, 'ProsumerAdmitted');
    const txHashes = new Set(admitted.map((e) => e.transactionHash));
    expect(txHashes.size).toBe(1);
    const tx = await devnet.provider.getTransaction([...txHashes][0]!);
    expect(tx?.to).toBe(devnet.safe.address);
    const exec = new Contract(devnet.safe.address, safeAbi, devnet.provider).interface.parseTransaction(tx!);
    expect(exec?.name).toBe('execTransaction');
    expect(exec?.args.to).toBe(devnet.safeContracts.multiSendCallOnlyAddress);
    expect(exec?.args.operation).toBe(1n);
  });

  it('has trades in every state, three open disputes (one past its deadline, one near it, one fresh), disputes resolved through the Safe and one by default', async () => {
    const last = Number(await market.getFunction('lastTradeId')());
    const trades = await Promise.all(
      Array.from({ length: last }, (_, i) => market.getFunction('tradeOf')(i + 1)),
    );
    const count = (status: string) => trades.filter((t) => STATUS[Number(t.status)] === status).length;
    const settled = await events(market, 'TradeSettled');
    const confirmed = settled.filter((e) => e.args.confirmedByBuyer === true).length;
    const afterWindow = settled.filter((e) => e.args.confirmedByBuyer === false).length;
    const resolved = await events(market, 'DisputeResolved');

    expect(count('Open')).toBeGreaterThanOrEqual(3);
    expect(count('Disputed')).toBe(3);
    expect(count('Settled')).toBe(confirmed + afterWindow);
    expect(confirmed).toBeGreaterThanOrEqual(5);
    expect(afterWindow).toBeGreaterThanOrEqual(3);
    expect(count('Resolved')).toBe(resolved.length);
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    const ended = await events(market, 'DisputeEnded');
    expect(ended.length).toBe(resolved.length);
    const decided = ended.filter((e) => e.args.how === 0n);
    const defaulted = ended.filter((e) => e.args.how === 2n);
    expect(decided.length).toBeGreaterThanOrEqual(1);
    expect(defaulted.length).toBe(1);
    for (const e of decided) {
      expect((await devnet.provider.getTransaction(e.transactionHash))?.to).toBe(devnet.safe.address);
    }
    // The default outcome is applied by anyone (the keeper), straight on the market.
    expect((await devnet.provider.getTransaction(defaulted[0]!.transactionHash))?.to).toBe(
      devnet.market.market,
    );
    expect(devnet.seeded?.trades).toEqual({
      open: count('Open'),
      disputed: count('Disputed'),
      confirmed,
      settledAfterWindow: afterWindow,
      resolved: resolved.length,
    });
  });

  it('has open offers to buy from, at prices in the band (0.08–0.35 POL per kWh)', async () => {
    const now = (await devnet.provider.getBlock('latest'))!.timestamp;
    const last = Number(await market.getFunction('lastOfferId')());
    const offers = await Promise.all(
      Array.from({ length: last }, (_, i) => market.getFunction('offerOf')(i + 1)),
    );
    const open = offers.filter((o) => o.open && Number(o.expiresAt) > now);
    expect(open.length).toBeGreaterThanOrEqual(3);
    for (const o of offers) {
      expect(o.pricePerKWh).toBeGreaterThanOrEqual(8n * 10n ** 16n);
      expect(o.pricePerKWh).toBeLessThanOrEqual(35n * 10n ** 16n);
    }
    expect(await events(market, 'OfferExpired')).not.toHaveLength(0);
  });

  it('spreads the history over the last days and ends now', async () => {
    const opened = await events(market, 'TradeOpened');
    const first = await devnet.provider.getBlock(opened[0]!.blockNumber);
    const latest = await devnet.provider.getBlock('latest');
    const now = Date.now() / 1000;
    expect(first!.timestamp).toBeLessThan(now - (SEED_HISTORY_DAYS - 1.5) * 86_400);
    expect(latest!.timestamp).toBeGreaterThan(now - 30);
    expect(latest!.timestamp).toBeLessThanOrEqual(now + 5);
    const days = new Set(
      await Promise.all(
        opened.map(async (e) =>
          Math.floor((await devnet.provider.getBlock(e.blockNumber))!.timestamp / 86_400),
        ),
      ),
    );
    expect(days.size).toBeGreaterThanOrEqual(SEED_HISTORY_DAYS);
  });

  it("keeps the chain's clock on the wall clock after the back-dated history", async () => {
    const before = (await devnet.provider.getBlock('latest'))!.timestamp;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await devnet.provider.send('evm_mine', []);
    const mined = (await devnet.provider.getBlock('latest'))!.timestamp;
    const now = Date.now() / 1000;
    expect(mined).toBeGreaterThanOrEqual(before + 2);
    expect(Math.abs(mined - now)).toBeLessThanOrEqual(2);
  });

  it('seeds within the budget (under 20 s; about 4 s on an idle machine)', () => {
    expect(devnet.seeded?.durationMs).toBeLessThan(20_000);
  });
});
