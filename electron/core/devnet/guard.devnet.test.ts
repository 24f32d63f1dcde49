import { Interface, ZeroAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsortiumGuard, readSafeGuard } from '../chain';
import { registryInterface, safeInterface } from '../safe/abis';
import { safeSetupOf } from '../safe/setup';
import { plainSafeCall, type SafeTxData } from '../safe/types';
import { type Devnet, startDevnet } from '.';
import { execTransactionSignedByOwners } from './guard-deployment';

const guardInterface = new Interface(ConsortiumGuard.abi);
let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal' });
});
afterAll(async () => {
  await devnet?.stop();
});

/** The revert of `tx`, signed by two demo owners and sent straight to the Safe, decoded with the guard's ABI. */
async function refusal(tx: Omit<SafeTxData, 'nonce'>): Promise<{ name: string; args: unknown[] }> {
  const setup = safeSetupOf(devnet.deployment);
  const call = await execTransactionSignedByOwners(devnet.provider, setup, devnet.owners, tx);
  const from = devnet.owners[2]!.address;
  const data = await devnet.provider.call({ ...call, from }).then(
    () => null,
    (error: { data?: string }) => error.data ?? null,
  );
  const parsed = data ? (guardInterface.parseError(data) ?? null) : null;
  if (!parsed) throw new Error(`The Safe did not refuse with a guard error (revert data ${data})`);
  return { name: parsed.name, args: [...parsed.args] };
}

describe('the training Safe runs with the ConsortiumGuard', () => {
  it('is installed in the Safe and named in the deployment record', async () => {
    expect(await readSafeGuard(devnet.provider, devnet.safe.address)).toBe(devnet.guard);
    expect(devnet.deployment.guard).toBe(devnet.guard);
  });

  it('refuses enableModule signed by two owners and sent straight to the Safe', async () => {
    const module = devnet.prosumers[0]!.address;
    const tx = plainSafeCall(devnet.safe.address, safeInterface.encodeFunctionData('enableModule', [module]));
    expect(await refusal(tx)).toEqual({ name: 'ModuleChangeRefused', args: [tx.data.slice(0, 10), module] });
  });

  it('refuses a gas refund signed by two owners and sent straight to the Safe', async () => {
    const receiver = devnet.prosumers[0]!.address;
    const setFee = registryInterface.encodeFunctionData('setRegistrationFee', [1n]);
    const tx = {
      ...plainSafeCall(devnet.market.registry, setFee),
      gasPrice: 10n ** 18n,
      refundReceiver: receiver,
    };
    expect(await refusal(tx)).toEqual({
      name: 'GasRefundRefused',
      args: [10n ** 18n, ZeroAddress, receiver],
    });
  });
});
