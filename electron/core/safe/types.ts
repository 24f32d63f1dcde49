/** The ten fields of a Safe transaction (what the owners sign), amounts as bigint. */
export interface SafeTxData {
  to: string;
  value: bigint;
  data: string;
  /** 0 = call, 1 = delegatecall. */
  operation: 0 | 1;
  safeTxGas: bigint;
  baseGas: bigint;
  gasPrice: bigint;
  gasToken: string;
  refundReceiver: string;
  nonce: bigint;
}

/** A Safe transaction's fields with the amounts as decimal strings (EIP-712 message, files, views). */
export type SafeTxJson = { [K in keyof SafeTxData]: SafeTxData[K] extends bigint ? string : SafeTxData[K] };

export function safeTxToJson(tx: SafeTxData): SafeTxJson {
  return {
    to: tx.to,
    value: tx.value.toString(),
    data: tx.data,
    operation: tx.operation,
    safeTxGas: tx.safeTxGas.toString(),
    baseGas: tx.baseGas.toString(),
    gasPrice: tx.gasPrice.toString(),
    gasToken: tx.gasToken,
    refundReceiver: tx.refundReceiver,
    nonce: tx.nonce.toString(),
  };
}

/** Which Safe on which chain: the EIP-712 domain of every signature. */
export interface SafeRef {
  chainId: bigint;
  address: string;
  version: string;
}

export interface SafeTxHashes {
  /** EIP-712 domain separator of the Safe. */
  domainHash: string;
  /** EIP-712 struct hash of the SafeTx message. */
  messageHash: string;
  /** keccak256(0x1901 ‖ domainHash ‖ messageHash): what the owners sign, what a Ledger shows. */
  safeTxHash: string;
}

/**
 * How a signature proves an owner's consent: an EIP-712 signature (27/28), an eth_sign signature
 * of the hash (v + 4), or an approval of the hash on chain (`approveHash`, v = 1).
 */
export type SignatureType = 'eip712' | 'eth_sign' | 'approved-hash';

/** Where a signature came from. */
export type SignatureSource = 'local' | 'bundle' | 'tx-service' | 'on-chain';

export interface OwnerSignature {
  /** Checksummed owner address the signature recovers to. */
  owner: string;
  /** 65 bytes, hex. */
  data: string;
  type: SignatureType;
  source: SignatureSource;
  signerKind?: string | null;
  signerId?: string | null;
  addedAt: string;
}

/** The Safe's market contracts, which the decoder and the intent builder know by address. */
export interface MarketAddresses {
  registry: string;
  token: string;
  market: string;
}

import type { SafeContractAddresses } from '../api/contract/deployment';

export type { SafeContractAddresses };

/** Everything that identifies the Safe and the contracts it governs, on or off line. */
export interface SafeSetup {
  safe: SafeRef;
  contracts: SafeContractAddresses;
  market: MarketAddresses;
  /** Where to start looking for the Safe's execution logs (the deployment block). */
  fromBlock?: number;
}

/** The Safe's owners, threshold and nonce, as read from the chain (or last read, when offline). */
export interface SafeState {
  owners: string[];
  threshold: number;
  nonce: bigint;
  /** Block the state was read at; null when it was entered by hand. */
  blockNumber: number | null;
  updatedAt: string;
}

/** Whether two addresses are the same account, whatever their case (checksummed or not). */
export const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
