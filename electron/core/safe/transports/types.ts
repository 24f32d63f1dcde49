import type { Signer } from '../../signers';
import type { Proposal, TransportKind } from '../queue/queue-store';
import type { OwnerSignature, SafeState, SafeTxData } from '../types';

export interface ShareInput {
  proposal: Proposal;
  /** The signatures this machine holds for it. */
  signatures: OwnerSignature[];
  state: SafeState;
  /** The owner account acting, where the transport needs one (on-chain approval). */
  signer?: Signer;
  signal?: AbortSignal;
}

/** A transaction and co-signatures as a transport delivers them: claims, verified by the flow. */
export interface CollectedTx {
  tx: SafeTxData;
  claimedSafeTxHash: string;
  signatures: { signer: string | null; data: string }[];
}

/**
 * One way of moving a proposal and its co-signatures between owners: the Safe Transaction Service,
 * a signed bundle file, or an approval on chain. `share` hands ours out, `collect` brings theirs in;
 * whatever is collected is verified by the flow before anything is stored.
 */
export interface CoSignatureTransport<Receipt, Query> {
  readonly kind: TransportKind;
  share(input: ShareInput): Promise<Receipt>;
  collect(query: Query): Promise<CollectedTx[]>;
}
