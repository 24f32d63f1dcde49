// Deploys the three market contracts the way production does (registry with the token's predicted
// address, token with the market's predicted address, market) with named actors, for the Hardhat tests of this folder.
import type { HardhatEthers, HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/types';
import { type BaseContract, id, solidityPackedKeccak256 } from 'ethers';

/**
 * A deployed contract whose methods the tests call by name. Hardhat's typechain types are generated at
 * compile time, after the repo's typecheck step, so the tests cannot import them.
 */
// biome-ignore lint/suspicious/noExplicitAny: methods come from the ABI at run time
export type Contract = BaseContract & { [method: string]: any };

export const REGISTRATION_FEE = 10n ** 16n; // 0.01 POL
export const FEE_BPS = 250;
export const DISPUTE_WINDOW = 3_600;
/** No dispute bond unless a test sets one (the bond has its own tests). */
export const DISPUTE_BOND = 0n;
export const ARBITRATION_PERIOD = 86_400;

export type PaymentKind = 'native' | 'erc20';

export interface Actors {
  deployer: HardhatEthersSigner;
  /** Stands in for the consortium Safe: owner of all three contracts. */
  safe: HardhatEthersSigner;
  oracle: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  /** Signers that never touched the registry. */
  fresh: HardhatEthersSigner[];
}

export interface Market {
  actors: Actors;
  registry: Contract;
  token: Contract;
  market: Contract;
  /** The ERC-20 payment token, or null for a native POL market. */
  paymentToken: Contract | null;
}

/** `contract` acting as `signer` (ethers types `connect` as BaseContract; it keeps every method). */
export function as(contract: BaseContract, signer: HardhatEthersSigner): Contract {
  return contract.connect(signer) as Contract;
}

export async function actors(ethers: HardhatEthers): Promise<Actors> {
  const [deployer, safe, oracle, alice, bob, carol, outsider, ...fresh] = await ethers.getSigners();
  return {
    deployer: deployer!,
    safe: safe!,
    oracle: oracle!,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    outsider: outsider!,
    fresh,
  };
}

export async function deployMarket(
  ethers: HardhatEthers,
  kind: PaymentKind = 'native',
  options: {
    feeBps?: number;
    disputeWindow?: number;
    registrationFee?: bigint;
    disputeBond?: bigint;
    arbitrationPeriod?: number;
  } = {},
): Promise<Market> {
  const a = await actors(ethers);
  const { deployer, safe } = a;
  const paymentToken: Contract | null =
    kind === 'erc20' ? await ethers.deployContract('ERC20Mock', [], deployer) : null;
  const nonce = await ethers.provider.getTransactionCount(deployer.address);
  const predictedToken = ethers.getCreateAddress({ from: deployer.address, nonce: nonce + 1 });
  const predictedMarket = ethers.getCreateAddress({ from: deployer.address, nonce: nonce + 2 });
  const registry: Contract = await ethers.deployContract(
    'ProsumerRegistry',
    [safe.address, options.registrationFee ?? REGISTRATION_FEE, predictedToken],
    deployer,
  );
  const token: Contract = await ethers.deployContract(
    'EnergyToken',
    [safe.address, await registry.getAddress(), predictedMarket],
    deployer,
  );
  const market: Contract = await ethers.deployContract(
    'EnergyMarket',
    [
      safe.address,
      await registry.getAddress(),
      await token.getAddress(),
      paymentToken ? await paymentToken.getAddress() : ethers.ZeroAddress,
      options.feeBps ?? FEE_BPS,
      options.disputeWindow ?? DISPUTE_WINDOW,
      options.disputeBond ?? DISPUTE_BOND,
      options.arbitrationPeriod ?? ARBITRATION_PERIOD,
    ],
    deployer,
  );
  if ((await market.getAddress()) !== predictedMarket) throw new Error('market address prediction failed');
  await as(token, safe).setMeterOracle(a.oracle.address, true);
  return { actors: a, registry, token, market, paymentToken };
}

export function meterId(label: string): string {
  return id(`meter:${label}`);
}

export function kycHash(label: string): string {
  return id(`kyc:${label}`);
}

/** Applies and admits `who` through the registry, with a meter id derived from its address. */
export async function admit(m: Market, who: HardhatEthersSigner): Promise<void> {
  const fee = await m.registry.registrationFeeWei();
  await as(m.registry, who).applyForAdmission(meterId(who.address), kycHash(who.address), { value: fee });
  await as(m.registry, m.actors.safe).admit(who.address, await m.registry.applicationHashOf(who.address));
}

/** The reading id {EnergyMinted} reports for the reading of `meter` taken at `readAt`. */
export function readingIdOf(meter: string, readAt: bigint): string {
  return solidityPackedKeccak256(['bytes32', 'uint64'], [meter, readAt]);
}

/**
 * The oracle mints `energyWh` for the next reading of `who`'s meter (see {admit}), taken the second after
 * its last one (never in the future: every block is at least a second after the one before); returns its id.
 */
export async function mintEnergy(m: Market, who: HardhatEthersSigner, energyWh: bigint): Promise<string> {
  const readAt: bigint = (await m.token.lastReadingOf(who.address)) + 1n;
  await as(m.token, m.actors.oracle).mint(meterId(who.address), energyWh, readAt);
  return readingIdOf(meterId(who.address), readAt);
}
