import { getAddress, Signature, Transaction } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import { checkedSignature, messageTypes, safeTxHashes } from '../safe-typed-data';
import type {
  SafeTxTypedData,
  Signer,
  SignerStatus,
  SignerSummary,
  SigningPrompt,
  TxRequest,
} from '../types';
import { type KeyWorker, KeyWorkerError } from './key-worker';
import type { KeystoreFile } from './keystore-files';

export interface KeystoreSignerOptions {
  keystore: KeystoreFile;
  /** Idle time after which an unlocked key is dropped (read at every arming of the timer). */
  autoLockMs: () => number;
  /** How long a wrong password waits before its error, by the number of failures in a row (1, 2…). */
  wrongPasswordDelayMs: (failures: number) => number;
  /** Called whenever the signer locks or unlocks (by hand or by the idle timer). */
  onChange: (signer: KeystoreSigner) => void;
  /** The key worker of the keystore folder, where this key is kept (in the slot of its address) while unlocked. */
  worker: KeyWorker;
  /** The published password of a demo keystore: it unlocks itself with it when asked to sign. */
  knownPassword?: string;
}

type SignOptions = Parameters<Signer['signSafeTx']>[1];

/**
 * An owner key in an encrypted keystore file. Unlocking decrypts it inside the key worker (see
 * keystore-worker.ts), which keeps it and signs with it; this side only knows whether it is there, so
 * the key never enters core's thread. Locking, by hand or after the idle time, drops it there.
 */
export class KeystoreSigner implements Signer {
  readonly kind = 'keystore' as const;
  readonly id: string;
  readonly address: string;
  readonly #options: KeystoreSignerOptions;
  #unlocked = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #signing = 0;
  #failures = 0;
  /** Unlock attempts run one after another, so concurrent guesses cannot skip the delay. */
  #unlockQueue: Promise<unknown> = Promise.resolve();

  constructor(options: KeystoreSignerOptions) {
    this.#options = options;
    this.address = getAddress(options.keystore.address);
    this.id = keystoreSignerId(this.address);
  }

  get label(): string {
    return this.#options.keystore.meta.label;
  }

  get demo(): boolean {
    return this.#options.keystore.meta.demo;
  }

  get file(): string {
    return this.#options.keystore.file;
  }

  status(): SignerStatus {
    return this.#unlocked || this.#options.knownPassword !== undefined ? 'ready' : 'locked';
  }

  summary(): SignerSummary {
    const locked = this.status() === 'locked';
    const detail = this.demo
      ? 'Demo key of the training network: public, never use it on a real network.'
      : locked
        ? 'Locked: unlock it with its password to sign.'
        : undefined;
    return {
      id: this.id,
      kind: this.kind,
      label: this.demo ? `${this.label} (demo key: training network only)` : this.label,
      address: this.address,
      status: this.status(),
      demo: this.demo,
      ...(detail ? { detail } : {}),
    };
  }

  /**
   * Decrypts the keystore into the key worker. A wrong password fails with SIGNER_WRONG_PASSWORD after
   * a delay that grows with each failure in a row; the key already unlocked (if any) stays unlocked.
   */
  unlock(password: string): Promise<void> {
    const attempt = this.#unlockQueue.then(() => this.#unlock(password));
    this.#unlockQueue = attempt.catch(() => undefined);
    return attempt;
  }

  /** The key worker already holds this key (a keystore just created or imported). */
  adopt(): void {
    this.#setUnlocked(true);
  }

