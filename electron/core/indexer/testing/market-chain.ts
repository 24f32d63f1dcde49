// A real in-process chain (Hardhat's EDR) with a SafeL2 and the market contracts, served over HTTP,
// for the indexer's tests and bench until they run on electron/core/devnet.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BrowserProvider,
  Contract,
  ContractFactory,
  getCreateAddress,
  Interface,
  type InterfaceAbi,
  id,
  type JsonRpcSigner,
  ZeroAddress,
  zeroPadValue,
} from 'ethers';
import { network } from 'hardhat';
import { EnergyMarket, EnergyToken, ProsumerRegistry } from '../../chain/artifacts';
import { randomSource } from '../../devnet/random';
import type { MarketContracts } from '../market-indexer';

const safeArtifact = (path: string) =>
  import(`@safe-global/safe-contracts/build/artifacts/contracts/${path}`, { with: { type: 'json' } }).then(
    (m) => m.default as { abi: InterfaceAbi; bytecode: string },
  );

type Eip1193 = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

export interface MarketChain {
  rpcUrl: string;
  chainId: number;
  provider: BrowserProvider;
  eip: Eip1193;
  contracts: Required<MarketContracts>;
  deploymentBlock: number;
  signers: JsonRpcSigner[];
  registry: Contract;
  token: Contract;
  market: Contract;
  safe: Contract;
  /** Calls a contract as the Safe (threshold 1, pre-validated signature of owner 0). */
  asSafe(target: Contract, fn: string, args: unknown[]): Promise<void>;
  mine(blocks?: number): Promise<void>;
  increaseTime(seconds: number): Promise<void>;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
  blockNumber(): Promise<number>;
  stop(): Promise<void>;
}

