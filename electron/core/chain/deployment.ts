import type { JsonRpcProvider } from 'ethers';
import { type DeploymentRecord, zDeploymentRecord } from '../api/contract/deployment';
import { GridkeeperError } from '../api/contract/errors';
import { assertPlainPaymentToken } from './payment-token';

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

/**
 * Refuses a record that is for another chain, names an address without a contract, or a payment
 * token that is not a plain ERC-20.
 */
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
  await assertPlainPaymentToken(provider, network.chainId, record.paymentToken);
}
