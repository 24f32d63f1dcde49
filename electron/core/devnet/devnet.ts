import { type JsonRpcProvider, Wallet, ZeroAddress } from 'ethers';
import type { DeploymentRecord } from '../api/contract/deployment';
import { type Logger, silentLogger } from '../ports';
import type { SafeContractAddresses, SafeSetup } from '../safe';
import { SAFE_VERSION } from '../safe';
import { decideAsConsortium } from './consortium';
import { guardTargets, installGuardAsConsortium } from './guard-deployment';
import { type DemoAccount, demoAccounts } from './keys';
import { startLocalChain } from './local-chain';
import { deployMarket } from './market-deployment';
import { removeDevnetRecord, writeDevnetRecord } from './record';
import { deploySafe } from './safe-deployment';
import { SEED_HISTORY_DAYS, type SeedSummary, seedHistory } from './seed';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator';
import { DemoSender } from './tx';

export const TRAINING_CHAIN_ID = 31337;
/** The training market's terms (changeable by the consortium like any other). */
export const TRAINING_TERMS = {
  registrationFeeWei: 10n ** 18n,
  feeBps: 100,
  disputeWindowSeconds: 600,
  disputeBond: 10n ** 17n,
  /** The shortest allowed: the training network shows disputes reaching their deadline. */
  arbitrationPeriodSeconds: 3_600,
} as const;
const ACCOUNT_BALANCE = 1_000_000n * 10n ** 18n;
/** Polygon PoS makes a block about every 2 s; the simulated market does too, so the head moves. */
export const BLOCK_INTERVAL_MS = 2_000;

export interface DevnetOptions {
  /** 'minimal': Safe + market, nothing else (fast, for tests). 'full': the seeded training market. */
  seed?: 'minimal' | 'full';
  /** Keep the market alive with simulated prosumers (and mine a block every 2 s). */
  simulate?: boolean | Partial<Pick<SimulatorOptions, 'tradesPerSecond' | 'dayLengthSeconds'>>;
  /** 0 or absent: a free port on 127.0.0.1. */
  port?: number;
  /** Where to write the devnet record (URL and addresses) for the app to find. */
  dataDir?: string;
  log?: Logger;
  /** Start-up steps, for a progress bar. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface Devnet {
  chainId: number;
  rpcUrl: string;
  /** The same chain over WebSocket, with `eth_subscribe('newHeads')` for the indexer. */
  wsUrl: string;
  provider: JsonRpcProvider;
  /** A JSON-RPC call straight into the engine (no HTTP): control methods and bulk sends. */
  request(method: string, params?: unknown[]): Promise<unknown>;
  genesisHash: string;
  safe: { address: string };
  safeContracts: SafeContractAddresses;
  market: { registry: string; token: string; market: string; paymentToken: string; deploymentBlock: number };
  /** The ConsortiumGuard the Safe runs with (installed by the owners during setup). */
  guard: string;
  /** The consortium's three owners: demo keys, printed and labelled as such everywhere. */
  owners: DemoAccount[];
  deployer: DemoAccount;
  oracle: DemoAccount;
  /** Demo prosumer keys (admitted, waiting and yet to apply). */
  prosumers: DemoAccount[];
  /** What the seeding put on the chain (null for 'minimal'). */
  seeded: SeedSummary | null;
  simulator: Simulator | null;
  /** Where the devnet record was written (null without a data directory). */
  recordFile: string | null;
  /** The deployment record the app's network settings use. */
  deployment: DeploymentRecord;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The training network: a local chain on 127.0.0.1 with Safe v1.4.1, the market contracts governed
 * by a 2-of-3 consortium Safe of demo owners, a meter oracle authorised by that Safe and, for 'full',
 * a few days of market history and a simulator that keeps the market moving.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const log = options.log ?? silentLogger;
  const full = options.seed === 'full';
  const steps = full ? 5 : 4;
  const progress = (phase: string, done: number) => options.onProgress?.(phase, done, steps);
  const accounts = demoAccounts();
  const funded = [accounts.deployer, ...accounts.owners, accounts.oracle, ...accounts.prosumers];

