// A real Safe v1.4.1 (Safe's own npm build artifacts, never compiled here) with three owners and threshold
// two, and SafeTxs signed with the owners' keys (EIP-712) sent straight to `execTransaction`, for the
// Hardhat tests of the guard.

import type { HardhatEthers, HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/types';
import CompatibilityFallbackHandler from '@safe-global/safe-contracts/build/artifacts/contracts/handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json' with {
  type: 'json',
};
import MultiSend from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/MultiSend.sol/MultiSend.json' with {
  type: 'json',
};
import MultiSendCallOnly from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json' with {
  type: 'json',
};
import SafeProxyFactory from '@safe-global/safe-contracts/build/artifacts/contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json' with {
  type: 'json',
};
import SafeL2 from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import {
  ContractFactory,
  type ContractTransactionResponse,
  concat,
  getBytes,
  Interface,
  Signature,
  solidityPacked,
  toBeHex,
  ZeroAddress,
} from 'ethers';
import type { Contract } from './fixtures';

export const Operation = { Call: 0, DelegateCall: 1 } as const;

/** The ten fields of a Safe transaction, nonce filled in by `execute`. */
export interface SafeTx {
  to: string;
  value: bigint;
  data: string;
  operation: number;
  safeTxGas: bigint;
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: string;
  refundReceiver: string;
}

export interface SafeFixture {
  safe: Contract;
  safeAddress: string;
  /** Sorted by address, as Safe signatures must be. */
  owners: HardhatEthersSigner[];
  executor: HardhatEthersSigner;
  multiSendCallOnly: string;
  /** MultiSend (with delegatecall entries): a contract the guard must not let the Safe delegatecall. */
  multiSend: string;
  fallbackHandler: string;
}

export const safeInterface = new Interface(SafeL2.abi);
const multiSendInterface = new Interface(MultiSendCallOnly.abi);

async function deployArtifact(
  artifact: { abi: unknown[]; bytecode: string },
  from: HardhatEthersSigner,
): Promise<Contract> {
  const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, from);
  const contract = await factory.deploy();
  await contract.waitForDeployment();
  return contract as Contract;
}

/** Deploys the Safe contracts and a 2-of-3 Safe owned by the first three signers after the deployer. */
export async function deploySafe(ethers: HardhatEthers): Promise<SafeFixture> {
  const [deployer, a, b, c, executor] = await ethers.getSigners();
  if (!deployer || !a || !b || !c || !executor) throw new Error('not enough signers');
  const owners = [a, b, c].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
  const singleton = await deployArtifact(SafeL2, deployer);
  const factory = await deployArtifact(SafeProxyFactory, deployer);
  const callOnly = await deployArtifact(MultiSendCallOnly, deployer);
  const multiSend = await deployArtifact(MultiSend, deployer);
  const handler = await deployArtifact(CompatibilityFallbackHandler, deployer);
  const setup = safeInterface.encodeFunctionData('setup', [
    owners.map((o) => o.address),
    2,
    ZeroAddress,
    '0x',
    await handler.getAddress(),
    ZeroAddress,
    0,
    ZeroAddress,
  ]);
  const singletonAddress = await singleton.getAddress();
  const safeAddress = await factory.createProxyWithNonce.staticCall(singletonAddress, setup, 0);
  await (await factory.createProxyWithNonce(singletonAddress, setup, 0)).wait();
  await (await deployer.sendTransaction({ to: safeAddress, value: 10n ** 20n })).wait();
  return {
    safe: new ethers.Contract(safeAddress, SafeL2.abi, executor) as unknown as Contract,
    safeAddress,
    owners,
    executor,
    multiSendCallOnly: await callOnly.getAddress(),
    multiSend: await multiSend.getAddress(),
    fallbackHandler: await handler.getAddress(),
  };
}

/** A plain call with no refund and no safeTxGas: what the guard lets through, given an allowed target. */
export function call(to: string, data = '0x', value = 0n): SafeTx {
  return {
    to,
    value,
    data,
    operation: Operation.Call,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: ZeroAddress,
    refundReceiver: ZeroAddress,
  };
}

/** A call of the Safe to itself, e.g. `selfCall(f, 'changeThreshold', [1])`. */
export function selfCall(f: SafeFixture, method: string, args: unknown[]): SafeTx {
  return call(f.safeAddress, safeInterface.encodeFunctionData(method, args));
}

export interface BatchEntry {
  to: string;
  data?: string;
  value?: bigint;
  operation?: number;
}

/** MultiSend's packed encoding of `entries`. */
export function packBatch(entries: BatchEntry[]): string {
  return concat(
    entries.map((e) => {
      const data = e.data ?? '0x';
      return solidityPacked(
        ['uint8', 'address', 'uint256', 'uint256', 'bytes'],
        [e.operation ?? Operation.Call, e.to, e.value ?? 0n, (data.length - 2) / 2, data],
      );
    }),
  );
}

/** A delegatecall of MultiSendCallOnly's `multiSend` running `entries`. */
export function batch(f: SafeFixture, entries: BatchEntry[]): SafeTx {
  return {
    ...call(f.multiSendCallOnly, multiSendInterface.encodeFunctionData('multiSend', [packBatch(entries)])),
    operation: Operation.DelegateCall,
  };
}

/** The SafeTx fields in the order of `getTransactionHash` and `execTransaction`. */
const SAFE_TX_FIELDS = [
  'to',
  'value',
  'data',
  'operation',
  'safeTxGas',
  'baseGas',
  'gasPrice',
  'gasToken',
  'refundReceiver',
] as const;

/** The hash the owners sign for `tx` at `nonce`, as the Safe computes it. */
export function safeTxHash(f: SafeFixture, tx: SafeTx, nonce: bigint): Promise<string> {
  return f.safe.getTransactionHash(...SAFE_TX_FIELDS.map((k) => tx[k]), nonce);
}

/**
 * Signs `tx` at the Safe's current nonce with the first two owners' keys (eth_sign of the Safe's hash,
 * v + 4 as the Safe expects it) and sends it straight to `execTransaction` from the executor.
 */
export async function execute(f: SafeFixture, tx: SafeTx): Promise<ContractTransactionResponse> {
  const hash = await safeTxHash(f, tx, await f.safe.nonce());
  const signatures = await Promise.all(
    f.owners.slice(0, 2).map(async (o) => {
      const signature = Signature.from(await o.signMessage(getBytes(hash)));
      return concat([signature.r, signature.s, toBeHex(signature.v + 4)]);
    }),
  );
  return f.safe.execTransaction(...SAFE_TX_FIELDS.map((k) => tx[k]), concat(signatures));
}

/** The guard the Safe runs with: its storage slot, read as Safe itself documents (`getStorageAt`). */
export const GUARD_STORAGE_SLOT = '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8';

export async function installedGuard(f: SafeFixture): Promise<string> {
  const word: string = await f.safe.getStorageAt(GUARD_STORAGE_SLOT, 1);
  return `0x${word.slice(-40)}`;
}
