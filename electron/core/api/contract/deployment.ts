import { z } from 'zod';
import { zAddress } from './schemas';

const zSafeContracts = z.object({
  safeSingletonAddress: zAddress,
  safeProxyFactoryAddress: zAddress,
  multiSendAddress: zAddress,
  multiSendCallOnlyAddress: zAddress,
  fallbackHandlerAddress: zAddress,
  signMessageLibAddress: zAddress,
  createCallAddress: zAddress,
  simulateTxAccessorAddress: zAddress,
});

/** Addresses of the Safe's own contracts (protocol-kit `contractNetworks` entry). */
export type SafeContractAddresses = z.output<typeof zSafeContracts>;

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
});
export type DeploymentRecord = z.output<typeof zDeploymentRecord>;