  progress('Starting the training chain', 0);
  const chain = await startLocalChain({
    chainId: TRAINING_CHAIN_ID,
    port: options.port,
    accounts: funded.map((a) => ({ privateKey: a.privateKey, balance: ACCOUNT_BALANCE })),
    // History is back-dated: the chain begins a little before the first seeded day.
    ...(full ? { initialDate: new Date(Date.now() - (SEED_HISTORY_DAYS * 86_400 + 3_600) * 1000) } : {}),
  });
  let simulator: Simulator | null = null;
  let recordFile: string | null = null;
  let genesisHash = '';
  const stop = async () => {
    await simulator?.stop();
    if (options.dataDir && recordFile) removeDevnetRecord(options.dataDir, genesisHash, chain.rpcUrl);
    await chain.stop();
  };
  try {
    const chainId = BigInt(TRAINING_CHAIN_ID);
    const genesis = (await chain.request('eth_getBlockByNumber', ['0x0', false])) as { hash: string };
    genesisHash = genesis.hash;
    const deployer = new DemoSender(accounts.deployer.privateKey, chain);

    progress(`Deploying Safe v${SAFE_VERSION}`, 1);
    const owners = accounts.owners.map((o) => o.address);
    const { safe, contracts } = await deploySafe(chain, deployer, owners, 2);

    progress('Deploying the market and its guard', 2);
    const deployerWallet = new Wallet(accounts.deployer.privateKey, chain.provider);
    const market = await deployMarket(deployerWallet, {
      owner: safe,
      registrationFeeWei: TRAINING_TERMS.registrationFeeWei,
      feeBps: TRAINING_TERMS.feeBps,
      disputeWindowSeconds: TRAINING_TERMS.disputeWindowSeconds,
      disputeBond: TRAINING_TERMS.disputeBond,
      arbitrationPeriodSeconds: TRAINING_TERMS.arbitrationPeriodSeconds,
      paymentToken: ZeroAddress,
    });
    const setup: SafeSetup = {
      safe: { chainId, address: safe, version: SAFE_VERSION },
      contracts,
      market: { registry: market.registry, token: market.token, market: market.market },
      fromBlock: market.deploymentBlock,
    };
    // Installed first, so that everything after (seeding, simulator, the app) runs under the guard.
    const guard = await installGuardAsConsortium(chain, deployer, setup, accounts.owners, {
      safe,
      multiSendCallOnly: contracts.multiSendCallOnlyAddress,
      targets: guardTargets(market),
    });

    progress('Authorising the meter oracle through the Safe', 3);
    await decideAsConsortium(chain.provider, setup, accounts.owners, [
      { kind: 'setMeterOracle', oracle: accounts.oracle.address, authorised: true },
    ]);

    let seeded: SeedSummary | null = null;
    if (full) {
      progress('Seeding the market history', 4);
      seeded = await seedHistory({ chain, setup, accounts, terms: TRAINING_TERMS });
      log.info('devnet: seeded', { ...seeded });
    }

    if (options.simulate) {
      await chain.request('evm_setAutomine', [false]);
      await chain.request('evm_setIntervalMining', [BLOCK_INTERVAL_MS]);
      simulator = startSimulator({
        chain,
        setup,
        accounts,
        terms: TRAINING_TERMS,
        log,
        ...(typeof options.simulate === 'object' ? options.simulate : {}),
      });
    }

    const deployment: DeploymentRecord = {
      format: 'gridkeeper-deployment/1',
      chainId: TRAINING_CHAIN_ID,
      safe,
      registry: market.registry,
      token: market.token,
      market: market.market,
      paymentToken: market.paymentToken,
      deploymentBlock: market.deploymentBlock,
      safeContracts: contracts,
      guard,
    };
    if (options.dataDir) {
      recordFile = writeDevnetRecord(options.dataDir, {
        format: 'gridkeeper-devnet/1',
        rpcUrl: chain.rpcUrl,
        wsUrl: chain.wsUrl,
        genesisHash,
        pid: process.pid,
        startedAt: new Date().toISOString(),
        deployment,
        owners: accounts.owners.map(({ label, address }) => ({ label, address })),
        oracle: accounts.oracle.address,
      });
    }
    progress('Training network ready', steps);
    log.info('devnet: ready', { rpcUrl: chain.rpcUrl, safe, market: market.market });

    return {
      chainId: TRAINING_CHAIN_ID,
      rpcUrl: chain.rpcUrl,
      wsUrl: chain.wsUrl,
      provider: chain.provider,
      request: chain.request,
      genesisHash,
      safe: { address: safe },
      safeContracts: contracts,
      market: {
        registry: market.registry,
        token: market.token,
        market: market.market,
        paymentToken: market.paymentToken,
        deploymentBlock: market.deploymentBlock,
      },
      guard,
      owners: [...accounts.owners],
      deployer: accounts.deployer,
      oracle: accounts.oracle,
      prosumers: accounts.prosumers,
      seeded,
      simulator,
      recordFile,
      deployment,
      snapshot: async () => (await chain.request('evm_snapshot')) as string,
      revert: async (id) => {
        if (!(await chain.request('evm_revert', [id]))) throw new Error(`No snapshot ${id} to revert to`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
