import { Transaction, Wallet } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';
import { messageTypes, safeTxHashes } from './safe-typed-data';
import type { SafeTxTypedData, Signer, SignerStatus, SignerSummary, SigningPrompt, TxRequest } from './types';

export interface DemoKey {
  /** How the key shows everywhere, e.g. "Demo owner 1". */
  label: string;
  privateKey: string;
}

/**
 * A key of the training network, held in memory. Its whole point is that it is public: every view
 * of it says "demo", and it must never hold anything on a real network.
 */
export class DemoKeySigner implements Signer {
  readonly kind = 'demo' as const;
  readonly id: string;
  readonly address: string;
  readonly #wallet: Wallet;
  readonly #label: string;
  #closed = false;

  constructor(key: DemoKey) {
    this.#wallet = new Wallet(key.privateKey);
    this.#label = key.label;
    this.address = this.#wallet.address;
    this.id = `demo:${this.address}`;
  }

  status(): SignerStatus {
    return this.#closed ? 'disconnected' : 'ready';
  }

  summary(): SignerSummary {
    return {
      id: this.id,
      kind: this.kind,
      label: `${this.#label} (demo key: training network only)`,
      address: this.address,
      status: this.status(),
      demo: true,
    };
  }

  async signSafeTx(
    typedData: SafeTxTypedData,
    opts?: { signal?: AbortSignal; onPrompt?: (prompt: SigningPrompt) => void },
  ): Promise<string> {
    this.#assertOpen(opts?.signal);
    opts?.onPrompt?.({ mode: 'local', ...safeTxHashes(typedData) });
    return this.#wallet.signTypedData(typedData.domain, messageTypes(typedData), typedData.message);
  }

  async signTransaction(tx: TxRequest, opts?: { signal?: AbortSignal }): Promise<string> {
    this.#assertOpen(opts?.signal);
    return this.#wallet.signTransaction(Transaction.from({ ...tx, type: 2 }));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(signal?: AbortSignal) {
    signal?.throwIfAborted();
    if (this.#closed)
      throw new GridkeeperError('SIGNER_DISCONNECTED', `${this.#label} (demo key) was closed.`);
  }
}
