/**
 * The narrow message protocol between core and the key worker. The decrypted key exists only inside
 * the worker; nothing in a reply can carry it: replies hold an address, an encrypted keystore, a
 * signature or a signed transaction. Every request carries the per-launch token and an id its
 * reply echoes.
 */
import type { TypedDataDomain, TypedDataField } from 'ethers';

/** Where a new key comes from. */
export type SecretSource =
  | { kind: 'random' }
  | { kind: 'private-key'; privateKey: string }
  | { kind: 'mnemonic'; phrase: string; path: string };

export interface UnsignedTx {
  chainId: bigint;
  nonce: number;
  to: string | null;
  value: bigint;
  data: string;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export type WorkerRequest =
  /**
   * Encrypt a key into a Web3 Secret Storage v3 file (scrypt). With `keep` the worker keeps the key
   * to sign with (a new keystore starts unlocked), else it keeps nothing.
   */
  | { op: 'encrypt'; secret: SecretSource; password: string; scryptN: number; keep: boolean }
  /** Decrypt a keystore and keep its key in this worker until it ends. */
  | { op: 'unlock'; keystoreJson: string; password: string }
  | {
      op: 'sign-typed-data';
      domain: TypedDataDomain;
      types: Record<string, TypedDataField[]>;
      message: Record<string, unknown>;
    }
  | { op: 'sign-transaction'; tx: UnsignedTx };

export interface WorkerEnvelope {
  id: number;
  token: string;
  request: WorkerRequest;
}

export type WorkerResult =
  | { address: string; keystoreJson: string }
  | { address: string }
  | { signature: string }
  | { serialized: string };

export type WorkerErrorKind =
  | 'bad-token'
  | 'wrong-password'
  | 'corrupt-keystore'
  | 'locked'
  | 'invalid-request';

export type WorkerReply =
  | { id: number; ok: true; result: WorkerResult }
  | { id: number; ok: false; error: { kind: WorkerErrorKind; message: string } };

export interface WorkerData {
  token: string;
}
