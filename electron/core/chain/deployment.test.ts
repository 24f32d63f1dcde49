import { describe, expect, it } from 'vitest';
import { isGridkeeperError } from '../api/contract/errors';
import { parseDeploymentRecord, verifyDeployment } from './deployment';
import PAYMENT_TOKEN_MOCKS from './testing/payment-token-mocks.json' with { type: 'json' };

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

describe('deployment records', () => {
  it('says what is wrong in a broken record', async () => {
    expect((await errorOf(() => parseDeploymentRecord('{'))).message).toBe(
      'The deployment record is not JSON.',
    );
    const broken = await errorOf(() => parseDeploymentRecord(JSON.stringify({ ...record, market: '0x12' })));
    expect(broken.code).toBe('INPUT_INVALID');
    expect(broken.message).toContain('market: not an Ethereum address');
  });

  it('refuses a record for another chain or an address without code', async () => {
    const parsed = parseDeploymentRecord(JSON.stringify(record));
    const wrongChain = await errorOf(() =>
      verifyDeployment({ getCode: async () => '0x60' }, parsed, { name: 'Amoy', chainId: 80002 }),
    );
    expect(wrongChain.code).toBe('CHAIN_MISMATCH');
    const noMarket = await errorOf(() =>
      verifyDeployment({ getCode: async (a) => (a === record.market ? '0x' : '0x60') }, parsed, {
        name: 'Polygon PoS',
        chainId: 137,
      }),
    );
    expect(noMarket.message).toBe(
      `There is no market contract at ${record.market} on Polygon PoS. Check the deployment record.`,
    );
  });

  it('refuses a record whose payment token is not a plain ERC-20 (the rebasing test token, or unreviewed on Polygon)', async () => {
    const rebasing = parseDeploymentRecord(
      JSON.stringify({ ...record, paymentToken: '0x5555555555555555555555555555555555555555' }),
    );
    const code = (address: string) =>
      address === rebasing.paymentToken ? PAYMENT_TOKEN_MOCKS.RebasingToken : '0x60';
    const refused = await errorOf(() =>
      verifyDeployment({ getCode: async (a) => code(String(a)) }, rebasing, {
        name: 'Polygon PoS',
        chainId: 137,
      }),
    );
    expect(refused.message).toMatch(/is not a plain ERC-20 \(it has rebasing balances/);
    const unreviewed = await errorOf(() =>
      verifyDeployment({ getCode: async () => PAYMENT_TOKEN_MOCKS.ERC20Mock }, rebasing, {
        name: 'Polygon PoS',
        chainId: 137,
      }),
    );
    expect(unreviewed.message).toMatch(/not one reviewed as a plain ERC-20 on chain 137/);
  });
});
