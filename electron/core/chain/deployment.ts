import type { JsonRpcProvider } from 'ethers';
import { z } from 'zod';
import { zAddress } from '../api/contract/schemas';
import { GridkeeperError } from '../api/errors';
import type { SafeContractAddresses, SafeSetup } from '../safe/types';
import { canonicalSafeContracts } from './safe-contracts';

const zSafeContracts = z.object({
  safeSingletonAddress: zAddress,
  safeProxyFactoryAddress: zAddress,
  multiSendAddress: zAddress,
  multiSendCallOnlyAddress: zAddress,
  fallbackHandlerAddress: zAddress,
  signMessageLibAddress: zAddress,
  createCallAddress: zAddress,
  simulateTxAccessorAddress: zAddress,
}) satisfies z.ZodType<SafeContractAddresses, unknown>;

/**
 * Where the consortium's market lives on one chain: written by `npm run deploy` (and by the training
 * network), imported in the app's network settings.
 */
export const zDeploymentRecord = z.object({
  format: z.literal('gridkeeper-deployment/1'),
  chainId: z.number().int().positive(),
  safe: zAddress,
  registry: zAddress,
  token: zAddress,
  market: zAddress,
  /** The ERC-20 the market is paid in; the zero address for native POL. */
  paymentToken: zAddress,
  deploymentBlock: z.number().int().nonnegative(),
  /** The Safe's own contracts; omitted on chains where the canonical deployments are used. */
  safeContracts: zSafeContracts.optional(),
  /** The ConsortiumGuard deployed for the Safe (`npm run deploy -- --guard`); omitted without one. */
  guard: zAddress.optional(),
});
export type DeploymentRecord = z.output<typeof zDeploymentRecord>;

/** Parses a deployment record file; a broken one gets an error that says what is wrong in it. */
export function parseDeploymentRecord(text: string): DeploymentRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GridkeeperError('INPUT_INVALID', 'The deployment record is not JSON.');
  }
  const parsed = zDeploymentRecord.safeParse(json);
  if (!parsed.success) {
    throw new GridkeeperError(
      'INPUT_INVALID',
      `The deployment record is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')}.`,
    );
  }
  return parsed.data;
}

/** What the Safe flow needs to know of a deployment. */
export function safeSetupOf(record: DeploymentRecord): SafeSetup {
  return {
    safe: { chainId: BigInt(record.chainId), address: record.safe, version: '1.4.1' },
    contracts: record.safeContracts ?? canonicalSafeContracts(record.chainId),
    market: { registry: record.registry, token: record.token, market: record.market },
    fromBlock: record.deploymentBlock,
    ...(record.guard ? { guard: record.guard } : {}),
  };
}

/** Refuses a record that is for another chain or names an address without a contract. */
export async function verifyDeployment(
  provider: Pick<JsonRpcProvider, 'getCode'>,
  record: DeploymentRecord,
  network: { name: string; chainId: number },
): Promise<void> {
  if (record.chainId !== network.chainId) {
    throw new GridkeeperError(
      'CHAIN_MISMATCH',
      `The deployment record is for chain ${record.chainId}, but ${network.name} is chain ${network.chainId}.`,
      { recordChainId: record.chainId, chainId: network.chainId },
    );
  }
  const contracts = {
    Safe: record.safe,
    registry: record.registry,
    token: record.token,
    market: record.market,
    ...(record.guard ? { guard: record.guard } : {}),
  };
  for (const [label, address] of Object.entries(contracts)) {
    if ((await provider.getCode(address)) === '0x') {
      throw new GridkeeperError(
        'NOT_FOUND',
        `There is no ${label} contract at ${address} on ${network.name}. Check the deployment record.`,
        { address },
      );
    }
  }
}
