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
import SafeProxy from '@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxy.sol/SafeProxy.json' with {
  type: 'json',
};
import SafeProxyFactory from '@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json' with {
  type: 'json',
};
import Safe from '@safe-global/safe-contracts/build/artifacts/contracts/Safe.sol/Safe.json' with {
  type: 'json',
};
import SafeL2 from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import type { SafeContractAddresses } from './types';

/**
 * Safe v1.4.1 as built by Safe itself (the npm artifacts, bundled into the app: never compiled here;
 * for the contracts without immutables their runtime code hashes to safe-deployments' canonical
 * `codeHash`), by the role each contract plays for a Safe, with the name people know it by.
 */
export const SAFE_CONTRACT_BUILDS: Record<
  keyof SafeContractAddresses,
  { name: string; bytecode: string; deployedBytecode: string[] }
> = {
  safeSingletonAddress: {
    name: 'Safe singleton (Safe or SafeL2 v1.4.1)',
    bytecode: SafeL2.bytecode,
    deployedBytecode: [SafeL2.deployedBytecode, Safe.deployedBytecode],
  },
  safeProxyFactoryAddress: {
    name: 'SafeProxyFactory',
    bytecode: SafeProxyFactory.bytecode,
    deployedBytecode: [SafeProxyFactory.deployedBytecode],
  },
  multiSendAddress: {
    name: 'MultiSend',
    bytecode: MultiSend.bytecode,
    deployedBytecode: [MultiSend.deployedBytecode],
  },
  multiSendCallOnlyAddress: {
    name: 'MultiSendCallOnly',
    bytecode: MultiSendCallOnly.bytecode,
    deployedBytecode: [MultiSendCallOnly.deployedBytecode],
  },
  fallbackHandlerAddress: {
    name: 'CompatibilityFallbackHandler',
    bytecode: CompatibilityFallbackHandler.bytecode,
    deployedBytecode: [CompatibilityFallbackHandler.deployedBytecode],
  },
  signMessageLibAddress: {
    name: 'SignMessageLib',
    bytecode: SignMessageLib.bytecode,
    deployedBytecode: [SignMessageLib.deployedBytecode],
  },
  createCallAddress: {
    name: 'CreateCall',
    bytecode: CreateCall.bytecode,
    deployedBytecode: [CreateCall.deployedBytecode],
  },
  simulateTxAccessorAddress: {
    name: 'SimulateTxAccessor',
    bytecode: SimulateTxAccessor.bytecode,
    deployedBytecode: [SimulateTxAccessor.deployedBytecode],
  },
};

/** The Safe proxy's runtime code (the proxy keeps its singleton in storage slot 0, no immutables). */
export const SAFE_PROXY_RUNTIME = SafeProxy.deployedBytecode;
/** ABIs of the Safe contracts the app calls, from the same build. */
export const SAFE_ABIS = {
  SafeL2: SafeL2.abi,
  SafeProxyFactory: SafeProxyFactory.abi,
  MultiSendCallOnly: MultiSendCallOnly.abi,
  SimulateTxAccessor: SimulateTxAccessor.abi,
};
