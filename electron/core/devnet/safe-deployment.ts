import SimulateTxAccessor from '@safe-global/safe-contracts/build/artifacts/contracts/accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json' with {
  type: 'json',
};
import CompatibilityFallbackHandler from '@safe-global/safe-contracts/build/artifacts/contracts/handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json' with {
  type: 'json',
};
import CreateCall from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/CreateCall.sol/CreateCall.json' with {
  type: 'json',
};
import MultiSend from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/MultiSend.sol/MultiSend.json' with {
  type: 'json',
};
import MultiSendCallOnly from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json' with {
  type: 'json',
};
import SignMessageLib from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/SignMessageLib.sol/SignMessageLib.json' with {
  type: 'json',
};
import SafeProxyFactory from '@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json' with {
  type: 'json',
};
import SafeL2 from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import { getAddress, getCreateAddress, Interface, type InterfaceAbi, ZeroAddress } from 'ethers';
import type { SafeContractAddresses } from '../safe';
import type { LocalChain } from './local-chain';
import { type DemoSender, oneBlock } from './tx';

/** Safe v1.4.1 as built by Safe itself (npm artifacts, bundled into the app): never compiled here. */
const SAFE_ARTIFACTS: Record<keyof SafeContractAddresses, { bytecode: string; gas: bigint }> = {
  safeSingletonAddress: { bytecode: SafeL2.bytecode, gas: 6_000_000n },
  safeProxyFactoryAddress: { bytecode: SafeProxyFactory.bytecode, gas: 1_500_000n },
  multiSendAddress: { bytecode: MultiSend.bytecode, gas: 500_000n },
  multiSendCallOnlyAddress: { bytecode: MultiSendCallOnly.bytecode, gas: 500_000n },
  fallbackHandlerAddress: { bytecode: CompatibilityFallbackHandler.bytecode, gas: 2_000_000n },
  signMessageLibAddress: { bytecode: SignMessageLib.bytecode, gas: 500_000n },
  createCallAddress: { bytecode: CreateCall.bytecode, gas: 500_000n },
  simulateTxAccessorAddress: { bytecode: SimulateTxAccessor.bytecode, gas: 500_000n },
};

const safeInterface = new Interface(SafeL2.abi as InterfaceAbi);
const factoryInterface = new Interface(SafeProxyFactory.abi as InterfaceAbi);

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
  const names = Object.keys(SAFE_ARTIFACTS) as (keyof SafeContractAddresses)[];
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
      const { bytecode, gas } = SAFE_ARTIFACTS[name];
      hashes.push(await deployer.send({ to: null, data: bytecode, gasLimit: gas }));
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
