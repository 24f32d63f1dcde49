import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import { writeFileAtomically } from '../../store';
import { KeyWorker, KeyWorkerError } from './key-worker';
import {
  type DamagedKeystoreFile,
  type KeystoreMeta,
  keystoreFileName,
  listKeystoreFiles,
  readKeystoreFile,
  withMeta,
} from './keystore-files';
import { KeystoreSigner } from './keystore-signer';
import type { SecretSource } from './worker-protocol';

/** ethers' default scrypt cost (N = 2^17, r = 8, p = 1: 128 MiB, well under a second with Node's scrypt). */
export const DEFAULT_SCRYPT_N = 2 ** 17;
export const DEFAULT_AUTO_LOCK_MS = 15 * 60_000;

export interface KeystoresOptions {
  /** The folder of the keystore files (created owner-only on first write). */
  dir: string;
  scryptN?: number;
  autoLockMs?: number;
  /** First wrong-password delay; it doubles with each failure in a row, up to 30 s. */
  wrongPasswordDelayMs?: number;
  onChange?: (signer: KeystoreSigner) => void;
  /** For the demo keystores only: their published password, with which they unlock themselves. */
  knownPassword?: string;
  workerUrl?: URL;
}

export type KeySource =
  | { privateKey: string }
  | { mnemonic: string; path: string }
  /** A new random key, generated inside the key worker. */
  | { random: true };

/** The keystore files of one folder, each as a signer that stays locked until its password is given. */
export class Keystores {
  readonly #options: KeystoresOptions;
  /** One key worker for the folder, started on the first unlock, ended by `lockAll`. */
  readonly #worker: KeyWorker;
  readonly #signers = new Map<string, KeystoreSigner>();
  #damaged: DamagedKeystoreFile[] = [];
  #autoLockMs: number;

  constructor(options: KeystoresOptions) {
    this.#options = options;
    this.#autoLockMs = options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS;
    this.#worker = new KeyWorker(options.workerUrl);
    this.#worker.onExit(() => {
      for (const signer of this.#signers.values()) signer.workerEnded();
    });
    this.reload();
  }

  get dir(): string {
    return this.#options.dir;
  }

  get autoLockMs(): number {
    return this.#autoLockMs;
  }

  /** Picks up files added or removed in the folder; signers already known keep their state. */
  reload(): void {
    const { keystores, damaged } = listKeystoreFiles(this.#options.dir);
    this.#damaged = damaged;
    const present = new Set<string>();
    for (const keystore of keystores) {
      const signer = this.#signers.get(keystore.address) ?? this.#signerOf(keystore);
      this.#signers.set(keystore.address, signer);
      present.add(keystore.address);
    }
    for (const [address, signer] of this.#signers) {
      if (present.has(address)) continue;
      signer.lock();
      this.#signers.delete(address);
    }
  }

  list(): KeystoreSigner[] {
    return [...this.#signers.values()];
  }

  /** Files in the folder that are not readable keystores. */
  damaged(): DamagedKeystoreFile[] {
    return this.#damaged;
  }

  find(id: string): KeystoreSigner | undefined {
    return this.list().find((signer) => signer.id === id);
  }

  get(id: string): KeystoreSigner {
    const signer = this.find(id);
    if (!signer)
      throw new GridkeeperError('SIGNER_NOT_FOUND', `There is no keystore ${id}.`, { signerId: id });
    return signer;
  }

  /**
   * Encrypts a key (new, or imported from a private key or recovery phrase) into a new keystore file
   * and returns its signer, unlocked: the worker that encrypted it keeps the key.
   */
  async add(source: KeySource, password: string, meta: KeystoreMeta): Promise<KeystoreSigner> {
    let encrypted: { address: string; keystoreJson: string };
    try {
      encrypted = await this.#worker.call({
        op: 'encrypt',
        secret: secretOf(source),
        password,
        scryptN: this.#options.scryptN ?? DEFAULT_SCRYPT_N,
      });
    } catch (error) {
      if (error instanceof KeyWorkerError && error.kind === 'invalid-request') {
        throw new GridkeeperError('INPUT_INVALID', 'The private key or recovery phrase is not valid.');
      }
      throw error;
    }
    const address = getAddress(encrypted.address);
    const name = keystoreFileName(address);
    const existing = this.#signers.get(address);
    if (existing || existsSync(join(this.#options.dir, name))) {
      // The worker put the key in its slot: leave it only if that keystore was unlocked already.
      if (!existing?.unlocked) await this.#worker.call({ op: 'forget', slot: address });
      throw new GridkeeperError(
        'CONFLICT',
        `A keystore for ${address}${existing ? ` ("${existing.label}")` : ''} already exists. Unlock that one instead.`,
        { address },
      );
    }
    let signer: KeystoreSigner;
    try {
      const file = writeFileAtomically(this.#options.dir, name, withMeta(encrypted.keystoreJson, meta));
      signer = this.#signerOf(readKeystoreFile(file));
    } catch (error) {
      await this.#worker.call({ op: 'forget', slot: address });
      throw error;
    }
    this.#signers.set(address, signer);
    signer.adopt();
    return signer;
  }

  /** Changes the idle time after which unlocked keys lock, for the keys unlocked now too. */
  setAutoLockMs(ms: number): void {
    this.#autoLockMs = ms;
    for (const signer of this.#signers.values()) signer.rearm();
  }

  /** Locks every key and ends the key worker. */
  async lockAll(): Promise<void> {
    for (const signer of this.#signers.values()) signer.lock();
    await this.#worker.terminate();
  }

  #signerOf(keystore: ReturnType<typeof readKeystoreFile>): KeystoreSigner {
    const base = this.#options.wrongPasswordDelayMs ?? 1_000;
    return new KeystoreSigner({
      keystore,
      autoLockMs: () => this.#autoLockMs,
      wrongPasswordDelayMs: (failures) => Math.min(base * 2 ** (failures - 1), 30_000),
      onChange: (signer) => this.#options.onChange?.(signer),
      worker: this.#worker,
      knownPassword: this.#options.knownPassword,
    });
  }
}

function secretOf(source: KeySource): SecretSource {
  if ('privateKey' in source) return { kind: 'private-key', privateKey: source.privateKey };
  if ('mnemonic' in source) return { kind: 'mnemonic', phrase: source.mnemonic, path: source.path };
  return { kind: 'random' };
}
