// Gas of every market operation with 10 and with 1,000 admitted prosumers and open trades, and of the
// consortium's decisions executed through a real Safe v1.4.1 as MultiSendCallOnly batches (1 and 50
// admissions), without and with the ConsortiumGuard.
//
//   npm run bench:gas [-- --json FILE]
//
// Each column starts a fresh in-process chain, fills it with the background population (N admitted
// prosumers, each with an open offer and an open trade), then runs the same measurement script on
// objects created for it alone. Every measured transaction therefore touches the same kinds of storage
// slots in both columns (fresh vs already-written, cold at the start of each transaction), so any
// difference between the columns is the population's doing.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import MultiSendCallOnly from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json' with {
  type: 'json',
};
import SafeProxyFactory from '@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json' with {
  type: 'json',
};
import SafeL2 from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import {
  concat,
  getAddress,
  getCreateAddress,
  Interface,
  id,
  solidityPacked,
  toBeHex,
  Wallet,
  ZeroAddress,
} from 'ethers';
import hre from 'hardhat';
import { execTransactionData } from '../electron/core/safe/execute/execute';
import { hashSafeTx } from '../electron/core/safe/verify/hash';

const SIZES = [10, 1_000] as const;
const OPERATIONS = [
  'apply',
  'admit',
  'reject',
  'mint',
  'listOffer',
  'buy',
  'confirm',
  'settle',
  'settleBatch50',
  'openDispute',
  'resolveDispute',
  'withdrawDispute',
  'applyDefaultOutcome',
  'withdraw',
  'acceptOwnership',
  // Through the Safe (execTransaction, signed by 2 of 2 owners): a MultiSendCallOnly batch of 1 and of 50
  // admissions, without the guard, then with it.
  'safeBatch1',
  'safeBatch50',
  'safeBatch1Guarded',
  'safeBatch50Guarded',
] as const;
type Operation = (typeof OPERATIONS)[number];

const REGISTRATION_FEE = 10n ** 16n;
const FEE_BPS = 250;
const WINDOW = 3_600;
/** The dispute bond (0.1 POL, below every measured trade's payment) and the arbitration period. */
const BOND = 10n ** 17n;
const ARBITRATION = 86_400;
const OFFER_WH = 10_000n;
const PRICE = 2n * 10n ** 17n; // per kWh: 10 kWh cost 2 POL
const BATCH = 50;
const HARDFORK = 'cancun';

const { values: args } = parseArgs({ options: { json: { type: 'string' } } });

interface Receipt {
  gasUsed: string;
  status: string;
}

/** Transactions from any address (impersonated), with a fixed gas limit so nothing is estimated. */
class Chain {
  private readonly known = new Set<string>();
  /** Calldata gas (EIP-2028: 4 per zero byte, 16 per other byte) of the last transaction sent. */
  lastCalldataGas = 0;
  constructor(
    private readonly provider: { request(a: { method: string; params?: unknown[] }): Promise<unknown> },
  ) {}

  rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    return this.provider.request({ method, params }) as Promise<T>;
  }

  async account(address: string, balance = 10n ** 22n): Promise<void> {
    await this.rpc('hardhat_setBalance', [address, toBeHex(balance)]);
    if (this.known.has(address)) return;
    await this.rpc('hardhat_impersonateAccount', [address]);
    this.known.add(address);
  }

  /** Sends and mines one transaction; returns its gas. Throws if it reverted. */
  async send(from: string, to: string | null, data: string, value = 0n): Promise<number> {
    const hash = await this.rpc<string>('eth_sendTransaction', [
      { from, ...(to ? { to } : {}), data, value: toBeHex(value), gas: toBeHex(15_000_000) },
    ]);
    const receipt = await this.rpc<Receipt>('eth_getTransactionReceipt', [hash]);
    if (receipt.status !== '0x1') throw new Error(`transaction ${hash} reverted`);
    this.lastCalldataGas = calldataGas(data);
    return Number(BigInt(receipt.gasUsed));
  }

  async deploy(from: string, contract: string, constructorArgs: unknown[]): Promise<string> {
    const artifact = await hre.artifacts.readArtifact(contract);
    const iface = new Interface(artifact.abi);
    return this.deployCode(from, artifact.bytecode + iface.encodeDeploy(constructorArgs).slice(2));
  }

  async deployCode(from: string, creationCode: string): Promise<string> {
    const nonce = Number(BigInt(await this.rpc<string>('eth_getTransactionCount', [from, 'latest'])));
    await this.send(from, null, creationCode);
    return getCreateAddress({ from, nonce });
  }

  call(to: string, data: string): Promise<string> {
    return this.rpc<string>('eth_call', [{ to, data }, 'latest']);
  }

  async increaseTime(seconds: number): Promise<void> {
    await this.rpc('evm_increaseTime', [seconds]);
    await this.rpc('evm_mine');
  }

  async now(): Promise<number> {
    const block = await this.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false]);
    return Number(BigInt(block.timestamp));
  }
}

