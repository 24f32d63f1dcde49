import { GridkeeperError } from '../../api/contract/errors';
import { toIntentJson } from '../build/intents';
import { type FlowContext, requireProposal } from '../context';
import type { OwnerSignature, SafeTxData } from '../types';
import { emitSimulated, simulateTx, verifiedHashes } from '../verify/checks';
import { decodeSafeTx } from '../verify/decode';
import type { Proposal, ProposalOrigin } from './queue-store';

/**
 * The one way into the queue, for local proposals and everything imported: hashes checked,
 * decoded, simulated, then stored with its signatures and events in one transaction.
 */
export async function queueTx(
  ctx: FlowContext,
  tx: SafeTxData,
  opts: {
    origin: ProposalOrigin;
    proposedBy: string | null;
    allowDangerous?: boolean;
    requireSuccess?: boolean;
    signatures?: OwnerSignature[];
    fileSha256?: string;
    /** Further writes and events of the step, inside the same transaction. */
    within?: (proposal: { safeTxHash: string; isNew: boolean; added: string[] }) => void;
  },
): Promise<{ proposal: Proposal; isNew: boolean; added: string[] }> {
  const hashes = await verifiedHashes(ctx, tx);
  const decoded = decodeSafeTx(tx, ctx.setup);
  if (decoded.danger && !opts.allowDangerous) {
    throw new GridkeeperError(
      'DANGEROUS_TRANSACTION',
      `${decoded.danger} It was not queued; only an explicit override queues it.`,
    );
  }
  const existing = ctx.store.getProposal(hashes.safeTxHash);
  const simulation = existing ? null : await simulateTx(ctx, tx);
  if (simulation?.status === 'reverted' && opts.requireSuccess) {
    throw new GridkeeperError(
      'SIMULATION_FAILED',
      `The transaction would fail: ${simulation.revertReason}. Nothing was queued.`,
    );
  }
  const { safeTxHash } = hashes;
  const added: string[] = [];
  const isNew = ctx.store.transaction(() => {
    const inserted = ctx.store.insertProposal({
      safeTxHash,
      safeAddress: ctx.setup.safe.address,
      safeVersion: ctx.setup.safe.version,
      tx,
      hashes,
      title: decoded.title,
      intents: decoded.intents.map(toIntentJson),
      origin: opts.origin,
      proposedBy: opts.proposedBy,
      dangerousOverride: Boolean(decoded.danger && opts.allowDangerous),
      createdAt: ctx.store.now(),
    });
    if (inserted && simulation) {
      ctx.lifecycle.emit({
        type: 'PROPOSED',
        safeTxHash,
        actor: opts.proposedBy,
        nonce: tx.nonce.toString(),
        title: decoded.title,
        origin: opts.origin,
        intents: decoded.intents.length,
        ...(opts.fileSha256 ? { fileSha256: opts.fileSha256 } : {}),
      });
      ctx.lifecycle.emit({
        type: 'DECODED',
        safeTxHash,
        actor: null,
        calls: decoded.calls.length,
        unknownCalls: decoded.calls.filter((c) => c.kind === 'unknown').length,
        danger: decoded.danger,
      });
      ctx.store.setSimulation(safeTxHash, simulation);
      emitSimulated(ctx, safeTxHash, simulation);
    }
    for (const signature of opts.signatures ?? []) {
      if (ctx.store.addSignature(safeTxHash, signature)) added.push(signature.owner);
    }
    opts.within?.({ safeTxHash, isNew: inserted, added });
    return inserted;
  });
  return { proposal: requireProposal(ctx, safeTxHash), isNew, added };
}
