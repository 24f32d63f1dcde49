import { writeFileSync } from 'node:fs';
import { Contract, getAddress, type JsonRpcProvider, type Signer, ZeroAddress } from 'ethers';
import { type DeploymentRecord, zDeploymentRecord } from '../api/contract/deployment';
import { GridkeeperError } from '../api/contract/errors';
import { assertPlainPaymentToken } from '../chain';
import type { SafeContractAddresses } from '../safe';
import { canonicalSafeContracts, SAFE_VERSION, safeAbi } from '../safe';
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

/** Writes the record as pretty JSON. */
export function writeDeploymentRecord(file: string, record: DeploymentRecord): void {
  writeFileSync(file, `${JSON.stringify(zDeploymentRecord.parse(record), null, 2)}\n`, { flag: 'wx' });
}