function calldataGas(data: string): number {
  let gas = 0;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === '00' ? 4 : 16;
  return gas;
}

const ownable = new Interface(['function transferOwnership(address newOwner)', 'function acceptOwnership()']);
const transferOwnership = (to: string) => ownable.encodeFunctionData('transferOwnership', [to]);
const acceptOwnership = () => ownable.encodeFunctionData('acceptOwnership');

function addressOf(label: string): string {
  return getAddress(`0x${id(label).slice(26)}`);
}

async function abiOf(contract: string): Promise<Interface> {
  return new Interface((await hre.artifacts.readArtifact(contract)).abi);
}

/** The market as one party of calls: encodes with the ABIs and sends from `from`. */
class Market {
  constructor(
    readonly chain: Chain,
    readonly safe: string,
    readonly oracle: string,
    readonly registry: string,
    readonly token: string,
    readonly market: string,
    private readonly abi: { registry: Interface; token: Interface; market: Interface },
  ) {}

  private meter = 0;
  /** Each prosumer's meter id, bound to it on admission (mints name the meter). */
  private readonly meters = new Map<string, string>();
  private lastTrade = 0n;
  private lastOffer = 0n;

  apply(who: string) {
    this.meter += 1;
    this.meters.set(who, id(`meter:${this.meter}`));
    const data = this.abi.registry.encodeFunctionData('applyForAdmission', [
      id(`meter:${this.meter}`),
      id(`kyc:${who}`),
    ]);
    return this.chain.send(who, this.registry, data, REGISTRATION_FEE);
  }
  /** The hash of `who`'s application, as the owners reviewed it (read from the registry). */
  async application(who: string): Promise<string> {
    const data = this.abi.registry.encodeFunctionData('applicationHashOf', [who]);
    return this.abi.registry.decodeFunctionResult(
      'applicationHashOf',
      await this.chain.rpc<string>('eth_call', [{ to: this.registry, data }, 'latest']),
    )[0] as string;
  }
  async admit(who: string) {
    const data = this.abi.registry.encodeFunctionData('admit', [who, await this.application(who)]);
    return this.chain.send(this.safe, this.registry, data);
  }
  async reject(who: string) {
    const data = this.abi.registry.encodeFunctionData('reject', [
      who,
      await this.application(who),
      'documents do not match the meter address',
    ]);
    return this.chain.send(this.safe, this.registry, data);
  }
  /** Mints a reading of `to`'s meter taken at the latest block's time (after its admission). */
  async mint(to: string, energyWh: bigint) {
    const meter = this.meters.get(to) as string;
    const data = this.abi.token.encodeFunctionData('mint', [meter, energyWh, await this.chain.now()]);
    return this.chain.send(this.oracle, this.token, data);
  }
  approve(who: string, energyWh: bigint) {
    return this.chain.send(
      who,
      this.token,
      this.abi.token.encodeFunctionData('approve', [this.market, energyWh]),
    );
  }
  async listOffer(
    seller: string,
    energyWh: bigint,
    expiresAt: number,
  ): Promise<{ gas: number; offerId: bigint }> {
    const data = this.abi.market.encodeFunctionData('listOffer', [energyWh, PRICE, expiresAt]);
    const gas = await this.chain.send(seller, this.market, data);
    this.lastOffer += 1n;
    return { gas, offerId: this.lastOffer };
  }
  async buy(buyer: string, offerId: bigint, energyWh: bigint): Promise<{ gas: number; tradeId: bigint }> {
    const payment = (energyWh * PRICE + 999n) / 1_000n;
    const data = this.abi.market.encodeFunctionData('buy', [offerId, energyWh]);
    const gas = await this.chain.send(buyer, this.market, data, payment);
    this.lastTrade += 1n;
    return { gas, tradeId: this.lastTrade };
  }
  confirm(buyer: string, tradeId: bigint) {
    return this.chain.send(
      buyer,
      this.market,
      this.abi.market.encodeFunctionData('confirmDelivery', [tradeId]),
    );
  }
  settle(caller: string, tradeId: bigint) {
    return this.chain.send(caller, this.market, this.abi.market.encodeFunctionData('settle', [tradeId]));
  }
  settleBatch(caller: string, tradeIds: bigint[]) {
    return this.chain.send(
      caller,
      this.market,
      this.abi.market.encodeFunctionData('settleBatch', [tradeIds]),
    );
  }
  openDispute(party: string, tradeId: bigint) {
    const data = this.abi.market.encodeFunctionData('openDispute', [tradeId, id(`evidence:${tradeId}`)]);
    return this.chain.send(party, this.market, data, BOND);
  }
  withdrawDispute(party: string, tradeId: bigint) {
    const data = this.abi.market.encodeFunctionData('withdrawDispute', [tradeId]);
    return this.chain.send(party, this.market, data);
  }
  applyDefaultOutcome(caller: string, tradeId: bigint) {
    const data = this.abi.market.encodeFunctionData('applyDefaultOutcome', [tradeId]);
    return this.chain.send(caller, this.market, data);
  }
  resolveDispute(tradeId: bigint, sellerShareBps: number) {
    const data = this.abi.market.encodeFunctionData('resolveDispute', [tradeId, sellerShareBps]);
    return this.chain.send(this.safe, this.market, data);
  }
  withdraw(who: string) {
    return this.chain.send(who, this.market, this.abi.market.encodeFunctionData('withdraw'));
  }

