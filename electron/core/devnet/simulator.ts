import { id, MaxUint256, type Result } from 'ethers';
import type { Logger } from '../ports';
import type { SafeSetup } from '../safe';
import { marketInterface, registryInterface, tokenInterface } from '../safe';
import type { DemoAccount, DemoAccounts } from './keys';
import type { LocalChain } from './local-chain';
import { askPriceWei, demoHousehold, exportedWh, type Household, quoteWei, weatherOfDay } from './profile';
import { randomSource } from './random';
import { kycHashOf, meterIdOf } from './seed';
import { DemoSender, GAS, type RawReceipt, receiptOf } from './tx';

export interface SimulatorOptions {
  chain: Pick<LocalChain, 'request'>;
  setup: SafeSetup;
  accounts: DemoAccounts;
  terms: { registrationFeeWei: bigint; disputeWindowSeconds: number; disputeBond: bigint };
  log: Logger;
  /** Purchases per second the simulator aims at (fewer when there is nothing to buy). Default 2. */
  tradesPerSecond?: number;
  /**
   * How long a simulated day lasts, in real seconds: the meters run faster than the clock so that a
   * handful of households can supply a market that trades every second. Default 240 (4 minutes).
   */
  dayLengthSeconds?: number;
}

export interface SimulatorStats {
  readings: number;
  offersListed: number;
  tradesOpened: number;
  confirmed: number;
  settled: number;
  disputes: number;
  /** Disputes ended by their default outcome after the arbitration deadline (applied by the keeper). */
  defaultOutcomes: number;
  applications: number;
  expiredOffersClosed: number;
  /** Transactions that reverted or were refused (a race for the last energy of an offer, a pause). */
  failed: number;
}

export interface Simulator {
  readonly stats: SimulatorStats;
  /** Stops sending, flushes what is in flight into a block and waits for it: nothing dangles after. */
  stop(): Promise<void>;
}

const TICK_MS = 250;
const MINT_EVERY_MS = 5_000;
const KEEPER_EVERY_MS = 10_000;
const REFRESH_EVERY_MS = 15_000;
const OFFER_LIFETIME_S = 30 * 60;
const MAX_OPEN_DISPUTES = 4;
const MAX_OFFERS_PER_SELLER = 2;

interface Trader {
  index: number;
  account: DemoAccount;
  home: Household;
  sender: DemoSender;
  status: number;
  approved: boolean;
  busy: boolean;
}
interface OpenOffer {
  seller: Trader;
  remaining: bigint;
  price: bigint;
  expiresAt: number;
}

class SimulatorStopped extends Error {}

/** Waits for receipts by watching the head, so many waiting jobs cost one poll. */
class ReceiptWatcher {
  readonly #waiting = new Map<string, Array<(r: RawReceipt | null) => void>>();
  #timer: NodeJS.Timeout | null = null;
  #lastBlock = -1;
  #abandoned = false;

  constructor(private readonly chain: Pick<LocalChain, 'request'>) {}

  wait(hash: string): Promise<RawReceipt | null> {
    if (this.#abandoned) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#waiting.set(hash, [...(this.#waiting.get(hash) ?? []), resolve]);
      this.#timer ??= setTimeout(() => void this.#poll(), TICK_MS);
    });
  }

  /** Gives up on everything still waiting (the chain is going away). */
  abandon(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#abandoned = true;
    for (const resolvers of this.#waiting.values()) for (const r of resolvers) r(null);
    this.#waiting.clear();
  }

  async #poll(): Promise<void> {
    try {
      const head = Number(await this.chain.request('eth_blockNumber'));
      if (head !== this.#lastBlock) {
        this.#lastBlock = head;
        await Promise.all(
          [...this.#waiting.keys()].map(async (hash) => {
            const receipt = await receiptOf(this.chain, hash);
            if (!receipt) return;
            for (const resolve of this.#waiting.get(hash) ?? []) resolve(receipt);
            this.#waiting.delete(hash);
          }),
        );
      }
    } catch {
      // The next poll tries again; a stopped chain ends with abandon().
    }
    this.#timer =
      this.#waiting.size > 0 && !this.#abandoned ? setTimeout(() => void this.#poll(), TICK_MS) : null;
  }
}

