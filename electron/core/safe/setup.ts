import type { DeploymentRecord } from '../api/contract/deployment';
import { canonicalSafeContracts } from './canonical-contracts';
import type { SafeSetup } from './types';
import { SAFE_VERSION } from './versions';

/** What the Safe flow needs to know of a deployment. */
export function safeSetupOf(record: DeploymentRecord): SafeSetup {
  return {
    safe: { chainId: BigInt(record.chainId), address: record.safe, version: SAFE_VERSION },
    contracts: record.safeContracts ?? canonicalSafeContracts(record.chainId),
    market: { registry: record.registry, token: record.token, market: record.market },
    fromBlock: record.deploymentBlock,
  };
}
