import type { SafeSetup, SafeState } from '../types';
import { decodeSafeTx } from '../verify/decode';
import { type BundleFile, createBundle, type VerifiedBundle, verifyBundle } from './bundle';
import type { CollectedTx, CoSignatureTransport, ShareInput } from './types';

export interface BundleQuery {
  content: string | Uint8Array;
  state: SafeState;
  allowDangerous?: boolean;
}

/** Signed bundle files, for owners across an air gap: export at any point, import merges. */
export class BundleFileTransport implements CoSignatureTransport<BundleFile, BundleQuery> {
  readonly kind = 'bundle' as const;
  readonly #setup: SafeSetup;
  readonly #now: () => Date;

  constructor(setup: SafeSetup, now: () => Date = () => new Date()) {
    this.#setup = setup;
    this.#now = now;
  }

  async share({ proposal, signatures, state }: ShareInput): Promise<BundleFile> {
    const decoded = decodeSafeTx(proposal.tx, this.#setup);
    return createBundle({
      setup: this.#setup,
      tx: proposal.tx,
      hashes: proposal.hashes,
      title: decoded.title,
      intents: decoded.intents,
      signatures,
      threshold: state.threshold,
      now: this.#now(),
    });
  }

  /** Full verification without writing anything; throws BUNDLE_REJECTED with the reason. */
  verify(query: BundleQuery): VerifiedBundle {
    return verifyBundle(query.content, {
      setup: this.#setup,
      state: query.state,
      allowDangerous: query.allowDangerous,
      now: this.#now(),
    });
  }

  async collect(query: BundleQuery): Promise<CollectedTx[]> {
    const verified = this.verify(query);
    return [
      {
        tx: verified.tx,
        claimedSafeTxHash: verified.hashes.safeTxHash,
        signatures: verified.signatures.map((s) => ({ signer: s.owner, data: s.data })),
      },
    ];
  }
}