/**
 * Keeps the training market alive: the oracle mints each producer's metered export from a daily
 * solar and consumption profile (on a faster clock), producers list what they hold at prices in the
 * band of the simulated hour, households buy slices of offers, most confirm delivery, some leave the
 * trade to be settled after the window, now and then someone disputes or a new household applies.
 * Decisions (admissions, resolutions) are left to the consortium, that is to the person training.
 */
export function startSimulator(options: SimulatorOptions): Simulator {
  const { chain, setup, accounts, log } = options;
  const rate = options.tradesPerSecond ?? 2;
  const speed = 86_400 / (options.dayLengthSeconds ?? 240);
  const { registry, token, market } = setup.market;
  const rand = randomSource(Date.now() % 1_000_000);
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(rand() * items.length)];
  const stats: SimulatorStats = {
    readings: 0,
    offersListed: 0,
    tradesOpened: 0,
    confirmed: 0,
    settled: 0,
    disputes: 0,
    defaultOutcomes: 0,
    applications: 0,
    expiredOffersClosed: 0,
    failed: 0,
  };
  const receipts = new ReceiptWatcher(chain);
  const oracle = new DemoSender(accounts.oracle.privateKey, chain);
  const keeper = new DemoSender(accounts.deployer.privateKey, chain);
  const traders: Trader[] = accounts.prosumers.map((account, index) => ({
    index,
    account,
    home: demoHousehold(index),
    sender: new DemoSender(account.privateKey, chain),
    status: 0,
    approved: false,
    busy: false,
  }));
  const offers = new Map<bigint, OpenOffer>();
  /** Open trades nobody will confirm: settled by the keeper once their window has passed. */
  const toSettle = new Map<bigint, number>();
  /** Open disputes by arbitration deadline: the keeper applies the default outcome once it has passed. */
  const toDefault = new Map<bigint, number>();
  const jobs = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let paused = false;
  let openDisputes = 0;
  let budget = 0;
  let lastTick = Date.now();
  let lastMint = Date.now();
  let lastKeeper = Date.now();
  let lastRefresh = 0;
  let nextApplication = Date.now() + 30_000 + rand() * 60_000;
  const simStart = Math.floor(Date.now() / 1000);
  let meteredUntil = simStart;
  const simulatedNow = () => simStart + (Date.now() / 1000 - simStart) * speed;

  const call = async (to: string, data: string) =>
    (await chain.request('eth_call', [{ to, data }, 'latest'])) as string;
  const decode = (iface: typeof marketInterface, fn: string, data: string) =>
    iface.decodeFunctionResult(fn, data);
  const eventsOf = (receipt: RawReceipt | null, name: string): Result[] =>
    (receipt?.logs ?? [])
      .filter((l) => l.address.toLowerCase() === market.toLowerCase())
      .map((l) => marketInterface.parseLog(l))
      .filter((e) => e?.name === name)
      .map((e) => e?.args as Result);

  /** Runs one job for a trader (one at a time each), tracked so stop() can wait for it. */
  const run = (trader: Trader | null, job: () => Promise<void>) => {
    if (stopped || trader?.busy) return;
    if (trader) trader.busy = true;
    const done = job()
      .catch((error: unknown) => {
        if (error instanceof SimulatorStopped) return;
        stats.failed += 1;
        log.debug('simulator: a step failed', { error: String(error) });
      })
      .finally(() => {
        if (trader) trader.busy = false;
        jobs.delete(done);
      });
    jobs.add(done);
  };
  const later = (ms: number, fn: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    timers.add(timer);
  };
  /** Nothing is sent once stop() has begun: a job half-way through ends at its next send. */
  const send = (sender: DemoSender, tx: Parameters<DemoSender['send']>[0]) => {
    if (stopped) throw new SimulatorStopped();
    return sender.send(tx);
  };
  const sendAndWait = async (sender: DemoSender, tx: Parameters<DemoSender['send']>[0]) => {
    const receipt = await receipts.wait(await send(sender, tx));
    if (receipt?.status !== '0x1') stats.failed += 1;
    return receipt?.status === '0x1' ? receipt : null;
  };

  /** What is on the chain now: who is admitted, which offers and trades are open. */
  const refresh = async () => {
    paused = decode(
      marketInterface,
      'paused',
      await call(market, marketInterface.encodeFunctionData('paused')),
    )[0];
    await Promise.all(
      traders.map(async (t) => {
        const data = registryInterface.encodeFunctionData('prosumerOf', [t.account.address]);
        t.status = Number(
          registryInterface.decodeFunctionResult('prosumerOf', await call(registry, data))[0],
        );
      }),
    );
    if (lastRefresh > 0) return;
    const lastOffer = BigInt(await call(market, marketInterface.encodeFunctionData('lastOfferId')));
    const lastTrade = BigInt(await call(market, marketInterface.encodeFunctionData('lastTradeId')));
    await Promise.all([
      ...Array.from({ length: Number(lastOffer) }, async (_, i) => {
        const offerId = BigInt(i + 1);
        const [o] = decode(
          marketInterface,
          'offerOf',
          await call(market, marketInterface.encodeFunctionData('offerOf', [offerId])),
        );
        const seller = traders.find((t) => t.account.address === o.seller);
        if (o.open && seller) {
          offers.set(offerId, {
            seller,
            remaining: o.remainingWh,
            price: o.pricePerKWh,
            expiresAt: Number(o.expiresAt),
          });
        }
      }),
      ...Array.from({ length: Number(lastTrade) }, async (_, i) => {
        const tradeId = BigInt(i + 1);
        const [t] = decode(
          marketInterface,
          'tradeOf',
          await call(market, marketInterface.encodeFunctionData('tradeOf', [tradeId])),
        );
        if (Number(t.status) === 1) toSettle.set(tradeId, Number(t.disputeDeadline));
        if (Number(t.status) === 2) {
          openDisputes += 1;
          const [d] = decode(
            marketInterface,
            'disputeOf',
            await call(market, marketInterface.encodeFunctionData('disputeOf', [tradeId])),
          );
          toDefault.set(tradeId, Number(d.arbitrationDeadline));
        }
      }),
    ]);
    await Promise.all(
      traders.map(async (t) => {
        const data = tokenInterface.encodeFunctionData('allowance', [t.account.address, market]);
        t.approved = BigInt(await call(token, data)) > 0n;
      }),
    );
  };

  const buy = (buyer: Trader, offerId: bigint, offer: OpenOffer) => {
    const wanted = BigInt(100 + Math.floor(rand() * 500));
    const energyWh = wanted < offer.remaining ? wanted : offer.remaining;
    offer.remaining -= energyWh;
    if (offer.remaining === 0n) offers.delete(offerId);
    run(buyer, async () => {
      const data = marketInterface.encodeFunctionData('buy', [offerId, energyWh]);
      const value = quoteWei(energyWh, offer.price);
      const receipt = await sendAndWait(buyer.sender, { to: market, data, value, gasLimit: GAS.buy });
      const [opened] = eventsOf(receipt, 'TradeOpened');
      if (!opened) {
        offers.delete(offerId);
        return;
      }
      stats.tradesOpened += 1;
      const tradeId = opened.tradeId as bigint;
      const roll = rand();
      if (roll < 0.02 && openDisputes < MAX_OPEN_DISPUTES) {
        openDisputes += 1;
        const payment = opened.paymentAmount as bigint;
        // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
        const bond = payment < options.terms.disputeBond ? payment : options.terms.disputeBond;
        later(1_000 + rand() * 4_000, () => dispute(buyer, tradeId, bond));
      } else if (roll < 0.85) {
        later(1_000 + rand() * 5_000, () => confirm(buyer, tradeId));
      } else {
        toSettle.set(tradeId, Number(opened.disputeDeadline));
      }
    });
  };
  const confirm = (buyer: Trader, tradeId: bigint) =>
    run(buyer, async () => {
      const data = marketInterface.encodeFunctionData('confirmDelivery', [tradeId]);
      if (await sendAndWait(buyer.sender, { to: market, data, gasLimit: GAS.confirm })) stats.confirmed += 1;
    });
  const dispute = (buyer: Trader, tradeId: bigint, bond: bigint) =>
    run(buyer, async () => {
      const data = marketInterface.encodeFunctionData('openDispute', [
        tradeId,
        id(`evidence:${tradeId}:${Date.now()}`),
      ]);
      const receipt = await sendAndWait(buyer.sender, {
        to: market,
        data,
        value: bond,
        gasLimit: GAS.dispute,
      });
      const [opened] = eventsOf(receipt, 'DisputeOpened');
      if (!opened) return;
      stats.disputes += 1;
      toDefault.set(tradeId, Number(opened.arbitrationDeadline));
    });
  const list = (seller: Trader) =>
    run(seller, async () => {
      const balanceData = tokenInterface.encodeFunctionData('balanceOf', [seller.account.address]);
      const balance = BigInt(await call(token, balanceData));
      if (balance < 500n) return;
      if (!seller.approved) {
        const data = tokenInterface.encodeFunctionData('approve', [market, MaxUint256]);
        if (!(await sendAndWait(seller.sender, { to: token, data, gasLimit: GAS.approve }))) return;
        seller.approved = true;
      }
      const energyWh = (balance * BigInt(50 + Math.floor(rand() * 50))) / 100n;
      const simHour = (simulatedNow() % 86_400) / 3600;
      const price = askPriceWei(simHour, rand());
      const expiresAt = Math.floor(Date.now() / 1000) + OFFER_LIFETIME_S;
      const data = marketInterface.encodeFunctionData('listOffer', [energyWh, price, expiresAt]);
      const receipt = await sendAndWait(seller.sender, { to: market, data, gasLimit: GAS.list });
      const [listed] = eventsOf(receipt, 'OfferListed');
      if (!listed) return;
      stats.offersListed += 1;
      offers.set(listed.offerId as bigint, { seller, remaining: energyWh, price, expiresAt });
    });
  const mint = () => {
    const until = Math.floor(simulatedNow());
    const from = meteredUntil;
    meteredUntil = until;
    const producers = traders.filter((t) => t.status === 2 && t.home.panelWp > 0);
    run(null, async () => {
      // The reading is stamped with the chain's time (the token refuses readings from its future, and
      // the simulated day runs faster than the chain): the latest block's, which the previous round's
      // mints moved past the previous stamp, so each meter's readings stay in order.
      const latest = (await chain.request('eth_getBlockByNumber', ['latest', false])) as {
        timestamp: string;
      };
      const readAt = BigInt(latest.timestamp);
      const sent = await Promise.all(
        producers.flatMap((p) => {
          const wh = exportedWh(from, until, p.home, weatherOfDay);
          if (wh < 50) return [];
          const data = tokenInterface.encodeFunctionData('mint', [meterIdOf(p.index), wh, readAt]);
          return [send(oracle, { to: token, data, gasLimit: GAS.mint })];
        }),
      );
      const mined = await Promise.all(sent.map((h) => receipts.wait(h)));
      stats.readings += mined.filter((r) => r?.status === '0x1').length;
      stats.failed += mined.filter((r) => r?.status !== '0x1').length;
    });
  };
  const keep = () => {
    const now = Math.floor(Date.now() / 1000);
    const due = [...toSettle]
      .filter(([, deadline]) => deadline < now - 2)
      .map(([tradeId]) => tradeId)
      .slice(0, 50);
    const expired = [...offers].filter(([, o]) => o.expiresAt < now - 2).slice(0, 20);
    const defaulted = [...toDefault].filter(([, deadline]) => deadline < now - 2).map(([tradeId]) => tradeId);
    for (const tradeId of due) toSettle.delete(tradeId);
    for (const [offerId] of expired) offers.delete(offerId);
    for (const tradeId of defaulted) toDefault.delete(tradeId);
    for (const tradeId of defaulted) {
      run(null, async () => {
        const data = marketInterface.encodeFunctionData('applyDefaultOutcome', [tradeId]);
        if (await sendAndWait(keeper, { to: market, data, gasLimit: GAS.endDispute })) {
          stats.defaultOutcomes += 1;
          openDisputes -= 1;
        }
      });
    }
    if (due.length === 0 && expired.length === 0) return;
    run(null, async () => {
      const sent: string[] = [];
      if (due.length > 0) {
        const data = marketInterface.encodeFunctionData('settleBatch', [due]);
        sent.push(await send(keeper, { to: market, data, gasLimit: 60_000n + 80_000n * BigInt(due.length) }));
      }
      for (const [offerId] of expired) {
        const data = marketInterface.encodeFunctionData('closeExpiredOffer', [offerId]);
        sent.push(await send(keeper, { to: market, data, gasLimit: GAS.close }));
      }
      const mined = await Promise.all(sent.map((h) => receipts.wait(h)));
      if (due.length > 0 && mined[0]?.status === '0x1') {
        stats.settled += (mined[0]?.logs ?? []).filter(
          (l) =>
            l.address.toLowerCase() === market.toLowerCase() &&
            marketInterface.parseLog(l)?.name === 'TradeSettled',
        ).length;
      }
      stats.expiredOffersClosed += mined
        .slice(due.length > 0 ? 1 : 0)
        .filter((r) => r?.status === '0x1').length;
    });
  };
  const applyOne = () => {
    const newcomer = traders.find((t) => t.status === 0 && !t.busy);
    if (!newcomer) return;
    newcomer.status = 1;
    run(newcomer, async () => {
      const data = registryInterface.encodeFunctionData('applyForAdmission', [
        meterIdOf(newcomer.index),
        kycHashOf(newcomer.account.address),
      ]);
      const tx = { to: registry, data, value: options.terms.registrationFeeWei, gasLimit: GAS.apply };
      if (await sendAndWait(newcomer.sender, tx)) stats.applications += 1;
    });
  };

  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    budget = Math.min(budget + (rate * (now - lastTick)) / 1000, rate * 2);
    lastTick = now;
    const admitted = traders.filter((t) => t.status === 2);
    if (now - lastRefresh >= REFRESH_EVERY_MS) {
      lastRefresh = now;
      run(null, refresh);
    }
    if (now - lastMint >= MINT_EVERY_MS) {
      lastMint = now;
      mint();
    }
    if (now - lastKeeper >= KEEPER_EVERY_MS) {
      lastKeeper = now;
      keep();
    }
    if (now >= nextApplication) {
      nextApplication = now + 60_000 + rand() * 120_000;
      applyOne();
    }
    if (!paused) {
      const openPerSeller = new Map<Trader, number>();
      for (const o of offers.values()) openPerSeller.set(o.seller, (openPerSeller.get(o.seller) ?? 0) + 1);
      for (const t of admitted) {
        const open = openPerSeller.get(t) ?? 0;
        if (!t.busy && t.home.panelWp > 0 && open < MAX_OFFERS_PER_SELLER && rand() < 0.1) list(t);
      }
      const nowSec = now / 1000;
      const buyable = [...offers].filter(([, o]) => o.remaining > 0n && o.expiresAt > nowSec + 5);
      while (budget >= 1 && buyable.length > 0) {
        const [offerId, offer] = buyable[Math.floor(rand() * buyable.length)] as [bigint, OpenOffer];
        const buyer = pick(admitted.filter((t) => !t.busy && t !== offer.seller));
        if (!buyer) break;
        budget -= 1;
        buy(buyer, offerId, offer);
        if (offer.remaining === 0n)
          buyable.splice(
            buyable.findIndex(([i]) => i === offerId),
            1,
          );
      }
    }
    later(TICK_MS, tick);
  };

  run(null, async () => {
    await refresh();
    lastRefresh = Date.now();
    later(0, tick);
  });
  log.info('simulator: started', { tradesPerSecond: rate, dayLengthSeconds: 86_400 / speed });

  let stopping: Promise<void> | null = null;
  return {
    stats,
    stop: () => {
      stopping ??= (async () => {
        stopped = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        // Whatever was sent goes into a block now, so no job waits for the next interval.
        await chain.request('evm_mine').catch(() => undefined);
        const settled = Promise.allSettled([...jobs]);
        const deadline = new Promise((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          void settled.then(() => clearTimeout(timer));
        });
        await Promise.race([settled, deadline]);
        const pending = (await chain
          .request('eth_getBlockByNumber', ['pending', false])
          .catch(() => null)) as { transactions: string[] } | null;
        if (pending && pending.transactions.length > 0)
          await chain.request('evm_mine').catch(() => undefined);
        receipts.abandon();
        log.info('simulator: stopped', { ...stats });
      })();
      return stopping;
    },
  };
}
