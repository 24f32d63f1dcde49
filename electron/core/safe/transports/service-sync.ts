import { GridkeeperError, isGridkeeperError } from '../../api/contract/errors';
import { currentState, type FlowContext, refreshState, requireProposal } from '../context';
import { queueTx } from '../queue/enqueue';
import type { Proposal } from '../queue/queue-store';
import { verifiedIncoming } from '../verify/checks';
import { hashSafeTx } from '../verify/hash';
import type { TxServiceTransport } from './tx-service';

export function requireService(ctx: FlowContext): TxServiceTransport {
  if (!ctx.service) {
    throw new GridkeeperError(
      'TX_SERVICE_ERROR',
      'No Safe Transaction Service is configured for this network (txServiceUrl).',
    );
  }
  return ctx.service;
}

export async function proposeToService(
  ctx: FlowContext,
  safeTxHash: string,
): Promise<{ proposal: Proposal; proposed: boolean; confirmed: string[] }> {
  const service = requireService(ctx);
  const proposal = requireProposal(ctx, safeTxHash, ['open']);
  const receipt = await service.share({
    proposal,
    signatures: ctx.store.signatures(proposal.safeTxHash),
    state: await currentState(ctx),
  });
  ctx.store.transaction(() => {
    ctx.store.setTransportStatus(
      proposal.safeTxHash,
      'tx-service',
      receipt.proposed ? 'proposed' : 'confirmed',
      `${service.url}: ${receipt.confirmed.length} signature(s) sent`,
    );
    for (const [i, owner] of receipt.confirmed.entries()) {
      ctx.lifecycle.emit({
        type: i === 0 && receipt.proposed ? 'SERVICE_PROPOSED' : 'SERVICE_CONFIRMED',
        safeTxHash: proposal.safeTxHash,
        actor: owner,
        txServiceUrl: service.url,
      });
    }
  });
  return {
    proposal: requireProposal(ctx, proposal.safeTxHash),
    proposed: receipt.proposed,
    confirmed: receipt.confirmed,
  };
}

/** Brings in every pending transaction and co-signature of the service, each verified here. */
export async function syncService(ctx: FlowContext): Promise<{
  newProposals: string[];
  addedSignatures: number;
  refused: { safeTxHash: string; reason: string }[];
}> {
  const service = requireService(ctx);
  const state = await refreshState(ctx);
  const collected = await service.collect({});
  const newProposals: string[] = [];
  const refused: { safeTxHash: string; reason: string }[] = [];
  let addedSignatures = 0;
  for (const item of collected) {
    if (item.tx.nonce < state.nonce) continue;
    try {
      const { safeTxHash } = hashSafeTx(ctx.setup.safe, item.tx);
      if (safeTxHash !== item.claimedSafeTxHash.toLowerCase()) {
        throw new GridkeeperError(
          'HASH_MISMATCH',
          `The service lists it as ${item.claimedSafeTxHash}, but its fields hash to ${safeTxHash}.`,
        );
      }
      const signatures = verifiedIncoming(ctx, safeTxHash, item.signatures, state, 'tx-service');
      const { isNew, added } = await queueTx(ctx, item.tx, {
        origin: 'tx-service',
        proposedBy: null,
        signatures,
        within: ({ isNew: inserted, added: merged }) => {
          ctx.store.setTransportStatus(
            safeTxHash,
            'tx-service',
            'synced',
            `${service.url}: ${item.signatures.length} signature(s) there`,
          );
          if (inserted || merged.length > 0) {
            ctx.lifecycle.emit({
              type: 'SERVICE_SYNCED',
              safeTxHash,
              actor: null,
              txServiceUrl: service.url,
              newProposal: inserted,
              addedSignatures: merged,
            });
          }
        },
      });
      if (isNew) newProposals.push(safeTxHash);
      addedSignatures += added.length;
    } catch (error) {
      if (!isGridkeeperError(error)) throw error;
      refused.push({ safeTxHash: item.claimedSafeTxHash, reason: error.message });
    }
  }
  return { newProposals, addedSignatures, refused };
}