  /** A new admitted prosumer (not measured). */
  async prosumer(label: string): Promise<string> {
    const who = addressOf(label);
    await this.chain.account(who);
    await this.apply(who);
    await this.admit(who);
    return who;
  }

  /** A new seller with a listed offer of `energyWh` (not measured). */
  async seller(label: string, energyWh = OFFER_WH): Promise<{ seller: string; offerId: bigint }> {
    const seller = await this.prosumer(label);
    await this.mint(seller, energyWh);
    await this.approve(seller, energyWh);
    const { offerId } = await this.listOffer(seller, energyWh, (await this.chain.now()) + 86_400);
    return { seller, offerId };
  }

  /** A trade between a new seller and a new buyer (not measured). */
  async trade(label: string): Promise<{ seller: string; buyer: string; tradeId: bigint }> {
    const { seller, offerId } = await this.seller(`${label}:seller`);
    const buyer = await this.prosumer(`${label}:buyer`);
    const { tradeId } = await this.buy(buyer, offerId, OFFER_WH);
    return { seller, buyer, tradeId };
  }
}

const safeAbi = new Interface(SafeL2.abi);
const multiSendAbi = new Interface(MultiSendCallOnly.abi);

/** A real Safe v1.4.1 (Safe's own npm artifacts) of two owners with threshold two. */
class ConsortiumSafe {
  private constructor(
    readonly chain: Chain,
    readonly address: string,
    readonly multiSendCallOnly: string,
    private readonly owners: Wallet[],
    private readonly executor: string,
  ) {}

  /** Deployed from its own account, so that its addresses are the same in every column. */
  static async deploy(chain: Chain): Promise<ConsortiumSafe> {
    const [deployer, executor] = ['safe deployer', 'safe executor'].map(addressOf) as [string, string];
    for (const a of [deployer, executor]) await chain.account(a);
    const singleton = await chain.deployCode(deployer, SafeL2.bytecode);
    const factory = await chain.deployCode(deployer, SafeProxyFactory.bytecode);
    const multiSendCallOnly = await chain.deployCode(deployer, MultiSendCallOnly.bytecode);
    const owners = ['owner 1', 'owner 2']
      .map((label) => new Wallet(id(`bench ${label}`)))
      .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const setup = safeAbi.encodeFunctionData('setup', [
      owners.map((o) => o.address),
      2,
      ZeroAddress,
      '0x',
      ZeroAddress,
      ZeroAddress,
      0,
      ZeroAddress,
    ]);
    const factoryAbi = new Interface(SafeProxyFactory.abi);
    const create = factoryAbi.encodeFunctionData('createProxyWithNonce', [singleton, setup, 0]);
    const [safe] = factoryAbi.decodeFunctionResult('createProxyWithNonce', await chain.call(factory, create));
    await chain.send(deployer, factory, create);
    return new ConsortiumSafe(chain, getAddress(safe as string), multiSendCallOnly, owners, executor);
  }

