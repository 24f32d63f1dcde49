import type { TypedDataDomain, TypedDataField } from 'ethers';

export type SignerKind = 'ledger' | 'keystore' | 'demo';

export type SignerStatus =
  | 'ready'
  | 'locked'
  | 'disconnected'
  | 'app-closed'
  | 'wrong-app'
  | 'busy'
  | 'permission-denied'
  | 'needs-attention';

/** The EIP-712 typed data of one SafeTx, as protocol-kit and ethers' TypedDataEncoder take it. */
export interface SafeTxTypedData {
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  primaryType: 'SafeTx';
  message: Record<string, string | number | bigint>;
}

/** An unsigned EIP-1559 transaction to send from the signer's account. */
export interface TxRequest {
  chainId: bigint;
  nonce: number;
  to: string | null;
  value: bigint;
  data: string;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** What the owner should see on screen while the device asks for confirmation. */
export interface SigningPrompt {
  mode: 'clear' | 'hashed' | 'local';
  domainHash: string;
  messageHash: string;
  safeTxHash: string;
}

/** A plain, serialisable view of a signer for the UI. */
export interface SignerSummary {
  id: string;
  kind: SignerKind;
  label: string;
  address: string;
  status: SignerStatus;
  /** Demo keys of the training network: never use on a real network. */
  demo: boolean;
  detail?: string;
}

/** One signer: a Ledger account, an unlocked keystore, or a devnet demo key. */
export interface Signer {
  readonly id: string;
  readonly kind: SignerKind;
  readonly address: string;
  status(): SignerStatus;
  summary(): SignerSummary;
  /** Signs a SafeTx (EIP-712). Resolves to a 65-byte signature (r, s, v with v in 27/28). */
  signSafeTx(
    typedData: SafeTxTypedData,
    opts?: { signal?: AbortSignal; onPrompt?: (prompt: SigningPrompt) => void },
  ): Promise<string>;
  /** Signs an EIP-1559 transaction; resolves to the serialized signed transaction. */
  signTransaction(tx: TxRequest, opts?: { signal?: AbortSignal }): Promise<string>;
  close(): Promise<void>;
}
