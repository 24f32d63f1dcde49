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
  | 'needs-attention'
  /** Ledger USB support is not available in this build (optional USB module missing). */
  | 'unavailable';

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
  /** For a Ledger: what the device itself will show, to compare page by page. */
  device?: DeviceDisplay;
}

/** What a Ledger shows while it asks to sign, in its own format and layout. */
export interface DeviceDisplay {
  /** How the screen cuts text: one line per page (Nano S), three (Nano S Plus, X), one page (Stax, Flex). */
  screen: 'nano-s' | 'nano-sp-x' | 'stax-flex';
  /** Hashes as the device prints them ("0x" + upper-case hex), cut into its pages of lines. */
  hashes: { title: 'Domain hash' | 'Message hash'; text: string; pages: string[][] }[];
  /** In clear-signing mode: the typed-data fields, titled and formatted as the device shows them. */
  fields: { title: string; value: string }[];
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
