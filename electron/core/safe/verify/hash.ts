import { calculateSafeTransactionHash } from '@safe-global/protocol-kit';
import { Contract, type Provider, TypedDataEncoder } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import type { SafeTxTypedData } from '../../signers';
import { safeAbi } from '../abis';
import { type SafeRef, type SafeTxData, type SafeTxHashes, safeTxToJson } from '../types';

/** The EIP-712 type of a Safe transaction (Safe ≥ 1.0: `baseGas`, not `dataGas`). */
export const SAFE_TX_TYPE = [
  { name: 'to', type: 'address' },
  { name: 'value', type: 'uint256' },
  { name: 'data', type: 'bytes' },
  { name: 'operation', type: 'uint8' },
  { name: 'safeTxGas', type: 'uint256' },
  { name: 'baseGas', type: 'uint256' },
  { name: 'gasPrice', type: 'uint256' },
  { name: 'gasToken', type: 'address' },
  { name: 'refundReceiver', type: 'address' },
  { name: 'nonce', type: 'uint256' },
];

/** Safe ≥ 1.3.0 binds signatures to the chain: the domain is (chainId, verifyingContract). */
const EIP712_DOMAIN_TYPE = [
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];

/** The typed data a signer signs: JSON-safe (decimal strings), with the domain type spelled out. */
export function safeTxTypedData(safe: SafeRef, tx: SafeTxData): SafeTxTypedData {
  return {
    domain: { chainId: Number(safe.chainId), verifyingContract: safe.address },
    types: { EIP712Domain: EIP712_DOMAIN_TYPE, SafeTx: SAFE_TX_TYPE },
    primaryType: 'SafeTx',
    message: safeTxToJson(tx),
  };
}

/** The three hashes, computed here with ethers' TypedDataEncoder and nothing else. */
export function hashSafeTx(safe: SafeRef, tx: SafeTxData): SafeTxHashes {
  const { domain, message } = safeTxTypedData(safe, tx);
  const types = { SafeTx: SAFE_TX_TYPE };
  const domainHash = TypedDataEncoder.hashDomain(domain);
  const messageHash = TypedDataEncoder.from(types).hash(message);
  return { domainHash, messageHash, safeTxHash: TypedDataEncoder.hash(domain, types, message) };
}

function mismatch(field: string, ours: string, theirs: string, source: string): GridkeeperError {
  return new GridkeeperError(
    'HASH_MISMATCH',
    `The ${field} computed by Gridkeeper (${ours}) differs from the one ${source} computed (${theirs}). Nothing was signed; do not sign this transaction anywhere until the difference is explained.`,
    { field, ours, theirs, source },
  );
}

/** Cross-check against protocol-kit's own implementation (works offline). */
export function crossCheckWithProtocolKit(safe: SafeRef, tx: SafeTxData, hashes: SafeTxHashes): void {
  const theirs = calculateSafeTransactionHash(
    safe.address,
    { ...safeTxToJson(tx), nonce: Number(tx.nonce) },
    safe.version,
    safe.chainId,
  );
  if (theirs.toLowerCase() !== hashes.safeTxHash)
    throw mismatch('safeTxHash', hashes.safeTxHash, theirs, 'protocol-kit');
}

/** Cross-check against the Safe contract itself: `domainSeparator()` and `getTransactionHash(...)`. */
export async function crossCheckWithContract(
  provider: Provider,
  safe: SafeRef,
  tx: SafeTxData,
  hashes: SafeTxHashes,
): Promise<void> {
  const contract = new Contract(safe.address, safeAbi, provider);
  const [domainSeparator, txHash] = (await Promise.all([
    contract.getFunction('domainSeparator')(),
    contract.getFunction('getTransactionHash')(
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      tx.nonce,
    ),
  ])) as [string, string];
  if (domainSeparator.toLowerCase() !== hashes.domainHash)
    throw mismatch('domain hash', hashes.domainHash, domainSeparator, `the Safe at ${safe.address}`);
  if (txHash.toLowerCase() !== hashes.safeTxHash)
    throw mismatch('safeTxHash', hashes.safeTxHash, txHash, `the Safe at ${safe.address}`);
}

/** Compares hashes someone else gave us (a bundle, the service) with ours. */
export function assertSameHashes(ours: SafeTxHashes, theirs: Partial<SafeTxHashes>, source: string): void {
  for (const field of ['safeTxHash', 'domainHash', 'messageHash'] as const) {
    const value = theirs[field];
    if (value !== undefined && value.toLowerCase() !== ours[field])
      throw mismatch(field, ours[field], value, source);
  }
}
