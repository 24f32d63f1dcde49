import { getAddress } from 'ethers';
import { GridkeeperError, isGridkeeperError } from '../api/errors';
import type { Logger } from '../ports/logger';
import type { SafeChain } from './chain';
import { decodeSafeTx } from './decode';
import { crossCheckWithContract, crossCheckWithProtocolKit, hashSafeTx } from './hash';
import { toIntentJson } from './intents';
import type { SafeLifecycle } from './lifecycle';
import { enforcePolicy } from './policy/enforce';
import type { PolicyStage } from './policy/verdict';
import type { Proposal, ProposalOrigin, ProposalStatus, SafeQueueStore } from './queue-store';
import { verifyOwnerSignature } from './signatures';
import { offlineSimulation, type SimulationResult, simulateSafeTx } from './simulate';
import type { BundleFileTransport } from './transports/bundle-file';
import type { OnChainApprovalTransport } from './transports/on-chain';
import type { TxServiceTransport } from './transports/tx-service';
import type { OwnerSignature, SafeSetup, SafeState, SafeTxData, SafeTxHashes } from './types';

/** What every step of the flow works with: the chain's store, the Safe, the chain (null offline), the transports. */
export interface FlowContext {
  store: SafeQueueStore;
  setup: SafeSetup;
  chain: SafeChain | null;
  lifecycle: SafeLifecycle;
  log: Logger;
  now: () => Date;
  receiptTimeoutMs: number;
  bundles: BundleFileTransport;
  approvals: OnChainApprovalTransport | null;
  service: TxServiceTransport | null;
}

export const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** Proposals still in play for their nonce. */
export const OPEN: ProposalStatus[] = ['open', 'executing'];

export function requireChain(ctx: FlowContext, what: string): SafeChain {
  if (!ctx.chain)
    throw new GridkeeperError(
      'OFFLINE',
      `This machine is offline: it cannot ${what}. Not simulated: offline.`,
    );
  return ctx.chain;
}

export function requireProposal(ctx: FlowContext, safeTxHash: string, statuses?: ProposalStatus[]): Proposal {
  const proposal = ctx.store.getProposal(safeTxHash);
  if (!proposal) throw new GridkeeperError('NOT_FOUND', `There is no queued Safe transaction ${safeTxHash}.`);
  if (statuses && !statuses.includes(proposal.status)) {
    throw new GridkeeperError(
      'CONFLICT',
      `The Safe transaction ${safeTxHash} is ${proposal.status}, not ${statuses.join(' or ')}.`,
      {
        status: proposal.status,
      },
    );
  }
  return proposal;
}

/** Live from the chain when online (never written); the last known state when offline. */
export async function currentState(ctx: FlowContext): Promise<SafeState> {
  if (ctx.chain) return ctx.chain.readState(ctx.now());
  const cached = ctx.store.loadSafeState(ctx.setup.safe.address);
  if (!cached) {
    throw new GridkeeperError(
      'OFFLINE',
      'This machine is offline and has never read the Safe’s owners: connect it once (or copy its store) before verifying signatures offline.',
    );
  }
  return cached;
}

/** Reads the state and remembers it for offline use (written only when it changed). */
export async function refreshState(ctx: FlowContext): Promise<SafeState> {
  const state = await currentState(ctx);
  if (!ctx.chain) return state;
  const cached = ctx.store.loadSafeState(ctx.setup.safe.address);
  const changed =
    !cached ||
    cached.threshold !== state.threshold ||
    cached.nonce !== state.nonce ||
    JSON.stringify(cached.owners) !== JSON.stringify(state.owners);
  if (changed) ctx.store.saveSafeState(ctx.setup.safe.address, ctx.setup.safe.version, state);
  return state;
}

export function assertOwner(ctx: FlowContext, state: SafeState, address: string): void {
  if (!state.owners.some((o) => same(o, address))) {
    throw new GridkeeperError(
      'NOT_SAFE_OWNER',
      `${getAddress(address)} is not an owner of the Safe ${ctx.setup.safe.address}.`,
      {
        address: getAddress(address),
      },
    );
  }
}

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

/** The lowest nonce from the Safe's next one that no open proposal uses yet. */
export function nextFreeNonce(ctx: FlowContext, state: SafeState): bigint {
  const used = new Set(ctx.store.listProposals(ctx.setup.safe.address, OPEN).map((p) => p.tx.nonce));
  let nonce = state.nonce;
  while (used.has(nonce)) nonce++;
  return nonce;
}

/** The policy stage each way into the queue is checked as. */
const POLICY_STAGE_OF_ORIGIN: Record<ProposalOrigin, PolicyStage> = {
  local: 'propose',
  bundle: 'import-bundle',
  'tx-builder': 'import-tx-builder',
  'tx-service': 'service-sync',
};

/**
 * The one way into the queue, for local proposals and everything imported: hashes checked,
 * decoded, simulated, held to the consortium policy, then stored with its signatures and events in one transaction.
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

/**
 * Signatures from elsewhere: each must recover to a current owner (and to its claimed signer), and an
 * approval (APPROVED_HASH) counts only once the Safe's own `approvedHashes(owner, hash)` says so:
 * whichever transport brought it, it proves nothing by itself (and nothing at all offline).
 */
export async function verifiedIncoming(
  ctx: FlowContext,
  safeTxHash: string,
  incoming: { signer: string | null; data: string }[],
  state: SafeState,
  source: OwnerSignature['source'],
): Promise<OwnerSignature[]> {
  const out: OwnerSignature[] = [];
  for (const s of incoming) {
    try {
      const { owner, type } = verifyOwnerSignature(safeTxHash, s.data, state.owners, s.signer ?? undefined);
      if (type === 'approved-hash' && !(ctx.chain && (await ctx.chain.isApproved(owner, safeTxHash)))) {
        throw new GridkeeperError(
          'SIGNATURE_INVALID',
          ctx.chain
            ? `${owner} has not approved ${safeTxHash} on chain (approvedHashes is 0): the approval is not counted.`
            : `An approval by ${owner} can only be checked on chain; offline it is not counted.`,
        );
      }
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
