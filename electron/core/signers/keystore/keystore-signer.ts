import { getAddress, Signature, Transaction } from 'ethers';
import { GridkeeperError } from '../../api/errors';
import { checkedSignature, messageTypes, safeTxHashes } from '../safe-typed-data';
import type {
  SafeTxTypedData,
  Signer,
  SignerStatus,
  SignerSummary,
  SigningPrompt,
  TxRequest,
} from '../types';
import { KeyWorker, KeyWorkerError } from './key-worker';
import type { KeystoreFile } from './keystore-files';

export interface KeystoreSignerOptions {
  keystore: KeystoreFile;
  /** Idle time after which an unlocked key is dropped (read at every arming of the timer). */
  autoLockMs: () => number;
  /** How long a wrong password waits before its error, by the number of failures in a row (1, 2…). */
  wrongPasswordDelayMs: (failures: number) => number;
  /** Called whenever the signer locks or unlocks (by hand or by the idle timer). */
  onChange: (signer: KeystoreSigner) => void;
  /** The published password of a demo keystore: it unlocks itself with it when asked to sign. */
  knownPassword?: string;
  workerUrl?: URL;
}

type SignOptions = Parameters<Signer['signSafeTx']>[1];

/**
 * An owner key in an encrypted keystore file. Unlocking decrypts it inside a key worker of its own
 * (see keystore-worker.ts); this side holds only the worker handle, so the key never enters core's
 * thread. Locking, by hand or after the idle time, ends the worker and the key with it.
 */
export class KeystoreSigner implements Signer {
  readonly kind = 'keystore' as const;
  readonly id: string;
  readonly address: string;
  readonly #options: KeystoreSignerOptions;
  #worker: KeyWorker | undefined;
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
    return this.#worker || this.#options.knownPassword !== undefined ? 'ready' : 'locked';
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
   * Decrypts the keystore in a new key worker. A wrong password fails with SIGNER_WRONG_PASSWORD after
   * a delay that grows with each failure in a row; the key already unlocked (if any) stays unlocked.
   */
  unlock(password: string): Promise<void> {
    const attempt = this.#unlockQueue.then(() => this.#unlock(password));
    this.#unlockQueue = attempt.catch(() => undefined);
    return attempt;
  }

  /** Takes over a worker that already holds this keystore's key (a keystore just created or imported). */
  adopt(worker: KeyWorker): void {
    this.#replaceWorker(worker);
  }

  /** Drops the key: the worker holding it ends. */
  lock(): void {
    if (!this.#worker) return;
    this.#replaceWorker(undefined);
  }

  /** Re-arms the idle timer with the current auto-lock time. */
  rearm(): void {
    if (this.#worker) this.#armIdleTimer();
  }

  async signSafeTx(typedData: SafeTxTypedData, opts?: SignOptions): Promise<string> {
    const hashes = safeTxHashes(typedData);
    const prompt: SigningPrompt = { mode: 'local', ...hashes };
    opts?.onPrompt?.(prompt);
    const { signature } = await this.#withWorker(opts?.signal, (worker) =>
      worker.call({
        op: 'sign-typed-data',
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
    const { serialized } = await this.#withWorker(opts?.signal, (worker) =>
      worker.call({ op: 'sign-transaction', tx }),
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
    const worker = new KeyWorker(this.#options.workerUrl);
    try {
      const { address } = await worker.call({
        op: 'unlock',
        keystoreJson: this.#options.keystore.json,
        password,
      });
      if (getAddress(address) !== this.address) {
        throw new GridkeeperError(
          'STORE_CORRUPT',
          `The keystore file ${this.file} holds the key of ${address}, not of ${this.address}. Import the key again.`,
          { file: this.file },
        );
      }
    } catch (error) {
      await worker.terminate();
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
          `The keystore file ${this.file} is damaged and cannot be decrypted. Restore it from a backup, or import the key again.`,
          { file: this.file },
        );
      }
      throw error;
    }
    this.#failures = 0;
    this.#replaceWorker(worker);
  }

  async #withWorker<T>(signal: AbortSignal | undefined, work: (worker: KeyWorker) => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    if (!this.#worker && this.#options.knownPassword !== undefined)
      await this.unlock(this.#options.knownPassword);
    const worker = this.#worker;
    if (!worker) {
      throw new GridkeeperError(
        'SIGNER_LOCKED',
        `The keystore "${this.label}" is locked. Unlock it with its password on the Signers page, then try again.`,
        { signerId: this.id, nextStep: 'Unlock the keystore with its password, then try again.' },
      );
    }
    this.#signing += 1;
    clearTimeout(this.#idleTimer);
    try {
      return await work(worker);
    } catch (error) {
      if (error instanceof KeyWorkerError) {
        if (error.kind === 'worker-exited' || error.kind === 'locked') this.#replaceWorker(undefined);
        throw new GridkeeperError(
          'SIGNER_LOCKED',
          `The keystore "${this.label}" could not sign (${error.message}); it is locked now. Unlock it and try again.`,
          { signerId: this.id },
        );
      }
      throw error;
    } finally {
      this.#signing -= 1;
      if (this.#worker === worker) this.#armIdleTimer();
    }
  }

  #replaceWorker(next: KeyWorker | undefined): void {
    const previous = this.#worker;
    this.#worker = next;
    clearTimeout(this.#idleTimer);
    if (next) this.#armIdleTimer();
    void previous?.terminate();
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
