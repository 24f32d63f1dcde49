import { isGridkeeperError } from '../../api/contract/errors';
import { type FlowContext, requireProposal } from '../context';
import type { OwnerSignature, SafeState, SafeTxData, SafeTxHashes } from '../types';
import { crossCheckWithContract, crossCheckWithProtocolKit, hashSafeTx } from './hash';
import { verifyOwnerSignature } from './signatures';
import { offlineSimulation, type SimulationResult, simulateSafeTx } from './simulate';

/** The checks a step of the flow runs in its context: hashes, simulation, incoming signatures. */

/** Our hashes, cross-checked with protocol-kit and (online) with the Safe contract itself. */
export async function verifiedHashes(ctx: FlowContext, tx: SafeTxData): Promise<SafeTxHashes> {
  const hashes = hashSafeTx(ctx.setup.safe, tx);
  crossCheckWithProtocolKit(ctx.setup.safe, tx, hashes);
  if (ctx.chain) await crossCheckWithContract(ctx.chain.provider, ctx.setup.safe, tx, hashes);
  return hashes;
}

export async function simulateTx(ctx: FlowContext, tx: SafeTxData): Promise<SimulationResult> {
  return ctx.chain
    ? simulateSafeTx(ctx.chain.provider, ctx.setup, tx, ctx.now())
    : offlineSimulation(ctx.now());
}

/** Simulates a queued proposal again (the chain moved) and records the result. */
export async function simulate(ctx: FlowContext, safeTxHash: string): Promise<SimulationResult> {
  const proposal = requireProposal(ctx, safeTxHash);
  const simulation = await simulateTx(ctx, proposal.tx);
  ctx.store.transaction(() => {
    ctx.store.setSimulation(proposal.safeTxHash, simulation);
    emitSimulated(ctx, proposal.safeTxHash, simulation);
  });
  return simulation;
}

export function emitSimulated(ctx: FlowContext, safeTxHash: string, s: SimulationResult): void {
  ctx.lifecycle.emit({
    type: 'SIMULATED',
    safeTxHash,
    actor: null,
    status: s.status,
    gasUsed: s.gasUsed,
    revertReason: s.revertReason,
    events: s.events.length,
  });
}

/** Signatures from elsewhere: each must recover to a current owner (and to its claimed signer). */
export function verifiedIncoming(
  ctx: FlowContext,
  safeTxHash: string,
  incoming: { signer: string | null; data: string }[],
  state: SafeState,
  source: OwnerSignature['source'],
): OwnerSignature[] {
  const out: OwnerSignature[] = [];
  for (const s of incoming) {
    try {
      const { owner, type } = verifyOwnerSignature(safeTxHash, s.data, state.owners, s.signer ?? undefined);
      out.push({
        owner,
        data: s.data.toLowerCase(),
        type,
        source,
        signerKind: null,
        signerId: null,
        addedAt: ctx.store.now(),
      });
    } catch (error) {
      if (!isGridkeeperError(error)) throw error;
      ctx.log.warn('safe: co-signature ignored', { safeTxHash, source, reason: error.message });
    }
  }
  return out;
}
