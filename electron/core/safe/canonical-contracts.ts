import {
  getCompatibilityFallbackHandlerDeployment,
  getCreateCallDeployment,
  getMultiSendCallOnlyDeployment,
  getMultiSendDeployment,
  getProxyFactoryDeployment,
  getSafeL2SingletonDeployment,
  getSignMessageLibDeployment,
  getSimulateTxAccessorDeployment,
} from '@safe-global/safe-deployments';
import { getAddress } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';
import type { SafeContractAddresses } from './types';
import { SAFE_VERSION } from './versions';

type Lookup = typeof getSafeL2SingletonDeployment;

/**
 * The canonical Safe contracts (at SAFE_VERSION) of a public chain, from `@safe-global/safe-deployments` (shipped
 * in the app, so it works offline). The training network deploys its own and says where they are.
 */
export function canonicalSafeContracts(chainId: number): SafeContractAddresses {
  const at = (lookup: Lookup, name: string): string => {
    const deployment = lookup({ version: SAFE_VERSION, network: String(chainId), released: true });
    const address = deployment?.networkAddresses[String(chainId)];
    const first = Array.isArray(address) ? address[0] : address;
    if (!first) {
      throw new GridkeeperError(
        'UNSUPPORTED_CHAIN',
        `Safe v${SAFE_VERSION} has no canonical ${name} on chain ${chainId}. Import a deployment record that lists the Safe's contracts.`,
        { chainId },
      );
    }
    return getAddress(first);
  };
  return {
    safeSingletonAddress: at(getSafeL2SingletonDeployment, 'SafeL2 singleton'),
    safeProxyFactoryAddress: at(getProxyFactoryDeployment, 'proxy factory'),
    multiSendAddress: at(getMultiSendDeployment, 'MultiSend'),
    multiSendCallOnlyAddress: at(getMultiSendCallOnlyDeployment, 'MultiSendCallOnly'),
    fallbackHandlerAddress: at(getCompatibilityFallbackHandlerDeployment, 'fallback handler'),
    signMessageLibAddress: at(getSignMessageLibDeployment, 'SignMessageLib'),
    createCallAddress: at(getCreateCallDeployment, 'CreateCall'),
    simulateTxAccessorAddress: at(getSimulateTxAccessorDeployment, 'SimulateTxAccessor'),
  };
}
