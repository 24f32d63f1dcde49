import { id, MaxUint256, type Result } from 'ethers';
import type { Intent, SafeSetup } from '../safe';
import { marketInterface, registryInterface, tokenInterface } from '../safe';
import { decideAsConsortium } from './consortium';
import type { DemoAccount, DemoAccounts } from './keys';
import type { LocalChain } from './local-chain';
import { askPriceWei, demoHousehold, exportedWh, type Household, quoteWei, weatherOfDay } from './profile';
import { randomSource } from './random';
import { DemoSender, GAS, oneBlock, type RawReceipt } from './tx';

/** How far back the seeded history starts. */
export const SEED_HISTORY_DAYS = 5;
export const FOUNDING_PROSUMERS = 20;
export const WAITING_APPLICANTS = 5;
/** Market sessions of each seeded day (UTC hours): readings, offers, purchases, outcomes. */
const SESSION_HOURS = [9, 13, 18];
const OFFER_LIFETIME = 3 * 3600;

export interface SeedSummary {
  prosumers: number;
  applications: number;
  offersListed: number;
  trades: { open: number; disputed: number; confirmed: number; settledAfterWindow: number; resolved: number };
  blocks: number;
  transactions: number;
  /** Timestamp of the first seeded market session (unix seconds). */
  historyFrom: number;
  /** How long seeding took (wall clock). */
  durationMs: number;
}

export interface SeedOptions {
  chain: Pick<LocalChain, 'request' | 'provider'>;
  setup: SafeSetup;
  accounts: DemoAccounts;
  terms: {
    registrationFeeWei: bigint;
    disputeWindowSeconds: number;
    disputeBond: bigint;
    arbitrationPeriodSeconds: number;
  };
}

export const meterIdOf = (prosumerIndex: number) => id(`gridkeeper-demo-meter-${prosumerIndex + 1}`);
export const kycHashOf = (address: string) => id(`gridkeeper-demo-kyc:${address.toLowerCase()}`);

type TradeStatus = keyof SeedSummary['trades'];
interface Prosumer {
  index: number;
  account: DemoAccount;
  home: Household;
  sender: DemoSender;
  approved: boolean;
}

/**
 * A few days of market history, back-dated: the founding prosumers apply and the consortium admits
 * them in one Safe batch; then three market sessions a day (meter readings minted by the oracle,
 * offers, purchases, confirmations, disputes, settlement after the window, expired offers closed),
 * two disputes resolved by the Safe, one ended by its default outcome after the arbitration deadline,
 * one past its deadline waiting for anyone to apply the default, one opened so that its deadline is
 * ten minutes after seeding, applicants waiting, and a last session just before now with open offers
 * and open trades. Each step of a session is one block. Deterministic for a given start.
 */
