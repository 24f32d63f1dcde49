import { GridkeeperError } from '../../api/contract/errors';
import { safeInterface } from '../abis';
import { broadcast, signChainTx, waitForReceipt } from '../execute/send-tx';
import type { Proposal } from '../queue/queue-store';
import type { SafeChain } from '../safe-reader';
import { approvedHashSignature } from '../verify/signatures';
import type { CollectedTx, CoSignatureTransport, ShareInput } from './types';

export interface ApprovalReceipt {
  chainTxHash: string;
  blockNumber: number;
}

/** `approveHash` by an owner's account: the approval lives on chain, anyone can read it back. */
export class OnChainApprovalTransport
  implements CoSignatureTransport<ApprovalReceipt, { proposal: Proposal; owners: string[] }>
{
  readonly kind = 'on-chain' as const;
  readonly #chain: SafeChain;
  readonly #receiptTimeoutMs: number;

  constructor(chain: SafeChain, opts: { receiptTimeoutMs?: number } = {}) {
    this.#chain = chain;
    this.#receiptTimeoutMs = opts.receiptTimeoutMs ?? 120_000;
  }

  async share({ proposal, signer, signal }: ShareInput): Promise<ApprovalReceipt> {
    if (!signer)
      throw new GridkeeperError(
        'SIGNER_NOT_FOUND',
        'An on-chain approval needs an owner account to send it.',
      );
    const { provider, setup } = this.#chain;
    const signed = await signChainTx(
      provider,
      signer,
      {
        to: setup.safe.address,
        data: safeInterface.encodeFunctionData('approveHash', [proposal.safeTxHash]),
      },
      { chainId: setup.safe.chainId, signal, failure: 'EXECUTION_FAILED' },
    );
    await broadcast(provider, signed.raw);
    const receipt = await waitForReceipt(provider, signed.hash, this.#receiptTimeoutMs);
    if (receipt.status !== 1) {
      throw new GridkeeperError('EXECUTION_FAILED', `The approval transaction ${signed.hash} reverted.`, {
        chainTxHash: signed.hash,
      });
    }
    return { chainTxHash: signed.hash, blockNumber: receipt.blockNumber };
  }

  async collect({ proposal, owners }: { proposal: Proposal; owners: string[] }): Promise<CollectedTx[]> {
    const approved = await Promise.all(owners.map((o) => this.#chain.isApproved(o, proposal.safeTxHash)));
    return [
      {
        tx: proposal.tx,
        claimedSafeTxHash: proposal.safeTxHash,
        signatures: owners
          .filter((_, i) => approved[i])
          .map((o) => ({ signer: o, data: approvedHashSignature(o) })),
      },
    ];
  }
}
