import type { TypedDataDomain, TypedDataField } from 'ethers';
import type { SignerKind, SignerStatus, SignerSummary, SigningPrompt } from '../api/contract/signer';

export type {
  DeviceDisplay,
  SignerKind,
  SignerStatus,
  SignerSummary,
  SigningPrompt,
} from '../api/contract/signer';

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