/** Serves an EIP-1193 provider as HTTP JSON-RPC (single and batch requests). */
export async function serveJsonRpc(eip: Eip1193): Promise<{ url: string; close(): Promise<void> }> {
  const answer = async (r: { id: unknown; method: string; params?: unknown[] }) => {
    try {
      return {
        jsonrpc: '2.0',
        id: r.id,
        result: await eip.request({ method: r.method, params: r.params ?? [] }),
      };
    } catch (e) {
      const err = e as { code?: number; message: string };
      return { jsonrpc: '2.0', id: r.id, error: { code: err.code ?? -32603, message: err.message } };
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const out = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export async function startMarketChain(): Promise<MarketChain> {
  const conn = await network.create();
  const eip = conn.provider as unknown as Eip1193;
  const http = await serveJsonRpc(eip);
  const provider = new BrowserProvider(eip, undefined, { cacheTimeout: -1 });
  const accounts = (await eip.request({ method: 'eth_accounts' })) as string[];
  const signers = await Promise.all(accounts.map((a) => provider.getSigner(a)));
  const deployer = signers[0] as JsonRpcSigner;

  const deploy = async (abi: InterfaceAbi, bytecode: string, args: unknown[] = []) => {
    const c = await new ContractFactory(abi, bytecode, deployer).deploy(...args);
    await c.waitForDeployment();
    return new Contract(await c.getAddress(), abi, deployer);
  };
  const singletonArt = await safeArtifact('SafeL2.sol/SafeL2.json');
  const factoryArt = await safeArtifact('proxies/SafeProxyFactory.sol/SafeProxyFactory.json');
  const singleton = await deploy(singletonArt.abi, singletonArt.bytecode);
  const factory = await deploy(factoryArt.abi, factoryArt.bytecode);
  const safeInterface = new Interface(singletonArt.abi);
  const setup = safeInterface.encodeFunctionData('setup', [
    [accounts[0], accounts[1], accounts[2]],
    1,
    ZeroAddress,
    '0x',
    ZeroAddress,
    ZeroAddress,
    0,
    ZeroAddress,
  ]);
  const safeAddress = (await factory
    .getFunction('createProxyWithNonce')
    .staticCall(await singleton.getAddress(), setup, 1)) as string;
  await (await factory.getFunction('createProxyWithNonce')(await singleton.getAddress(), setup, 1)).wait();
  const safe = new Contract(safeAddress, singletonArt.abi, deployer);

  // Each contract names the next one, deployed right after it: registry -> token -> market.
  const nonce = await provider.getTransactionCount(accounts[0] as string);
  const predictedToken = getCreateAddress({ from: accounts[0] as string, nonce: nonce + 1 });
  const predictedMarket = getCreateAddress({ from: accounts[0] as string, nonce: nonce + 2 });
  const registry = await deploy(ProsumerRegistry.abi, ProsumerRegistry.bytecode, [
    safeAddress,
    10n ** 15n,
    predictedToken,
  ]);
  const deploymentBlock = Number(await provider.getBlockNumber());
  const token = await deploy(EnergyToken.abi, EnergyToken.bytecode, [
    safeAddress,
    await registry.getAddress(),
    predictedMarket,
  ]);
  const market = await deploy(EnergyMarket.abi, EnergyMarket.bytecode, [
    safeAddress,
    await registry.getAddress(),
    await token.getAddress(),
    ZeroAddress,
    100,
    60,
    10n ** 15n, // dispute bond
    3_600, // arbitration period
  ]);
  if ((await market.getAddress()) !== predictedMarket) throw new Error('market address prediction failed');

  const prevalidated = `${zeroPadValue(accounts[0] as string, 32)}${'0'.repeat(64)}01`;
  const asSafe = async (target: Contract, fn: string, args: unknown[]) => {
    const data = target.interface.encodeFunctionData(fn, args);
    const tx = await safe.getFunction('execTransaction')(
      await target.getAddress(),
      0,
      data,
      0,
      0,
      0,
      0,
      ZeroAddress,
      ZeroAddress,
      prevalidated,
    );
    const receipt = await tx.wait();
    const failure = safeInterface.getEvent('ExecutionFailure')?.topicHash;
    if (receipt.logs.some((l: { topics: string[] }) => l.topics[0] === failure))
      throw new Error(`Safe call ${fn} failed`);
  };

  return {
    rpcUrl: http.url,
    chainId: Number((await provider.getNetwork()).chainId),
    provider,
    eip,
    contracts: {
      registry: await registry.getAddress(),
      token: await token.getAddress(),
      market: await market.getAddress(),
      safe: safeAddress,
    },
    deploymentBlock,
    signers,
    registry,
    token,
    market,
    safe,
    asSafe,
    mine: async (blocks = 1) => {
      await eip.request({ method: 'hardhat_mine', params: [`0x${blocks.toString(16)}`] });
    },
    increaseTime: async (seconds) => {
      await eip.request({ method: 'evm_increaseTime', params: [seconds] });
    },
    snapshot: () => eip.request({ method: 'evm_snapshot' }) as Promise<string>,
    revert: async (snapshotId) => {
      await eip.request({ method: 'evm_revert', params: [snapshotId] });
    },
    blockNumber: async () => Number(await eip.request({ method: 'eth_blockNumber' })),
    stop: async () => {
      await http.close();
      await conn.close();
    },
  };
}

export interface ScenarioSize {
  prosumers: number;
  offers: number;
  trades: number;
  /** The first signer used as a prosumer (a second scenario on one chain needs fresh accounts). */
  firstAccount?: number;
}

/**
 * Market activity touching every derived table: applications (one rejected, one suspended and
 * reinstated), minting, offers (one cancelled, one expired), trades confirmed, settled after the
 * window, disputed with evidence and resolved by the Safe, a fee change, pause/unpause, a Safe owner
 * added. Returns the number of transactions sent.
 */
export async function runScenario(chain: MarketChain, size: ScenarioSize, seed = 1): Promise<number> {
  const random = randomSource(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
  let txs = 0;
  const send = async (p: Promise<{ wait(): Promise<unknown> }>) => {
    await (await p).wait();
    txs++;
  };
  const safeCall = async (target: Contract, fn: string, args: unknown[]) => {
    await chain.asSafe(target, fn, args);
    txs++;
  };
  const as = (c: Contract, i: number) => c.connect(chain.signers[i] as JsonRpcSigner) as Contract;
  const oracle = 3;
  const first = size.firstAccount ?? 4;
  const people = Array.from({ length: size.prosumers }, (_, i) => first + i);
  if (first + size.prosumers + 2 > chain.signers.length) throw new Error('not enough accounts');
  const fee = (await chain.registry.getFunction('registrationFeeWei')()) as bigint;
  const addressOf = (i: number) => (chain.signers[i] as JsonRpcSigner).address;

  await safeCall(chain.token, 'setMeterOracle', [addressOf(oracle), true]);
  for (const i of people) {
    await send(
      as(chain.registry, i).getFunction('applyForAdmission')(id(`meter:${seed}:${i}`), id(`kyc:${i}`), {
        value: fee,
      }),
    );
  }
  const applicationOf = (i: number) => chain.registry.getFunction('applicationHashOf')(addressOf(i));
  const rejected = people.at(-1) as number;
  await safeCall(chain.registry, 'reject', [
    addressOf(rejected),
    await applicationOf(rejected),
    'meter id does not match the documents',
  ]);
  const members = people.slice(0, -1);
  for (const i of members) await safeCall(chain.registry, 'admit', [addressOf(i), await applicationOf(i)]);
  for (const i of members) {
    await send(
      as(chain.token, oracle).getFunction('mint')(
        id(`meter:${seed}:${i}`),
        1_000_000n,
        (await chain.provider.getBlock('latest'))?.timestamp,
      ),
    );
    await send(as(chain.token, i).getFunction('approve')(await chain.market.getAddress(), 10n ** 30n));
  }

  const now = async () => Number((await chain.provider.getBlock('latest'))?.timestamp);
  const offers: { id: bigint; seller: number; left: bigint }[] = [];
  for (let k = 0; k < size.offers; k++) {
    const seller = pick(members);
    const energy = BigInt(1_000 + Math.floor(random() * 20_000));
    const price = BigInt(10 ** 14 + Math.floor(random() * 10 ** 14));
    await send(as(chain.market, seller).getFunction('listOffer')(energy, price, (await now()) + 7 * 86400));
    offers.push({ id: (await chain.market.getFunction('lastOfferId')()) as bigint, seller, left: energy });
  }
  await send(as(chain.market, offers[0]?.seller as number).getFunction('cancelOffer')(offers[0]?.id));
  (offers[0] as { left: bigint }).left = 0n;

  const trades: { id: bigint; buyer: number; seller: number }[] = [];
  for (let k = 0; k < size.trades; k++) {
    const open = offers.filter((o) => o.left > 0n);
    if (open.length === 0) break;
    const offer = pick(open);
    const buyer = pick(members.filter((m) => m !== offer.seller));
    const energy =
      offer.left < 500n ? offer.left : BigInt(100 + Math.floor(random() * Number(offer.left / 2n)));
    const quote = (await chain.market.getFunction('quote')(offer.id, energy)) as bigint;
    await send(as(chain.market, buyer).getFunction('buy')(offer.id, energy, { value: quote }));
    offer.left -= energy;
    trades.push({
      id: (await chain.market.getFunction('lastTradeId')()) as bigint,
      buyer,
      seller: offer.seller,
    });
  }
  const evidence = (k: number) => id(`evidence:${seed}:${k}`);
  const bond = (await chain.market.getFunction('disputeBond')()) as bigint;
  for (const [k, t] of trades.entries()) {
    const r = random();
    if (r < 0.4) await send(as(chain.market, t.buyer).getFunction('confirmDelivery')(t.id));
    else if (r < 0.6) {
      const { paymentAmount } = (await chain.market.getFunction('tradeOf')(t.id)) as {
        paymentAmount: bigint;
      };
      // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
      const value = paymentAmount < bond ? paymentAmount : bond;
      await send(as(chain.market, t.buyer).getFunction('openDispute')(t.id, evidence(k), { value }));
      await send(as(chain.market, t.seller).getFunction('submitEvidence')(t.id, evidence(k + 1000)));
      const ending = random();
      // Most are decided by the Safe, some withdrawn by the buyer, the rest end by default later.
      if (ending < 0.6) await safeCall(chain.market, 'resolveDispute', [t.id, Math.floor(random() * 10_001)]);
      else if (ending < 0.8) await send(as(chain.market, t.buyer).getFunction('withdrawDispute')(t.id));
    }
  }
  await safeCall(chain.registry, 'suspend', [addressOf(members[0] as number), 'meter tampering reported']);
  await safeCall(chain.registry, 'reinstate', [addressOf(members[0] as number)]);
  await safeCall(chain.market, 'setMarketFee', [150]);
  await safeCall(chain.market, 'setDisputeBond', [bond * 2n]);
  await safeCall(chain.market, 'setArbitrationPeriod', [2 * 86400]);
  await safeCall(chain.market, 'pause', []);
  await safeCall(chain.market, 'unpause', []);
  const newOwner = addressOf(chain.signers.length - 1);
  if (!(await chain.safe.getFunction('isOwner')(newOwner)))
    await safeCall(chain.safe, 'addOwnerWithThreshold', [newOwner, 1]);
  await chain.increaseTime(8 * 86400);
  for (const t of trades) {
    const trade = (await chain.market.getFunction('tradeOf')(t.id)) as { status: bigint };
    if (Number(trade.status) === 1) await send(chain.market.getFunction('settle')(t.id));
    if (Number(trade.status) === 2) await send(chain.market.getFunction('applyDefaultOutcome')(t.id));
  }
  const stillOpen = offers.find((o) => o.left > 0n);
  if (stillOpen) await send(chain.market.getFunction('closeExpiredOffer')(stillOpen.id));
  await send(as(chain.market, first).getFunction('withdraw')());
  return txs;
}
