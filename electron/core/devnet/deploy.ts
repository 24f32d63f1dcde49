import { writeFileSync } from 'node:fs';
import { Contract, getAddress, type JsonRpcProvider, type Signer, ZeroAddress } from 'ethers';
import { type DeploymentRecord, zDeploymentRecord } from '../api/contract/deployment';
import { GridkeeperError } from '../api/contract/errors';
import { assertPlainPaymentToken } from '../chain';
import type { BundleFile, SafeContractAddresses } from '../safe';
import {
  canonicalSafeContracts,
  exportTxBuilderBatch,
  SAFE_VERSION,
  SENTINEL_OWNERS,
  safeAbi,
  safeSetupOf,
} from '../safe';
import { deployGuard, guardTargets, setGuardSafeTx } from './guard-deployment';
import { deployMarket } from './market-deployment';

/** The public networks `npm run deploy` knows; their Safe contracts are the canonical deployments. */
export const PUBLIC_NETWORKS = {
  polygon: { chainId: 137, name: 'Polygon PoS', rpcUrl: 'https://polygon-rpc.com' },
  amoy: { chainId: 80002, name: 'Polygon Amoy', rpcUrl: 'https://rpc-amoy.polygon.technology' },
} as const;
export type PublicNetwork = keyof typeof PUBLIC_NETWORKS;

/** The market's opening terms; the consortium changes them later through its Safe. */
export const DEFAULT_TERMS = {
  registrationFeeWei: 10n ** 18n,
  feeBps: 100,
  disputeWindowSeconds: 86_400,
  disputeBond: 10n ** 18n,
  arbitrationPeriodSeconds: 7 * 86_400,
  paymentToken: ZeroAddress,
};

export interface DeployForSafeOptions {
  provider: JsonRpcProvider;
  signer: Signer;
  safe: string;
  /** The chain the deployment is meant for: anything else is refused before a transaction is sent. */
  chainId: number;
  /** The Safe's own contracts; default the canonical v1.4.1 deployments of `chainId`. */
  safeContracts?: SafeContractAddresses;
  terms?: Partial<typeof DEFAULT_TERMS>;
  /** Also deploy a ConsortiumGuard for the Safe (installing it is the owners' `setGuard`). */
  guard?: boolean;
  onSent?: (what: string, txHash: string) => void;
}

/**
 * Checks that the chain is the intended one and that the Safe is a Safe v1.4.1 with owners on it,
 * then deploys the market for it and returns the deployment record the app's settings import.
 */
export async function deployForSafe(options: DeployForSafeOptions): Promise<DeploymentRecord> {
  const { provider, signer, chainId } = options;
  // Asked of the RPC itself: a provider's configured (static) network proves nothing.
  const actual = Number(await provider.send('eth_chainId', []));
  if (actual !== chainId) {
    throw new GridkeeperError('CHAIN_MISMATCH', `The RPC serves chain ${actual}, not chain ${chainId}.`, {
      rpcChainId: actual,
      expectedChainId: chainId,
    });
  }
  const canonical = options.safeContracts === undefined;
  const safeContracts = options.safeContracts ?? canonicalSafeContracts(chainId);
  const safe = getAddress(options.safe);
  await assertSafe(provider, safe, safeContracts);
  if (options.guard) await assertNoModules(provider, safe);
  const deployer = await signer.getAddress();
  if ((await provider.getBalance(deployer)) === 0n) {
    throw new GridkeeperError(
      'INPUT_INVALID',
      `The deployer ${deployer} has no POL to pay for gas on chain ${chainId}.`,
    );
  }
  const terms = { ...DEFAULT_TERMS, ...options.terms };
  await assertPlainPaymentToken(provider, chainId, terms.paymentToken);
  const market = await deployMarket(signer, { owner: safe, ...terms }, options.onSent);
  const guard = options.guard
    ? await deployGuard(
        signer,
        { safe, multiSendCallOnly: safeContracts.multiSendCallOnlyAddress, targets: guardTargets(market) },
        options.onSent,
      )
    : null;
  return zDeploymentRecord.parse({
    format: 'gridkeeper-deployment/1',
    chainId,
    safe,
    registry: market.registry,
    token: market.token,
    market: market.market,
    paymentToken: market.paymentToken,
    deploymentBlock: market.deploymentBlock,
    ...(canonical ? {} : { safeContracts }),
    ...(guard ? { guard: guard.guard } : {}),
  });
}

