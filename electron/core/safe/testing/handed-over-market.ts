import { Contract, Wallet, ZeroAddress } from 'ethers';
import type { Devnet } from '../../devnet';
import { decideAsConsortium } from '../../devnet/consortium';
import { deployMarket, type MarketDeployment } from '../../devnet/market-deployment';
import { marketInterface } from '../abis';
import type { SafeSetup } from '../types';
import { devnetSetup } from './devnet-setup';

export type MarketContract = 'registry' | 'token' | 'market';

export interface HandedOverMarket {
  /** The new market's contracts, with the consortium's Safe (as a deployment record names them). */
  deployment: MarketDeployment & { safe: string };
  /** The training Safe's setup pointed at the new market: what a flow accepting it works with. */
  setup: SafeSetup;
  /** Who deployed it and still owns it until the Safe accepts. */
  deployer: Wallet;
}

/**
 * A market someone else deployed and handed to the consortium: step one of Ownable2Step
 * (`transferOwnership` to the Safe) done by its deployer for each of `contracts`; step two,
 * `acceptOwnership`, is the test's. With `allowlist` (the default) the consortium has also put those
 * contracts on the ConsortiumGuard's allowlist (its own Safe transaction: a batch is checked before
 * it runs, so allowing and calling are two transactions); without it, the guard refuses them.
 */
export async function deployHandedOverMarket(
  devnet: Devnet,
  options: { contracts?: MarketContract[]; allowlist?: boolean } = {},
): Promise<HandedOverMarket> {
  const { contracts = ['market'], allowlist = true } = options;
  const deployer = new Wallet(devnet.prosumers.at(-1)!.privateKey, devnet.provider);
  const handed = await deployMarket(deployer, {
    owner: deployer.address,
    registrationFeeWei: 0n,
    feeBps: 100,
    disputeWindowSeconds: 600,
    disputeBond: 0n,
    arbitrationPeriodSeconds: 3_600,
    paymentToken: ZeroAddress,
  });
  for (const contract of contracts) {
    const ownable = new Contract(handed[contract], marketInterface, deployer);
    await (await ownable.getFunction('transferOwnership')(devnet.safe.address)).wait();
  }
  const setup = devnetSetup(devnet);
  if (allowlist)
    await decideAsConsortium(
      devnet.provider,
      setup,
      devnet.owners,
      contracts.map((contract) => ({ kind: 'setTargetAllowed', target: handed[contract], allowed: true })),
    );
  return {
    deployment: { ...handed, safe: devnet.safe.address },
    setup: { ...setup, market: { registry: handed.registry, token: handed.token, market: handed.market } },
    deployer,
  };
}
