import { describe, expect, it } from 'vitest';
import { parseDeploymentRecord } from '../chain/deployment';
import { safeSetupOf } from './setup';

/** A deployment record of Polygon PoS (chain 137), as `npm run deploy` writes one. */
const polygon = (chainId = 137) =>
  parseDeploymentRecord(
    JSON.stringify({
      format: 'gridkeeper-deployment/1',
      chainId,
      ...Object.fromEntries(
        ['safe', 'registry', 'token', 'market'].map((k, i) => [k, `0x${`${i + 1}`.repeat(40)}`]),
      ),
      paymentToken: `0x${'0'.repeat(40)}`,
      deploymentBlock: 65_000_000,
    }),
  );

describe('the Safe setup of a deployment record', () => {
  it('parses a record and uses the canonical Safe v1.4.1 contracts of Polygon PoS', () => {
    const record = polygon();
    const setup = safeSetupOf(record);
    expect(setup.safe).toEqual({ chainId: 137n, address: record.safe, version: '1.4.1' });
    expect(setup.contracts.safeSingletonAddress).toBe('0x29fcB43b46531BcA003ddC8FCB67FFE91900C762');
    expect(setup.contracts.multiSendCallOnlyAddress).toBe('0x9641d764fc13c8B624c04430C7356C1C7C8102e2');
    expect(setup.fromBlock).toBe(65_000_000);
  });

  it('refuses a chain without canonical Safe contracts unless the record lists them', () => {
    const local = polygon(424242);
    expect(() => safeSetupOf(local)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_CHAIN' }));
  });
});