export async function seedHistory({ chain, setup, accounts, terms }: SeedOptions): Promise<SeedSummary> {
  const { registry, token, market } = setup.market;
  const rand = randomSource(42);
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)] as T;
  const now = Math.floor(Date.now() / 1000);

  const prosumers: Prosumer[] = accounts.prosumers.map((account, index) => ({
    index,
    account,
    home: demoHousehold(index),
    sender: new DemoSender(account.privateKey, chain),
    approved: false,
  }));
  const founders = prosumers.slice(0, FOUNDING_PROSUMERS);
  const waiting = prosumers.slice(FOUNDING_PROSUMERS, FOUNDING_PROSUMERS + WAITING_APPLICANTS);
  const producers = founders.filter((p) => p.home.panelWp > 0);
  const oracle = new DemoSender(accounts.oracle.privateKey, chain);
  const keeper = new DemoSender(accounts.deployer.privateKey, chain);

  let clock = Number(
    ((await chain.request('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }).timestamp,
  );
  const at = (t: number) => {
    clock = Math.max(Math.floor(t), clock + 1);
    return clock;
  };
  const summary: SeedSummary = {
    prosumers: 0,
    applications: 0,
    offersListed: 0,
    trades: { open: 0, disputed: 0, confirmed: 0, settledAfterWindow: 0, resolved: 0 },
    blocks: 0,
    transactions: 0,
    historyFrom: 0,
    durationMs: 0,
  };
  const started = performance.now();
  const block = async (what: string, t: number, sends: Array<() => Promise<string>>) => {
    if (sends.length === 0) return [];
    const receipts = await oneBlock(
      chain,
      what,
      async () => {
        const hashes: string[] = [];
        for (const send of sends) hashes.push(await send());
        return hashes;
      },
      at(t),
    );
    summary.blocks += 1;
    summary.transactions += receipts.length;
    return receipts;
  };
  const decide = async (intents: Intent[], t: number) => {
    await chain.request('evm_setNextBlockTimestamp', [at(t)]);
    await decideAsConsortium(chain.provider, setup, accounts.owners, intents);
    summary.blocks += 1;
    summary.transactions += 1;
  };
  const marketEvents = (receipts: RawReceipt[], name: string) =>
    receipts
      .flatMap((r) => r.logs)
      .filter((l) => l.address.toLowerCase() === market.toLowerCase())
      .map((l) => marketInterface.parseLog(l))
      .filter((e) => e?.name === name)
      .map((e) => e?.args as Result);
  const call = async (to: string, data: string) =>
    (await chain.request('eth_call', [{ to, data }, 'latest'])) as string;
  const energyOf = async (address: string) =>
    BigInt(await call(token, tokenInterface.encodeFunctionData('balanceOf', [address])));
  /** The bond a dispute of `tradeId` costs: the market's bond, capped at the trade's payment. */
  const bondOf = (tradeId: bigint) => {
    const payment = (trades.get(tradeId) as { payment: bigint }).payment;
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
    return payment < terms.disputeBond ? payment : terms.disputeBond;
  };
  const openDispute = (tradeId: bigint) => {
    const trade = trades.get(tradeId) as { status: TradeStatus; buyer: Prosumer };
    trade.status = 'disputed';
    const data = marketInterface.encodeFunctionData('openDispute', [tradeId, id(`evidence:${tradeId}`)]);
    const value = bondOf(tradeId);
    return () => trade.buyer.sender.send({ to: market, data, value, gasLimit: GAS.dispute });
  };
  const applicationHashOf = async (address: string) =>
    registryInterface.decodeFunctionResult(
      'applicationHashOf',
      await call(registry, registryInterface.encodeFunctionData('applicationHashOf', [address])),
    )[0] as string;
  const apply = (p: Prosumer) => () =>
    p.sender.send({
      to: registry,
      data: registryInterface.encodeFunctionData('applyForAdmission', [
        meterIdOf(p.index),
        kycHashOf(p.account.address),
      ]),
      value: terms.registrationFeeWei,
      gasLimit: GAS.apply,
    });

  // The founding prosumers apply; the consortium admits them all in one Safe transaction.
  const start = clock;
  await block('founding applications', start + 600, founders.map(apply));
  const reviewed = await Promise.all(founders.map((p) => applicationHashOf(p.account.address)));
  await decide(
    founders.map((p, i) => ({
      kind: 'admit',
      prosumer: p.account.address,
      applicationHash: reviewed[i] as string,
    })),
    start + 2400,
  );
  summary.prosumers = founders.length;

  const firstDay = Math.floor(start / 86_400);
  const sessions: number[] = [];
  for (let day = firstDay; day * 86_400 < now; day++) {
    for (const hour of SESSION_HOURS) {
      const t = day * 86_400 + hour * 3600;
      // Up to an arbitration period (and a margin) before now: then comes the dispute near its deadline.
      if (t > start + 3 * 3600 && t < now - terms.arbitrationPeriodSeconds - 30 * 60) sessions.push(t);
    }
  }
  if (sessions.length < 9)
    throw new Error(`Seeding needs at least 9 market sessions, found ${sessions.length}`);
  summary.historyFrom = sessions[0] as number;
  const n = sessions.length;
  // Disputes are opened in these sessions (or the next one with a trade): the Safe resolves the first
  // two within their arbitration period, the third ends by its default outcome, the fourth is past its
  // deadline with nobody having applied the default yet.
  const disputeAt = new Set([2, 4, n - 3, n - 2]);
  const resolvedAt = new Map([
    [2, 6000],
    [4, 3000],
  ]);
  let disputesOwed = 0;
  const awaitingDefault: bigint[] = [];
  const applyAt = new Map(waiting.map((p, i) => [n - WAITING_APPLICANTS + i, p]));

  const openOffers = new Map<
    bigint,
    { seller: Prosumer; remaining: bigint; price: bigint; expiresAt: number }
  >();
  const trades = new Map<
    bigint,
    { status: TradeStatus; buyer: Prosumer; seller: Prosumer; payment: bigint }
  >();
  let lastReading = start;

  const session = async (T: number, opts: { last: boolean }) => {
    const hour = (T % 86_400) / 3600;
    const index = sessions.indexOf(T);
    // A dispute left to its deadline ends by the default outcome, applied by anyone (the keeper).
    await block(
      'default outcomes',
      T - 60,
      awaitingDefault.splice(0).map((tradeId) => () => {
        (trades.get(tradeId) as { status: TradeStatus }).status = 'resolved';
        const data = marketInterface.encodeFunctionData('applyDefaultOutcome', [tradeId]);
        return keeper.send({ to: market, data, gasLimit: GAS.endDispute });
      }),
    );
    // Meter readings since the previous session, minted by the oracle.
    await block(
      'meter readings',
      T,
      producers.flatMap((p) => {
        const wh = exportedWh(lastReading, T, p.home, weatherOfDay);
        if (wh < 100) return [];
        const data = tokenInterface.encodeFunctionData('mint', [meterIdOf(p.index), wh, T]);
        return [() => oracle.send({ to: token, data, gasLimit: GAS.mint })];
      }),
    );
    lastReading = T;
    // Offers that ran out are closed (anyone may); their energy goes back to the seller.
    const expired = [...openOffers].filter(([, o]) => o.expiresAt <= T + 30);
    await block(
      'expired offers closed',
      T + 30,
      expired.map(([offerId]) => () => {
        openOffers.delete(offerId);
        const data = marketInterface.encodeFunctionData('closeExpiredOffer', [offerId]);
        return keeper.send({ to: market, data, gasLimit: GAS.close });
      }),
    );
    // Producers list part of what they hold (one offer at a time, except in the last session).
    const sellers = producers.filter(
      (p) => opts.last || ![...openOffers.values()].some((o) => o.seller === p),
    );
    const balances = await Promise.all(sellers.map((p) => energyOf(p.account.address)));
    const expiresAt = opts.last ? now + 86_400 : T + OFFER_LIFETIME;
    const listings = sellers.flatMap((p, i) => {
      const balance = balances[i] as bigint;
      if (balance < 1000n || (!opts.last && rand() < 0.3)) return [];
      const energyWh = (balance * BigInt(60 + Math.floor(rand() * 30))) / 100n;
      const price = askPriceWei(hour, rand());
      const sends = [];
      if (!p.approved) {
        p.approved = true;
        const data = tokenInterface.encodeFunctionData('approve', [market, MaxUint256]);
        sends.push(() => p.sender.send({ to: token, data, gasLimit: GAS.approve }));
      }
      const data = marketInterface.encodeFunctionData('listOffer', [energyWh, price, expiresAt]);
      sends.push(() => p.sender.send({ to: market, data, gasLimit: GAS.list }));
      return sends;
    });
    const listedReceipts = await block('offers', T + 60, listings);
    const newOffers: bigint[] = [];
    for (const e of marketEvents(listedReceipts, 'OfferListed')) {
      const seller = producers.find((p) => p.account.address === e.seller) as Prosumer;
      openOffers.set(e.offerId, { seller, remaining: e.energyWh, price: e.pricePerKWh, expiresAt });
      newOffers.push(e.offerId);
      summary.offersListed += 1;
    }
    // Households buy slices of the new offers (several buyers may share one offer).
    const purchases: Array<() => Promise<string>> = [];
    const busy = new Set<Prosumer>();
    for (const offerId of newOffers) {
      const offer = openOffers.get(offerId) as { seller: Prosumer; remaining: bigint; price: bigint };
      const buyers = 1 + Math.floor(rand() * 2);
      for (let b = 0; b < buyers; b++) {
        const candidates = founders.filter((p) => p !== offer.seller && !busy.has(p));
        if (candidates.length === 0) break;
        const consumers = candidates.filter((p) => p.home.panelWp === 0);
        const buyer = consumers.length > 0 && rand() < 0.7 ? pick(consumers) : pick(candidates);
        busy.add(buyer);
        const wanted = BigInt(500 + Math.floor(rand() * 3500));
        const energyWh = wanted < offer.remaining ? wanted : offer.remaining;
        if (energyWh === 0n) continue;
        offer.remaining -= energyWh;
        const data = marketInterface.encodeFunctionData('buy', [offerId, energyWh]);
        const value = quoteWei(energyWh, offer.price);
        purchases.push(() => buyer.sender.send({ to: market, data, value, gasLimit: GAS.buy }));
      }
      if (offer.remaining === 0n) openOffers.delete(offerId);
    }
    const bought = await block('purchases', T + 300, purchases);
    const newTrades: bigint[] = [];
    for (const e of marketEvents(bought, 'TradeOpened')) {
      const of = (a: string) => founders.find((p) => p.account.address === a) as Prosumer;
      trades.set(e.tradeId, {
        status: 'open',
        buyer: of(e.buyer),
        seller: of(e.seller),
        payment: e.paymentAmount,
      });
      newTrades.push(e.tradeId);
    }
    if (opts.last) {
      // One dispute opened just before now: the Safe has its whole arbitration period to decide it.
      const [fresh] = newTrades;
      if (fresh !== undefined) await block('a fresh dispute', T + 360, [openDispute(fresh)]);
      return;
    }
    // Inside the window: most buyers confirm, a few trades are disputed, the rest are left to settle.
    const left: bigint[] = [];
    if (disputeAt.has(index)) disputesOwed += 1;
    const disputed: bigint[] = [];
    const outcomes = newTrades.flatMap((tradeId) => {
      const trade = trades.get(tradeId) as { status: TradeStatus; buyer: Prosumer };
      if (disputesOwed > 0) {
        disputesOwed -= 1;
        disputed.push(tradeId);
        return [openDispute(tradeId)];
      }
      if (rand() < 0.75) {
        trade.status = 'confirmed';
        const data = marketInterface.encodeFunctionData('confirmDelivery', [tradeId]);
        return [() => trade.buyer.sender.send({ to: market, data, gasLimit: GAS.confirm })];
      }
      left.push(tradeId);
      return [];
    });
    const applicant = applyAt.get(sessions.indexOf(T));
    if (applicant) {
      outcomes.push(apply(applicant));
      summary.applications += 1;
    }
    await block('confirmations and disputes', T + 480, outcomes);
    // After the window anyone may settle what nobody confirmed or disputed.
    const settleData = marketInterface.encodeFunctionData('settleBatch', [left]);
    const gasLimit = 60_000n + GAS.settleEach * BigInt(left.length);
    await block(
      'settlement after the window',
      T + 300 + terms.disputeWindowSeconds + 120,
      left.length === 0 ? [] : [() => keeper.send({ to: market, data: settleData, gasLimit })],
    );
    for (const tradeId of left)
      (trades.get(tradeId) as { status: TradeStatus }).status = 'settledAfterWindow';
    // The Safe decides the early disputes well inside their arbitration period.
    const share = resolvedAt.get(index);
    if (share !== undefined && disputed.length > 0) {
      await decide(
        disputed.map((tradeId) => ({ kind: 'resolveDispute', tradeId, sellerShareBps: share })),
        T + 1500,
      );
      for (const tradeId of disputed) (trades.get(tradeId) as { status: TradeStatus }).status = 'resolved';
    } else if (index === n - 3) {
      awaitingDefault.push(...disputed);
    }
  };

  for (const T of sessions) await session(T, { last: false });

  // A dispute whose arbitration deadline falls ten minutes after now: a seller lists, a household
  // buys, and disputes at once.
  const late = now - terms.arbitrationPeriodSeconds + 600;
  const lateSeller = producers.find((p) => p.approved) as Prosumer;
  const lateBuyer = founders.find((p) => p !== lateSeller && p.home.panelWp === 0) as Prosumer;
  await block('meter reading for the late dispute', late - 300, [
    () =>
      oracle.send({
        to: token,
        data: tokenInterface.encodeFunctionData('mint', [meterIdOf(lateSeller.index), 1_000n, late - 300]),
        gasLimit: GAS.mint,
      }),
  ]);
  const lateListing = await block('offer for the late dispute', late - 240, [
    () =>
      lateSeller.sender.send({
        to: market,
        data: marketInterface.encodeFunctionData('listOffer', [1_000n, askPriceWei(12, rand()), now + 3600]),
        gasLimit: GAS.list,
      }),
  ]);
  const lateOffer = marketEvents(lateListing, 'OfferListed')[0] as Result;
  summary.offersListed += 1;
  const lateBought = await block('purchase for the late dispute', late - 120, [
    () =>
      lateBuyer.sender.send({
        to: market,
        data: marketInterface.encodeFunctionData('buy', [lateOffer.offerId, 1_000n]),
        value: quoteWei(1_000n, lateOffer.pricePerKWh),
        gasLimit: GAS.buy,
      }),
  ]);
  const lateTrade = marketEvents(lateBought, 'TradeOpened')[0] as Result;
  trades.set(lateTrade.tradeId, {
    status: 'open',
    buyer: lateBuyer,
    seller: lateSeller,
    payment: lateTrade.paymentAmount,
  });
  await block('dispute near its deadline', late, [openDispute(lateTrade.tradeId)]);

  // The last session ends (purchases at T + 300) a little before now: its trades are open for a while.
  await session(now - 420, { last: true });
  // From here the chain's clock is the wall clock: the engine keeps the offset of the last timestamp
  // it was told, so the seeded history (stamped up to ~2 min before the start) must not be the last.
  await chain.request('evm_setNextBlockTimestamp', [at(Date.now() / 1000)]);
  await chain.request('evm_mine');
  summary.blocks += 1;
  for (const trade of trades.values()) summary.trades[trade.status] += 1;
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}
