import { getAddress, getCreateAddress, Interface, type InterfaceAbi, ZeroAddress } from 'ethers';
import { SAFE_ABIS, SAFE_CONTRACT_BUILDS, type SafeContractAddresses } from '../safe';
import type { LocalChain } from './local-chain';
import { type DemoSender, oneBlock } from './tx';

/** Gas to deploy each of Safe's v1.4.1 contracts (its own build, bundled into the app: never compiled here). */
const DEPLOY_GAS: Record<keyof SafeContractAddresses, bigint> = {
  safeSingletonAddress: 6_000_000n,
  safeProxyFactoryAddress: 1_500_000n,
  multiSendAddress: 500_000n,
  multiSendCallOnlyAddress: 500_000n,
  fallbackHandlerAddress: 2_000_000n,
  signMessageLibAddress: 500_000n,
  createCallAddress: 500_000n,
  simulateTxAccessorAddress: 500_000n,
};

const safeInterface = new Interface(SAFE_ABIS.SafeL2 as InterfaceAbi);
const factoryInterface = new Interface(SAFE_ABIS.SafeProxyFactory as InterfaceAbi);

/**
 * Deploys the eight Safe contracts and a Safe proxy with the given owners and threshold, all in one
 * block (the addresses follow from the deployer's nonces).
 */
export async function deploySafe(
  chain: Pick<LocalChain, 'request'>,
  deployer: DemoSender,
  owners: string[],
  threshold: number,
): Promise<{ safe: string; contracts: SafeContractAddresses }> {
  const first = Number(await chain.request('eth_getTransactionCount', [deployer.address, 'pending']));
  const names = Object.keys(DEPLOY_GAS) as (keyof SafeContractAddresses)[];
  const contracts = Object.fromEntries(
    names.map((name, i) => [name, getCreateAddress({ from: deployer.address, nonce: first + i })]),
  ) as unknown as SafeContractAddresses;
  const setup = safeInterface.encodeFunctionData('setup', [
    owners,
    threshold,
    ZeroAddress,
    '0x',
    contracts.fallbackHandlerAddress,
    ZeroAddress,
    0,
    ZeroAddress,
  ]);
  const receipts = await oneBlock(chain, 'Safe deployment', async () => {
    const hashes: string[] = [];
    for (const name of names) {
      const { bytecode } = SAFE_CONTRACT_BUILDS[name];
      hashes.push(await deployer.send({ to: null, data: bytecode, gasLimit: DEPLOY_GAS[name] }));
    }
    const createProxy = factoryInterface.encodeFunctionData('createProxyWithNonce', [
      contracts.safeSingletonAddress,
      setup,
      0,
    ]);
    hashes.push(
      await deployer.send({ to: contracts.safeProxyFactoryAddress, data: createProxy, gasLimit: 500_000n }),
    );
    return hashes;
  });
  const creation = (receipts.at(-1)?.logs ?? [])
    .map((log) => factoryInterface.parseLog(log))
    .find((parsed) => parsed?.name === 'ProxyCreation');
  if (!creation) throw new Error('Safe deployment: the proxy factory did not create a Safe');
  return { safe: getAddress(creation.args[0] as string), contracts };
}
