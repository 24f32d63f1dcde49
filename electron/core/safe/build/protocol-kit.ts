import type SafeKit from '@safe-global/protocol-kit';
import * as protocolKitModule from '@safe-global/protocol-kit';
import type { JsonRpcProvider } from 'ethers';
import type { SafeSetup, SafeTxData } from '../types';
import type { Call } from './encode';

type SafeKitClass = typeof SafeKit;
export type ProtocolKit = SafeKit;

/** Under ESM the default export of protocol-kit may arrive wrapped once more. */
const Safe: SafeKitClass = ((protocolKitModule.default as unknown as { default?: SafeKitClass }).default ??
  protocolKitModule.default) as SafeKitClass;

/** protocol-kit speaks EIP-1193; this hands it the app's own ethers provider (one connection, one fallback policy). */
function eip1193(provider: JsonRpcProvider) {
  return {
    request: ({ method, params }: { method: string; params?: readonly unknown[] | object }) =>
      provider.send(method, (params as unknown[] | undefined) ?? []),
  };
}

export async function connectProtocolKit(provider: JsonRpcProvider, setup: SafeSetup): Promise<ProtocolKit> {
  return Safe.init({
    provider: eip1193(provider),
    safeAddress: setup.safe.address,
    contractNetworks: { [setup.safe.chainId.toString()]: { ...setup.contracts } },
  });
}

/** One call stays a call; several become one MultiSendCallOnly batch (delegatecall), via protocol-kit. */
export async function buildSafeTx(kit: ProtocolKit, calls: Call[], nonce: bigint): Promise<SafeTxData> {
  const safeTx = await kit.createTransaction({
    transactions: calls.map((c) => ({
      to: c.to,
      value: c.value.toString(),
      data: c.data,
      operation: c.operation,
    })),
    onlyCalls: true,
    options: { nonce: Number(nonce) },
  });
  const d = safeTx.data;
  return {
    to: d.to,
    value: BigInt(d.value),
    data: d.data,
    operation: d.operation === 1 ? 1 : 0,
    safeTxGas: BigInt(d.safeTxGas),
    baseGas: BigInt(d.baseGas),
    gasPrice: BigInt(d.gasPrice),
    gasToken: d.gasToken,
    refundReceiver: d.refundReceiver,
    nonce: BigInt(d.nonce),
  };
}