  /** `execTransaction`, hashed and encoded as the app does, signed by both owners, sent by the executor; returns its gas. */
  async exec(to: string, data: string, operation: 0 | 1): Promise<number> {
    const nonce = BigInt(await this.chain.call(this.address, safeAbi.encodeFunctionData('nonce')));
    const tx = {
      to,
      value: 0n,
      data,
      operation,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: ZeroAddress,
      refundReceiver: ZeroAddress,
    };
    const chainId = BigInt(await this.chain.rpc<string>('eth_chainId'));
    const { safeTxHash } = hashSafeTx({ chainId, address: this.address, version: '1.4.1' }, { ...tx, nonce });
    const signatures = concat(this.owners.map((o) => o.signingKey.sign(safeTxHash).serialized));
    return this.chain.send(this.executor, this.address, execTransactionData(tx, signatures));
  }

  /** A MultiSendCallOnly batch of `calls`, delegatecalled by the Safe. */
  batch(calls: { to: string; data: string }[]): Promise<number> {
    const packed = concat(
      calls.map((c) =>
        solidityPacked(
          ['uint8', 'address', 'uint256', 'uint256', 'bytes'],
          [0, c.to, 0, (c.data.length - 2) / 2, c.data],
        ),
      ),
    );
    return this.exec(this.multiSendCallOnly, multiSendAbi.encodeFunctionData('multiSend', [packed]), 1);
  }

  /** Deploys a ConsortiumGuard allowing `targets` and installs it through the Safe. */
  async installGuard(targets: string[]): Promise<void> {
    const guard = await this.chain.deploy(this.executor, 'ConsortiumGuard', [
      this.address,
      this.multiSendCallOnly,
      targets,
    ]);
    await this.exec(this.address, safeAbi.encodeFunctionData('setGuard', [guard]), 0);
  }
}

async function deploy(chain: Chain): Promise<Market> {
  const [deployer, safe, oracle] = ['deployer', 'safe', 'oracle'].map(addressOf) as [string, string, string];
  for (const a of [deployer, safe, oracle]) await chain.account(a);
  // Each contract names the next one, deployed right after it: registry -> token -> market.
  const nonce = Number(BigInt(await chain.rpc<string>('eth_getTransactionCount', [deployer, 'latest'])));
  const predictedToken = getCreateAddress({ from: deployer, nonce: nonce + 1 });
  const predicted = getCreateAddress({ from: deployer, nonce: nonce + 2 });
  const registry = await chain.deploy(deployer, 'ProsumerRegistry', [safe, REGISTRATION_FEE, predictedToken]);
  const token = await chain.deploy(deployer, 'EnergyToken', [safe, registry, predicted]);
  const market = await chain.deploy(deployer, 'EnergyMarket', [
    safe,
    registry,
    token,
    '0x0000000000000000000000000000000000000000',
    FEE_BPS,
    WINDOW,
    BOND,
    ARBITRATION,
  ]);
  if (market !== predicted) throw new Error('market address prediction failed');
  const abi = {
    registry: await abiOf('ProsumerRegistry'),
    token: await abiOf('EnergyToken'),
    market: await abiOf('EnergyMarket'),
  };
  const m = new Market(chain, safe, oracle, registry, token, market, abi);
  await chain.send(safe, token, abi.token.encodeFunctionData('setMeterOracle', [oracle, true]));
  return m;
}

/** N admitted prosumers, each with an open offer, and N open trades (prosumer i+1 buys from i). */
async function populate(m: Market, n: number): Promise<void> {
  const offers: { seller: string; offerId: bigint }[] = [];
  for (let i = 0; i < n; i++) offers.push(await m.seller(`population:${i}`, 2n * OFFER_WH));
  for (let i = 0; i < n; i++) {
    const buyer = offers[(i + 1) % n]!.seller;
    await m.buy(buyer, offers[i]!.offerId, OFFER_WH);
  }
}

interface Measured {
  gas: Record<Operation, number>;
  /** settleBatch of 50 trades from 5 sellers to 5 buyers, 10 consecutive trades per pair (printed only). */
  groupedBatch: number;
  /** The same prosumer's next reading and next listing, after its first ones (printed only). */
  next: { mint: number; listOffer: number };
  /** Gas minus calldata gas: what execution (storage, calls, logs) cost. */
  execution: Record<Operation, number>;
}

