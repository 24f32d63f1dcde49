import { Contract, ContractFactory, getAddress, getCreateAddress, type Signer } from 'ethers';
import { EnergyMarket, EnergyToken, ProsumerRegistry } from '../chain';

export interface MarketParams {
  /** The consortium Safe: owner of all three contracts. */
  owner: string;
  registrationFeeWei: bigint;
  feeBps: number;
  disputeWindowSeconds: number;
  /** What opening a dispute costs (payment units, capped at the trade's payment); 0 for no bond. */
  disputeBond: bigint;
  /** How long the Safe has to decide a dispute before its default outcome applies. */
  arbitrationPeriodSeconds: number;
  /** The ERC-20 the market is paid in; the zero address for native POL. */
  paymentToken: string;
}

export interface MarketDeployment {
  registry: string;
  token: string;
  market: string;
  paymentToken: string;
  /** The block of the first contract (the registry): where an indexer starts. */
  deploymentBlock: number;
  txHashes: string[];
}

/**
 * Deploys ProsumerRegistry, EnergyToken and EnergyMarket, owned by the Safe. The registry must know
 * the token and the token the market at construction (the token checks that the registry names it),
 * so their addresses are predicted from the deployer's nonce: the three transactions go out with
 * explicit, consecutive nonces and the market's prediction is checked after.
 * The same code deploys the training network and a real network (`npm run deploy`).
 */
export async function deployMarket(
  signer: Signer,
  params: MarketParams,
  onSent: (what: string, txHash: string) => void = () => {},
): Promise<MarketDeployment> {
  const from = await signer.getAddress();
  const nonce = await signer.getNonce('pending');
  const predictedToken = getCreateAddress({ from, nonce: nonce + 1 });
  const predictedMarket = getCreateAddress({ from, nonce: nonce + 2 });
  const factory = (artifact: typeof ProsumerRegistry) =>
    new ContractFactory(artifact.abi, artifact.bytecode, signer);

  const registry = await factory(ProsumerRegistry).deploy(
    params.owner,
    params.registrationFeeWei,
    predictedToken,
    {
      nonce,
    },
  );
  onSent('ProsumerRegistry', registry.deploymentTransaction()?.hash ?? '');
  const registryAddress = await registry.getAddress();
  const token = await factory(EnergyToken).deploy(params.owner, registryAddress, predictedMarket, {
    nonce: nonce + 1,
  });
  onSent('EnergyToken', token.deploymentTransaction()?.hash ?? '');
  const market = await factory(EnergyMarket).deploy(
    params.owner,
    registryAddress,
    await token.getAddress(),
    params.paymentToken,
    params.feeBps,
    params.disputeWindowSeconds,
    params.disputeBond,
    params.arbitrationPeriodSeconds,
    { nonce: nonce + 2 },
  );
  onSent('EnergyMarket', market.deploymentTransaction()?.hash ?? '');

  const receipts = await Promise.all(
    [registry, token, market].map((c) => c.deploymentTransaction()?.wait() ?? Promise.resolve(null)),
  );
  const failed = receipts.findIndex((r) => r?.status !== 1);
  if (failed >= 0) throw new Error(`Market deployment: transaction ${failed + 1} of 3 failed`);
  const marketAddress = getAddress(await market.getAddress());
  if (marketAddress !== getAddress(predictedMarket)) {
    throw new Error(`Market deployment: the market landed at ${marketAddress}, not at ${predictedMarket}`);
  }
  const tokenMarket = await new Contract(await token.getAddress(), EnergyToken.abi, signer).getFunction(
    'market',
  )();
  if (getAddress(tokenMarket) !== marketAddress) {
    throw new Error('Market deployment: the token does not point at the market');
  }
  return {
    registry: getAddress(registryAddress),
    token: getAddress(await token.getAddress()),
    market: marketAddress,
    paymentToken: getAddress(params.paymentToken),
    deploymentBlock: receipts[0]?.blockNumber ?? 0,
    txHashes: receipts.map((r) => r?.hash ?? ''),
  };
}
