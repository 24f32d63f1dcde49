import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Wallet, ZeroAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPlainPaymentToken } from '../chain';
import { parseDeploymentRecord } from '../chain/deployment';
import PAYMENT_TOKEN_MOCKS from '../chain/testing/payment-token-mocks.json' with { type: 'json' };
import { marketInterface } from '../safe/abis';
import { canonicalSafeContracts } from '../safe/canonical-contracts';
import { type Devnet, startDevnet } from '.';
import { deployForSafe, writeDeploymentRecord } from './deploy';

let devnet: Devnet;
let signer: Wallet;
let dir: string;

beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal' });
  // A funded demo account that deployed nothing yet stands in for a real network's deployer.
  signer = new Wallet(devnet.prosumers.at(-1)!.privateKey, devnet.provider);
  dir = mkdtempSync(join(tmpdir(), 'gk-deploy-'));
});
afterAll(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('npm run deploy: the market for an existing Safe', () => {
  it('deploys registry, token and market owned by the Safe and writes a record the settings import', async () => {
    const sent: string[] = [];
    const record = await deployForSafe({
      provider: devnet.provider,
      signer,
      safe: devnet.safe.address.toLowerCase(),
      chainId: devnet.chainId,
      safeContracts: devnet.safeContracts,
      terms: { feeBps: 250, disputeWindowSeconds: 3600 },
      onSent: (what) => sent.push(what),
    });
    expect(sent).toEqual(['ProsumerRegistry', 'EnergyToken', 'EnergyMarket']);
    expect(record).toMatchObject({
      chainId: devnet.chainId,
      safe: devnet.safe.address,
      safeContracts: devnet.safeContracts,
    });
    for (const address of [record.registry, record.token, record.market]) {
      const owned = new Contract(address, ['function owner() view returns (address)'], devnet.provider);
      expect(await owned.getFunction('owner')()).toBe(devnet.safe.address);
    }
    // The deployment block is where the first of them (the registry) appeared: an indexer starts there.
    expect(await devnet.provider.getCode(record.registry, record.deploymentBlock)).not.toBe('0x');
    expect(await devnet.provider.getCode(record.registry, record.deploymentBlock - 1)).toBe('0x');
    const market = new Contract(record.market, marketInterface, devnet.provider);
    expect(await market.getFunction('marketFeeBps')()).toBe(250n);
    expect(await market.getFunction('disputeWindowSeconds')()).toBe(3600n);

    const file = join(dir, 'record.json');
    writeDeploymentRecord(file, record);
    expect(parseDeploymentRecord(readFileSync(file, 'utf8'))).toEqual(record);
    expect(() => writeDeploymentRecord(file, record)).toThrow(/EEXIST/);
  });

  it('refuses, before sending anything, another chain, an address without code and a contract that is not a Safe', async () => {
    const nonce = await signer.getNonce();
    const base = { provider: devnet.provider, signer, safeContracts: devnet.safeContracts };
    expect(await failure(deployForSafe({ ...base, safe: devnet.safe.address, chainId: 137 }))).toMatchObject({
      code: 'CHAIN_MISMATCH',
    });
    expect(
      await failure(deployForSafe({ ...base, safe: Wallet.createRandom().address, chainId: devnet.chainId })),
    ).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no contract/) });
    expect(
      await failure(deployForSafe({ ...base, safe: devnet.market.market, chainId: devnet.chainId })),
    ).toMatchObject({ code: 'INPUT_INVALID', message: expect.stringMatching(/is not a Safe/) });
    // Without explicit Safe contracts the canonical ones are used: they are not on a fresh local chain.
    expect(
      await failure(
        deployForSafe({
          provider: devnet.provider,
          signer,
          safe: devnet.safe.address,
          chainId: devnet.chainId,
        }),
      ),
    ).toMatchObject({ code: 'UNSUPPORTED_CHAIN' });
    expect(await signer.getNonce()).toBe(nonce);
  });

  it('refuses payment tokens that are not plain ERC-20s, before sending anything', async () => {
    const nonce = await signer.getNonce();
    const tokenAt = async (code: string) => {
      const address = Wallet.createRandom().address;
      await devnet.provider.send('hardhat_setCode', [address, code]);
      return address;
    };
    const base = {
      provider: devnet.provider,
      signer,
      safe: devnet.safe.address,
      chainId: devnet.chainId,
      safeContracts: devnet.safeContracts,
    };
    for (const [name, what] of [
      ['FeeOnTransferToken', /a transfer fee/],
      ['RebasingToken', /rebasing balances/],
      ['HookToken', /ERC-777 transfer hooks/],
    ] as const) {
      const paymentToken = await tokenAt(PAYMENT_TOKEN_MOCKS[name]);
      expect(await failure(deployForSafe({ ...base, terms: { paymentToken } })), name).toMatchObject({
        code: 'INPUT_INVALID',
        message: expect.stringMatching(what),
      });
    }
    expect(await signer.getNonce()).toBe(nonce);
    // A plain ERC-20 passes the check on a local chain; on Polygon only reviewed tokens do.
    const plain = await tokenAt(PAYMENT_TOKEN_MOCKS.ERC20Mock);
    await expect(assertPlainPaymentToken(devnet.provider, devnet.chainId, plain)).resolves.toBeUndefined();
    expect(await failure(assertPlainPaymentToken(devnet.provider, 137, plain))).toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/not one reviewed as a plain ERC-20 on chain 137/),
    });
    await expect(assertPlainPaymentToken(devnet.provider, 137, ZeroAddress)).resolves.toBeUndefined();
  });

  it('uses the canonical Safe v1.4.1 contracts on Polygon PoS and Amoy', () => {
    for (const chainId of [137, 80002]) {
      expect(canonicalSafeContracts(chainId)).toMatchObject({
        safeSingletonAddress: '0x29fcB43b46531BcA003ddC8FCB67FFE91900C762',
        safeProxyFactoryAddress: '0x4e1DCf7AD4e460CfD30791CCC4F9c8a4f820ec67',
        multiSendCallOnlyAddress: '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
      });
    }
  });
});
