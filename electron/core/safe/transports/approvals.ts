import { getAddress } from 'ethers';
import { asGridkeeperError } from '../../api/contract/errors';
import type { Signer } from '../../signers';
import {
  assertOwner,
  type FlowContext,
  refreshState,
  requireChain,
  requireProposal,
  withAction,
} from '../context';
import { enforcePolicy } from '../policy/enforce';
import type { Proposal } from '../queue/queue-store';
import type { SafeState } from '../types';
import { sameAddress } from '../types';
import { verifiedIncoming } from '../verify/checks';
import { approvedHashSignature } from '../verify/signatures';
import type { OnChainApprovalTransport } from './on-chain';

export async function approveOnChain(
  ctx: FlowContext,
  safeTxHash: string,
  signer: Signer,
  opts: { signal?: AbortSignal } = {},
): Promise<Proposal> {
  requireChain(ctx, 'approve on chain');
  const approvals = ctx.approvals as OnChainApprovalTransport;
  const proposal = requireProposal(ctx, safeTxHash, ['open']);
  const state = await refreshState(ctx);
  assertOwner(ctx, state, signer.address);
  await enforcePolicy(ctx, proposal.tx, 'approve-on-chain', { actor: getAddress(signer.address) });
  await collectApprovals(ctx, proposal, state);
  if (
    ctx.store
      .signatures(proposal.safeTxHash)
      .some((s) => sameAddress(s.owner, signer.address) && s.type === 'approved-hash')
  ) {
    return requireProposal(ctx, proposal.safeTxHash);
  }
  return withAction(
    ctx,
    { safeTxHash: proposal.safeTxHash, kind: 'approve-hash', actor: signer.address },
    async (actionId) => {
      let receipt: Awaited<ReturnType<OnChainApprovalTransport['share']>>;
      try {
        receipt = await approvals.share({ proposal, signatures: [], state, signer, signal: opts.signal });
      } catch (thrown) {
        const error = asGridkeeperError(thrown);
        ctx.store.updateAction(actionId, { state: 'abandoned', outcome: error.code });
        throw error;
      }
      ctx.store.transaction(() => {
        ctx.store.addSignature(proposal.safeTxHash, {
          owner: getAddress(signer.address),
          data: approvedHashSignature(signer.address),
          type: 'approved-hash',
          source: 'on-chain',
          signerKind: signer.kind,
          signerId: signer.id,
          addedAt: ctx.store.now(),
        });
        ctx.store.setTransportStatus(
          proposal.safeTxHash,
          'on-chain',
          'approved',
          `${getAddress(signer.address)} in ${receipt.chainTxHash}`,
        );
        ctx.store.updateAction(actionId, { state: 'done', chainTxHash: receipt.chainTxHash });
        ctx.lifecycle.emit({
          type: 'APPROVED_ON_CHAIN',
          safeTxHash: proposal.safeTxHash,
          actor: getAddress(signer.address),
          chainTxHash: receipt.chainTxHash,
          blockNumber: receipt.blockNumber,
        });
      });
      return requireProposal(ctx, proposal.safeTxHash);
    },
  );
}

/** Approvals other owners made on chain, merged into the signature map. */
export async function collectApprovals(
  ctx: FlowContext,
  proposal: Proposal,
  state: SafeState,
): Promise<string[]> {
  if (!ctx.approvals) return [];
  const held = new Set(ctx.store.signatures(proposal.safeTxHash).map((s) => s.owner.toLowerCase()));
  const [collected] = await ctx.approvals.collect({
    proposal,
    owners: state.owners.filter((o) => !held.has(o.toLowerCase())),
  });
  const incoming = await verifiedIncoming(
    ctx,
    proposal.safeTxHash,
    collected?.signatures ?? [],
    state,
    'on-chain',
  );
  if (incoming.length === 0) return [];
  return ctx.store.transaction(() =>
    incoming.flatMap((s) => {
      if (!ctx.store.addSignature(proposal.safeTxHash, s)) return [];
      ctx.lifecycle.emit({
        type: 'SIGNED',
        safeTxHash: proposal.safeTxHash,
        actor: s.owner,
        signerKind: null,
        signerId: null,
        signatureType: 'approved-hash',
        source: 'on-chain',
      });
      return [s.owner];
    }),
  );
}
