import { describe, expect, it } from 'vitest';
import { isGridkeeperError } from '../api/contract/errors';
import { parseDeploymentRecord } from '../chain/deployment';
import { safeSetupOf } from './setup';

const record = {
  format: 'gridkeeper-deployment/1',
  chainId: 137,
  safe: '0x1111111111111111111111111111111111111111',
  registry: '0x2222222222222222222222222222222222222222',
  token: '0x3333333333333333333333333333333333333333',
  market: '0x4444444444444444444444444444444444444444',
  paymentToken: '0x0000000000000000000000000000000000000000',
  deploymentBlock: 65_000_000,
};

const errorOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    if (isGridkeeperError(error)) return error;
    throw error;
  }
  throw new Error('expected a GridkeeperError');
};

describe('the Safe setup of a deployment record', () => {
  it('parses a record and uses the canonical Safe v1.4.1 contracts of Polygon PoS', () => {
    const setup = safeSetupOf(parseDeploymentRecord(JSON.stringify(record)));
    expect(setup.safe).toEqual({ chainId: 137n, address: record.safe, version: '1.4.1' });
    expect(setup.contracts.safeSingletonAddress).toBe('0x29fcB43b46531BcA003ddC8FCB67FFE91900C762');
    expect(setup.contracts.multiSendCallOnlyAddress).toBe('0x9641d764fc13c8B624c04430C7356C1C7C8102e2');
    expect(setup.fromBlock).toBe(65_000_000);
  });

  it('refuses a chain without canonical Safe contracts unless the record lists them', async () => {
    const local = parseDeploymentRecord(JSON.stringify({ ...record, chainId: 424242 }));
    expect((await errorOf(() => safeSetupOf(local))).code).toBe('UNSUPPORTED_CHAIN');
  });
});