async function measure(m: Market): Promise<Measured> {
  const measured: Measured = {
    groupedBatch: 0,
    next: { mint: 0, listOffer: 0 },
    gas: {} as Record<Operation, number>,
    execution: {} as Record<Operation, number>,
  };
  const take = (op: Operation, gasUsed: number) => {
    measured.gas[op] = gasUsed;
    measured.execution[op] = gasUsed - m.chain.lastCalldataGas;
  };
  const anyone = addressOf('keeper');
  await m.chain.account(anyone);

  const applicant = addressOf('measure:applicant');
  await m.chain.account(applicant);
  take('apply', await m.apply(applicant));
  take('admit', await m.admit(applicant));
  const rejected = addressOf('measure:rejected');
  await m.chain.account(rejected);
  await m.apply(rejected);
  take('reject', await m.reject(rejected));

  take('mint', await m.mint(applicant, OFFER_WH));
  await m.approve(applicant, OFFER_WH);
  const listed = await m.listOffer(applicant, OFFER_WH, (await m.chain.now()) + 86_400);
  take('listOffer', listed.gas);
  // What a producer pays from then on: its next reading, and its next listing (of all it holds again).
  measured.next.mint = await m.mint(applicant, OFFER_WH);
  await m.approve(applicant, OFFER_WH);
  measured.next.listOffer = (await m.listOffer(applicant, OFFER_WH, (await m.chain.now()) + 86_400)).gas;
  const buyer = await m.prosumer('measure:buyer');
  const bought = await m.buy(buyer, listed.offerId, OFFER_WH / 2n);
  take('buy', bought.gas);
  take('confirm', await m.confirm(buyer, bought.tradeId));

  // Trades for the remaining measurements, each between its own new seller and buyer.
  const toSettle = await m.trade('measure:settle');
  const batch: bigint[] = [];
  for (let i = 0; i < BATCH; i++) batch.push((await m.trade(`measure:batch:${i}`)).tradeId);
  const disputed = await m.trade('measure:dispute');
  take('openDispute', await m.openDispute(disputed.buyer, disputed.tradeId));
  take('resolveDispute', await m.resolveDispute(disputed.tradeId, 6_000));
  const withdrawn = await m.trade('measure:withdrawn');
  await m.openDispute(withdrawn.buyer, withdrawn.tradeId);
  take('withdrawDispute', await m.withdrawDispute(withdrawn.buyer, withdrawn.tradeId));
  const defaulted = await m.trade('measure:defaulted');
  await m.openDispute(defaulted.buyer, defaulted.tradeId);
  // The same batch size as a market would often see it: few parties, each with several trades in a row
  // (settleBatch credits a run of one seller once and sends a run of one buyer its energy at once).
  const grouped: bigint[] = [];
  for (let s = 0; s < BATCH / 10; s++) {
    const { offerId } = await m.seller(`measure:grouped:${s}:seller`);
    const buyer = await m.prosumer(`measure:grouped:${s}:buyer`);
    for (let t = 0; t < 10; t++) grouped.push((await m.buy(buyer, offerId, OFFER_WH / 10n)).tradeId);
  }

  await m.chain.increaseTime(WINDOW + 1);
  take('settle', await m.settle(anyone, toSettle.tradeId));
  take('settleBatch50', await m.settleBatch(anyone, batch));
  measured.groupedBatch = await m.settleBatch(anyone, grouped);
  take('withdraw', await m.withdraw(applicant));
  await m.chain.increaseTime(ARBITRATION);
  take('applyDefaultOutcome', await m.applyDefaultOutcome(anyone, defaulted.tradeId));
  // The second step of a handover: a new Safe accepts the market the current one nominated it for.
  const nextSafe = addressOf('next-safe');
  await m.chain.account(nextSafe);
  await m.chain.send(m.safe, m.market, transferOwnership(nextSafe));
  take('acceptOwnership', await m.chain.send(nextSafe, m.market, acceptOwnership()));

  // The registry passes to a real Safe, which admits pending applicants in batches.
  const safe = await ConsortiumSafe.deploy(m.chain);
  const registryAbi = await abiOf('ProsumerRegistry');
  await m.chain.send(m.safe, m.registry, transferOwnership(safe.address));
  await safe.exec(m.registry, acceptOwnership(), 0);
  const admissions = async (label: string, count: number) => {
    const calls: { to: string; data: string }[] = [];
    for (let i = 0; i < count; i++) {
      const who = addressOf(`measure:${label}:${i}`);
      await m.chain.account(who);
      await m.apply(who);
      calls.push({
        to: m.registry,
        data: registryAbi.encodeFunctionData('admit', [who, await m.application(who)]),
      });
    }
    return calls;
  };
  // One unmeasured transaction first: the Safe's nonce then costs the same (non-zero to non-zero) in all.
  await safe.exec(safe.address, '0x', 0);
  take('safeBatch1', await safe.batch(await admissions('batch1', 1)));
  take('safeBatch50', await safe.batch(await admissions('batch50', BATCH)));
  await safe.installGuard([m.registry, m.token, m.market]);
  take('safeBatch1Guarded', await safe.batch(await admissions('batch1:guarded', 1)));
  take('safeBatch50Guarded', await safe.batch(await admissions('batch50:guarded', BATCH)));
  return measured;
}