  /** Drops the key from the key worker. */
  lock(): void {
    if (!this.#unlocked) return;
    this.#setUnlocked(false);
    if (this.#options.worker.running) {
      this.#options.worker.call({ op: 'forget', slot: this.address }).catch(() => undefined);
    }
  }

  /** The key worker ended (stopped or failed): the key is gone with it. */
  workerEnded(): void {
    if (this.#unlocked) this.#setUnlocked(false);
  }

  get unlocked(): boolean {
    return this.#unlocked;
  }

  /** Re-arms the idle timer with the current auto-lock time. */
  rearm(): void {
    if (this.#unlocked) this.#armIdleTimer();
  }

  async signSafeTx(typedData: SafeTxTypedData, opts?: SignOptions): Promise<string> {
    const hashes = safeTxHashes(typedData);
    const prompt: SigningPrompt = { mode: 'local', ...hashes };
    opts?.onPrompt?.(prompt);
    const { signature } = await this.#withKey(opts?.signal, (worker) =>
      worker.call({
        op: 'sign-typed-data',
        slot: this.address,
        domain: typedData.domain,
        types: messageTypes(typedData),
        message: typedData.message,
      }),
    );
    const { r, s, v } = Signature.from(signature);
    return checkedSignature(hashes.safeTxHash, { r, s, v }, this.address, `The keystore "${this.label}"`);
  }

  async signTransaction(tx: TxRequest, opts?: { signal?: AbortSignal }): Promise<string> {
    const unsigned = Transaction.from({ ...tx, type: 2 });
    const { serialized } = await this.#withKey(opts?.signal, (worker) =>
      worker.call({ op: 'sign-transaction', slot: this.address, tx }),
    );
    const signed = Transaction.from(serialized);
    if (signed.unsignedSerialized !== unsigned.unsignedSerialized || signed.from !== this.address) {
      throw new GridkeeperError(
        'SIGNATURE_INVALID',
        `The keystore "${this.label}" returned a transaction that is not the one asked for, or not signed by ${this.address}; it was discarded.`,
      );
    }
    return serialized;
  }

  async close(): Promise<void> {
    this.lock();
  }

  async #unlock(password: string): Promise<void> {
    try {
      await this.#options.worker.call({
        op: 'unlock',
        slot: this.address,
        keystoreJson: this.#options.keystore.json,
        password,
      });
    } catch (error) {
      if (error instanceof KeyWorkerError && error.kind === 'wrong-password') {
        this.#failures += 1;
        await new Promise((resolve) =>
          setTimeout(resolve, this.#options.wrongPasswordDelayMs(this.#failures)),
        );
        throw new GridkeeperError(
          'SIGNER_WRONG_PASSWORD',
          `That is not the password of the keystore "${this.label}". Check the keyboard layout and Caps Lock, then try again.`,
          { signerId: this.id, failures: this.#failures },
        );
      }
      if (error instanceof KeyWorkerError && error.kind === 'corrupt-keystore') {
        throw new GridkeeperError(
          'STORE_CORRUPT',
          `The keystore file ${this.file} is damaged (${error.message}). Restore it from a backup, or import the key again.`,
          { file: this.file },
        );
      }
      throw error;
    }
    this.#failures = 0;
    this.#setUnlocked(true);
  }

  async #withKey<T>(signal: AbortSignal | undefined, work: (worker: KeyWorker) => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    if (!this.#unlocked && this.#options.knownPassword !== undefined)
      await this.unlock(this.#options.knownPassword);
    if (!this.#unlocked) {
      throw new GridkeeperError(
        'SIGNER_LOCKED',
        `The keystore "${this.label}" is locked. Unlock it with its password on the Signers page, then try again.`,
        { signerId: this.id, nextStep: 'Unlock the keystore with its password, then try again.' },
      );
    }
    this.#signing += 1;
    clearTimeout(this.#idleTimer);
    try {
      return await work(this.#options.worker);
    } catch (error) {
      if (error instanceof KeyWorkerError) {
        if (error.kind === 'worker-exited' || error.kind === 'locked') this.#setUnlocked(false);
        throw new GridkeeperError(
          'SIGNER_LOCKED',
          `The keystore "${this.label}" could not sign (${error.message}); it is locked now. Unlock it and try again.`,
          { signerId: this.id },
        );
      }
      throw error;
    } finally {
      this.#signing -= 1;
      if (this.#unlocked) this.#armIdleTimer();
    }
  }

  #setUnlocked(unlocked: boolean): void {
    this.#unlocked = unlocked;
    clearTimeout(this.#idleTimer);
    if (unlocked) this.#armIdleTimer();
    this.#options.onChange(this);
  }

  #armIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    // A demo key is public: locking it would protect nothing and only interrupt the training.
    if (this.#signing > 0 || this.demo) return;
    this.#idleTimer = setTimeout(() => this.lock(), this.#options.autoLockMs());
    this.#idleTimer.unref();
  }
}

export function keystoreSignerId(address: string): string {
  return `keystore:${getAddress(address)}`;
}
