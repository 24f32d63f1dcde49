import type { SignatureSource, SignatureType } from '../types';

/**
 * Every step of a Safe transaction's life, as one typed event. The same events drive the UI's
 * progress (safe/tx-updated) and the audit log; they are emitted inside the step's store
 * transaction, so what is recorded is exactly what happened.
 */
export type SafeLifecycleEvent =
  | {
      type: 'PROPOSED';
      safeTxHash: string;
      actor: string | null;
      nonce: string;
      title: string;
      origin: 'local' | 'bundle' | 'tx-service' | 'tx-builder';
      intents: number;
      fileSha256?: string;
    }
  | {
      type: 'DECODED';
      safeTxHash: string;
      actor: null;
      calls: number;
      unknownCalls: number;
      danger: string | null;
    }
  | {
      type: 'SIMULATED';
      safeTxHash: string;
      actor: null;
      status: 'success' | 'reverted' | 'offline';
      gasUsed: string | null;
      revertReason: string | null;
      events: number;
    }
  | {
      type: 'SIGNED';
      safeTxHash: string;
      actor: string;
      signerKind: string | null;
      signerId: string | null;
      signatureType: SignatureType;
      source: SignatureSource;
    }
  | {
      type: 'SIGN_FAILED';
      safeTxHash: string;
      actor: string | null;
      signerId: string;
      code: string;
      message: string;
    }
  | {
      type: 'BUNDLE_EXPORTED';
      safeTxHash: string;
      actor: string | null;
      fileName: string;
      fileSha256: string;
      signatures: number;
    }
  | {
      type: 'BUNDLE_IMPORTED';
      safeTxHash: string;
      actor: string | null;
      fileSha256: string;
      newProposal: boolean;
      addedSignatures: string[];
    }
  | {
      type: 'TX_BUILDER_EXPORTED';
      safeTxHash: string;
      actor: string | null;
      fileName: string;
      fileSha256: string;
    }
  | {
      type: 'TX_BUILDER_IMPORTED';
      safeTxHash: string;
      actor: string | null;
      fileSha256: string;
      calls: number;
    }
  | { type: 'SERVICE_PROPOSED'; safeTxHash: string; actor: string; txServiceUrl: string }
  | { type: 'SERVICE_CONFIRMED'; safeTxHash: string; actor: string; txServiceUrl: string }
  | {
      type: 'SERVICE_SYNCED';
      safeTxHash: string;
      actor: null;
      txServiceUrl: string;
      newProposal: boolean;
      addedSignatures: string[];
    }
  | {
      type: 'APPROVED_ON_CHAIN';
      safeTxHash: string;
      actor: string;
      chainTxHash: string;
      blockNumber: number | null;
    }
  | { type: 'EXECUTING'; safeTxHash: string; actor: string; chainTxHash: string; nonce: string }
  | {
      type: 'EXECUTED';
      safeTxHash: string;
      actor: string | null;
      chainTxHash: string;
      blockNumber: number;
      /** False when the Safe emitted ExecutionFailure: the nonce is spent but the calls did nothing. */
      success: boolean;
    }
  | {
      type: 'EXECUTION_FAILED';
      safeTxHash: string;
      actor: string | null;
      chainTxHash: string | null;
      reason: string;
    }
  | { type: 'REPLACED'; safeTxHash: string; actor: null; nonce: string; byChainTxHash: string | null }
  | { type: 'ACTION_ABANDONED'; safeTxHash: string; actor: string; action: string; reason: string };

export type SafeLifecycleListener = (event: SafeLifecycleEvent) => void;

export class SafeLifecycle {
  readonly #listeners = new Set<SafeLifecycleListener>();

  /** Listeners run synchronously; a listener that throws fails the step (and rolls back its write). */
  emit(event: SafeLifecycleEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  subscribe(listener: SafeLifecycleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