async function column(n: number): Promise<Measured> {
  // Cancun, like the compiler target and the Polygon networks the contracts are deployed to.
  const connection = await hre.network.create({ override: { hardfork: HARDFORK } });
  try {
    const chain = new Chain(connection.provider);
    const m = await deploy(chain);
    const t0 = Date.now();
    await populate(m, n);
    console.error(`  ${n} prosumers and open trades populated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return await measure(m);
  } finally {
    await connection.close();
  }
}

await hre.tasks.getTask('build').run({ quiet: true, noTests: true });
const columns: Measured[] = [];
for (const n of SIZES) columns.push(await column(n));

const header = ['operation', 'gas @ 10', 'gas @ 1000', 'delta', 'delta excl. calldata'];
const rows = OPERATIONS.map((op) => {
  const [small, large] = columns as [Measured, Measured];
  return [
    op,
    small.gas[op].toLocaleString('en-US'),
    large.gas[op].toLocaleString('en-US'),
    String(large.gas[op] - small.gas[op]),
    String(large.execution[op] - small.execution[op]),
  ];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`\nEnergyMarket gas (${HARDFORK}, native POL market, fee ${FEE_BPS} bps)`);
console.log(line(header));
for (const r of rows) console.log(line(r));
for (const size of [1, BATCH]) {
  const plain = columns[0]!.gas[`safeBatch${size}` as Operation];
  const guarded = columns[0]!.gas[`safeBatch${size}Guarded` as Operation];
  console.log(
    `guard overhead, ${size}-call batch: ${plain.toLocaleString('en-US')} -> ${guarded.toLocaleString('en-US')} gas (+${(guarded - plain).toLocaleString('en-US')}, x${(guarded / plain).toFixed(3)})`,
  );
}
const perTrade = (gas: number) => Math.round(gas / BATCH).toLocaleString('en-US');
console.log(
  `settleBatch50, 50 distinct sellers and buyers: ${columns.map((c) => `${perTrade(c.gas.settleBatch50)}`).join(' / ')} gas per trade @ ${SIZES.join(' / ')}`,
);
console.log(
  `settleBatch50, 5 sellers x 5 buyers (10 trades each, in a row): ${columns.map((c) => c.groupedBatch.toLocaleString('en-US')).join(' / ')} (${columns.map((c) => perTrade(c.groupedBatch)).join(' / ')} per trade) @ ${SIZES.join(' / ')}`,
);
console.log(
  `a producer's next reading / next listing (after its first): mint ${columns.map((c) => c.next.mint.toLocaleString('en-US')).join(' / ')}, listOffer ${columns.map((c) => c.next.listOffer.toLocaleString('en-US')).join(' / ')} @ ${SIZES.join(' / ')}`,
);
const grown = OPERATIONS.filter((op) => columns[1]!.execution[op] !== columns[0]!.execution[op]);
if (grown.length === 0) {
  console.log(
    'flat: execution gas is identical; any delta is calldata (ids with more non-zero bytes, 16 vs 4 gas).',
  );
} else {
  console.log(`NOT FLAT: execution gas differs for ${grown.join(', ')}`);
  process.exitCode = 1;
}

if (args.json) {
  const json = {
    prosumers: [...SIZES],
    gas: Object.fromEntries(OPERATIONS.map((op) => [op, columns.map((c) => c.gas[op])])),
  };
  writeFileSync(args.json, `${JSON.stringify(json)}\n`);
  console.log(`wrote ${args.json}`);
}
