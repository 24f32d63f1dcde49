import { getMultiSendCallOnlyDeployment, getSafeL2SingletonDeployment } from '@safe-global/safe-deployments';
import { keccak256, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAFE_CONTRACT_BUILDS } from '../safe-artifacts';
import { devnetSetup, startSafeDevnet } from '../testing/devnet-setup';
import { failure } from '../testing/support';
import type { SafeSetup } from '../types';
import { verifyDeploymentCode } from './deployment-code';

let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
beforeAll(async () => {
  chain = await startSafeDevnet();
});
afterAll(() => chain?.stop());

const verify = (setup: SafeSetup) => verifyDeploymentCode(chain.provider, setup, chain.market.paymentToken);
const altered = (change: (s: SafeSetup) => void): SafeSetup => {
  const setup = structuredClone(devnetSetup(chain));
  change(setup);
  return setup;
};

describe('a deployment record is checked against the code at each address before it is used', () => {
  it('the bundled Safe build is the canonical one (safe-deployments codeHash)', () => {
    expect(keccak256(SAFE_CONTRACT_BUILDS.multiSendCallOnlyAddress.deployedBytecode[0]!)).toBe(
      getMultiSendCallOnlyDeployment({ version: '1.4.1' })?.deployments.canonical?.codeHash,
    );
    expect(keccak256(SAFE_CONTRACT_BUILDS.safeSingletonAddress.deployedBytecode[0]!)).toBe(
      getSafeL2SingletonDeployment({ version: '1.4.1' })?.deployments.canonical?.codeHash,
    );
  });

  it("accepts the training network's record: Safe contracts, proxy and market (immutables and all)", async () => {
    await expect(verify(devnetSetup(chain))).resolves.toBeUndefined();
  });

  it('refuses a record that names MultiSend as MultiSendCallOnly, naming the address and what is there', async () => {
    const setup = altered((s) => {
      s.contracts.multiSendCallOnlyAddress = s.contracts.multiSendAddress;
    });
    const error = await failure(verify(setup));
    expect(error).toMatchObject({
      code: 'DEPLOYMENT_MISMATCH',
      details: { address: chain.setup.contracts.multiSendAddress, role: 'MultiSendCallOnly' },
    });
    expect((error as Error).message).toBe(
      `The deployment record names ${chain.setup.contracts.multiSendAddress} as the MultiSendCallOnly, but the code there is MultiSend. Nothing of this record is used.`,
    );
  });

  it('refuses market contracts swapped, another build, and an address without code', async () => {
    const swapped = await failure(
      verify(
        altered((s) => {
          [s.market.registry, s.market.market] = [s.market.market, s.market.registry];
        }),
      ),
    );
    expect(swapped).toMatchObject({ code: 'DEPLOYMENT_MISMATCH', details: { address: chain.market.market } });
    expect((swapped as Error).message).toMatch(/as the prosumer registry \(ProsumerRegistry\)/);

    // (The registry is checked first and names its token, so it is the one swapped for another build.)
    const foreign = await failure(
      verify(
        altered((s) => {
          s.market.registry = s.contracts.createCallAddress;
        }),
      ),
    );
    expect((foreign as Error).message).toMatch(
      /as the prosumer registry \(ProsumerRegistry\), but the code there is CreateCall/,
    );
    // A record naming another token is refused: the registry's code names the real one.
    const otherToken = await failure(
      verify(
        altered((s) => {
          s.market.token = s.contracts.createCallAddress;
        }),
      ),
    );
    expect((otherToken as Error).message).toMatch(
      /as the prosumer registry \(ProsumerRegistry\), but the code there is not this version's build of it, pointing at the record's contracts/,
    );

    const empty = Wallet.createRandom().address;
    const none = await failure(
      verify(
        altered((s) => {
          s.safe.address = empty;
        }),
      ),
    );
    expect(none).toMatchObject({ code: 'DEPLOYMENT_MISMATCH', details: { address: empty, role: 'Safe' } });
    expect((none as Error).message).toMatch(/there is no contract there/);
  });

  it('refuses a Safe whose singleton is not the recorded one, and a guard that guards nothing here', async () => {
    const singleton = await failure(
      verify(
        altered((s) => {
          s.safe.address = s.contracts.safeSingletonAddress;
        }),
      ),
    );
    expect((singleton as Error).message).toMatch(
      /as the Safe, but the code there is not a Safe v1.4.1 proxy/,
    );

    const guard = await failure(
      verify(
        altered((s) => {
          s.guard = s.market.registry;
        }),
      ),
    );
    expect(guard).toMatchObject({
      code: 'DEPLOYMENT_MISMATCH',
      details: { address: chain.market.registry, role: 'ConsortiumGuard' },
    });
    expect((guard as Error).message).toMatch(/it guards no Safe with no MultiSendCallOnly/);
  });
});
