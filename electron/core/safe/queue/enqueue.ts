import { GridkeeperError } from '../../api/contract/errors';
import { toIntentJson } from '../build/intents';
import { type FlowContext, requireProposal } from '../context';
import { enforcePolicy } from '../policy/enforce';
import type { PolicyStage } from '../policy/verdict';
import type { OwnerSignature, SafeTxData } from '../types';
import { emitSimulated, simulateTx, verifiedHashes } from '../verify/checks';
import { decodeSafeTx } from '../verify/decode';
import type { Proposal, ProposalOrigin } from './queue-store';

/** The policy stage each way into the queue is checked as. */
const POLICY_STAGE_OF_ORIGIN: Record<ProposalOrigin, PolicyStage> = {
  local: 'propose',
  bundle: 'import-bundle',
  'tx-builder': 'import-tx-builder',
  'tx-service': 'service-sync',
};

/**
 * The one way into the queue, for local proposals and everything imported: hashes checked,
 * decoded, simulated, held to the consortium policy, then stored with its signatures and events in one
 * transaction.
 */
export async function queueTx(
  ctx: FlowContext,
  tx: SafeTxData,
  opts: {
    origin: ProposalOrigin;
    proposedBy: string | null;
    /** Who asked for this step (for the audit entry of a policy refusal), when not the proposer. */
    actor?: string | null;
    requireSuccess?: boolean;
    signatures?: OwnerSignature[];
    fileSha256?: string;
    /** Further writes and events of the step, inside the same transaction. */
    within?: (proposal: { safeTxHash: string; isNew: boolean; added: string[] }) => void;
  },
): Promise<{ proposal: Proposal; isNew: boolean; added: string[] }> {
  const hashes = await verifiedHashes(ctx, tx);
  const decoded = decodeSafeTx(tx, ctx.setup);
  const existing = ctx.store.getProposal(hashes.safeTxHash);
  const simulation = existing ? null : await simulateTx(ctx, tx);
  await enforcePolicy(ctx, tx, POLICY_STAGE_OF_ORIGIN[opts.origin], {
    actor: opts.actor ?? opts.proposedBy,
    simulation: simulation ?? undefined,
    fileSha256: opts.fileSha256,
  });
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
