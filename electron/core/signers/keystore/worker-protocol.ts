/**
 * The narrow message protocol between core and the key worker. Decrypted keys exist only inside the
 * worker, each in a slot named by its keystore's address; nothing in a reply can carry one: replies
 * hold an address, an encrypted keystore, a signature or a signed transaction. Every request carries
 * the per-launch token and an id its reply echoes.
 */
import type { TypedDataDomain, TypedDataField } from 'ethers';
import type { TxRequest } from '../types';

/** Where a new key comes from. */
export type SecretSource =
  | { kind: 'random' }
  | { kind: 'private-key'; privateKey: string }
  | { kind: 'mnemonic'; phrase: string; path: string };

export type WorkerRequest =
  /**
   * Encrypt a key into a Web3 Secret Storage v3 file (scrypt) and keep it in the slot of its address
   * (a new keystore starts unlocked).
   */
  | { op: 'encrypt'; secret: SecretSource; password: string; scryptN: number }
  /**
   * Decrypt a keystore into `slot`, which must be its address; the slot is untouched when that fails.
   */
  | { op: 'unlock'; slot: string; keystoreJson: string; password: string }
  /** Drop the key of a slot. */
  | { op: 'forget'; slot: string }
  | {
      op: 'sign-typed-data';
      slot: string;
      domain: TypedDataDomain;
      types: Record<string, TypedDataField[]>;
      message: Record<string, unknown>;
    }
  | { op: 'sign-transaction'; slot: string; tx: TxRequest };

export interface WorkerEnvelope {
  id: number;
  token: string;
  request: WorkerRequest;
}

export type WorkerResult =
  | { address: string; keystoreJson: string }
  | { address: string }
  | { forgotten: boolean }
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