/**
 * The owners' half of installing the record's guard: `setGuard(guard)` at the Safe's next nonce, as a
 * Transaction Builder batch to load into Safe{Wallet} (or any Safe UI that reads one), sign and execute.
 */
export async function guardInstallBatch(
  provider: JsonRpcProvider,
  record: DeploymentRecord,
  now = new Date(),
): Promise<BundleFile> {
  if (!record.guard) throw new GridkeeperError('INPUT_INVALID', 'The deployment record names no guard.');
  const nonce: bigint = await new Contract(record.safe, safeAbi, provider).getFunction('nonce')();
  return exportTxBuilderBatch({
    setup: safeSetupOf(record),
    tx: { ...setGuardSafeTx(record.safe, record.guard), nonce },
    title: `Install the ConsortiumGuard ${record.guard}`,
    now,
  });
}

async function assertSafe(provider: JsonRpcProvider, safe: string, contracts: SafeContractAddresses) {
  if ((await provider.getCode(safe)) === '0x') {
    throw new GridkeeperError('NOT_FOUND', `There is no contract at ${safe}: create the Safe first.`, {
      address: safe,
    });
  }
  const contract = new Contract(safe, safeAbi, provider);
  let version: string;
  let owners: string[];
  let threshold: bigint;
  try {
    [version, owners, threshold] = await Promise.all([
      contract.getFunction('VERSION')() as Promise<string>,
      contract.getFunction('getOwners')() as Promise<string[]>,
      contract.getFunction('getThreshold')() as Promise<bigint>,
    ]);
  } catch {
    throw new GridkeeperError('INPUT_INVALID', `The contract at ${safe} is not a Safe.`, { address: safe });
  }
  if (version !== SAFE_VERSION) {
    throw new GridkeeperError(
      'INPUT_INVALID',
      `The Safe at ${safe} is version ${version}; Gridkeeper works with Safe v${SAFE_VERSION}.`,
      {
        version,
      },
    );
  }
  if (owners.length === 0 || threshold === 0n) {
    throw new GridkeeperError('INPUT_INVALID', `The Safe at ${safe} has no owners set up.`);
  }
  if ((await provider.getCode(contracts.multiSendCallOnlyAddress)) === '0x') {
    throw new GridkeeperError(
      'NOT_FOUND',
      `MultiSendCallOnly is not deployed at ${contracts.multiSendCallOnlyAddress} on this chain.`,
    );
  }
}

/**
 * A guard checks `execTransaction` only: a module the Safe already has would bypass it, and the guard
 * refuses `disableModule`. So the guard is only deployed for a Safe without modules.
 */
async function assertNoModules(provider: JsonRpcProvider, safe: string) {
  const contract = new Contract(safe, safeAbi, provider);
  const [modules] = (await contract.getFunction('getModulesPaginated')(SENTINEL_OWNERS, 10)) as [string[]];
  if (modules.length > 0) {
    throw new GridkeeperError(
      'INPUT_INVALID',
      `The Safe at ${safe} has modules enabled (${modules.join(', ')}): they would bypass the guard, which refuses disableModule. Disable them through the Safe first.`,
      { modules },
    );
  }
}

/** Writes the record as pretty JSON. */
export function writeDeploymentRecord(file: string, record: DeploymentRecord): void {
  writeFileSync(file, `${JSON.stringify(zDeploymentRecord.parse(record), null, 2)}\n`, { flag: 'wx' });
}
