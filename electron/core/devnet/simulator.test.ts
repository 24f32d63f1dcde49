import { Contract, type EventLog } from 'ethers';
import { describe, expect, it } from 'vitest';
import { marketInterface, tokenInterface } from '../safe/abis';
import { startDevnet } from '.';

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the market simulator', () => {
  it('mints, lists, buys and confirms on a moving chain, then stops without leaving anything behind', async () => {
    const baseline = timeouts();
    // A simulated day every 20 s: the meters see daylight within the wait whatever the hour (with the
    // default 4-minute day, an evening start meant minutes of night and no reading).
    const devnet = await startDevnet({
      seed: 'full',
      simulate: { tradesPerSecond: 4, dayLengthSeconds: 20 },
    });
    try {
      const simulator = devnet.simulator!;
      const market = new Contract(devnet.market.market, marketInterface, devnet.provider);
      const token = new Contract(devnet.market.token, tokenInterface, devnet.provider);
      const fromBlock = (await devnet.provider.getBlockNumber()) + 1;
      const started = performance.now();
      // Until each kind of step has happened (a loaded machine is slower), at least 6 s, at most 40 s.
      const s = simulator.stats;
      while (
        performance.now() - started < 40_000 &&
        (performance.now() - started < 6_000 ||
          s.tradesOpened < 10 ||
          s.confirmed < 1 ||
          s.offersListed < 1 ||
          s.readings < 1)
      ) {
        await sleep(250);
      }
      const head = await devnet.provider.getBlockNumber();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `simulator after ${seconds.toFixed(1)} s (${head - fromBlock + 1} blocks):`,
        simulator.stats,
      );

      // Blocks come at an interval (like Polygon), several transactions in each.
      expect(head - fromBlock + 1).toBeGreaterThanOrEqual(2);
      expect(head - fromBlock + 1).toBeLessThanOrEqual(Math.ceil(seconds / 2) + 2);
      const opened = (await market.queryFilter(market.filters.TradeOpened!(), fromBlock)) as EventLog[];
      const minted = await token.queryFilter(token.filters.EnergyMinted!(), fromBlock);
      const listed = await market.queryFilter(market.filters.OfferListed!(), fromBlock);
      const confirmed = (
        (await market.queryFilter(market.filters.TradeSettled!(), fromBlock)) as EventLog[]
      ).filter((e) => e.args.confirmedByBuyer);
      expect(opened.length).toBeGreaterThanOrEqual(10);
      expect(minted.length).toBeGreaterThan(0);
      expect(listed.length).toBeGreaterThan(0);
      expect(confirmed.length).toBeGreaterThan(0);
      expect(new Set(opened.map((e) => e.blockNumber)).size).toBeLessThan(opened.length);

      await simulator.stop();
      const stoppedAt = simulator.stats.tradesOpened;
      const accounts = [...devnet.prosumers, devnet.oracle, devnet.deployer].map((a) => a.address);
      const nonces = await Promise.all(
        accounts.map((a) => devnet.provider.getTransactionCount(a, 'pending')),
      );
      const pending = await devnet.provider.send('eth_getBlockByNumber', ['pending', false]);
      expect(pending.transactions).toEqual([]);
      await sleep(2_500);
      expect(
        await Promise.all(accounts.map((a) => devnet.provider.getTransactionCount(a, 'pending'))),
      ).toEqual(nonces);
      expect(simulator.stats.tradesOpened).toBe(stoppedAt);
      // The chain itself keeps making blocks until the devnet stops.
      expect(await devnet.provider.getBlockNumber()).toBeGreaterThan(head);
    } finally {
      await devnet.stop();
    }
    expect(timeouts()).toBeLessThanOrEqual(baseline);
  });
});
