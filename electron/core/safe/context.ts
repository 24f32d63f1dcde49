import { getAddress } from 'ethers';
import { GridkeeperError, isGridkeeperError } from '../api/contract/errors';
import type { Logger } from '../ports';
import { toIntentJson } from './build/intents';
import type { SafeLifecycle } from './queue/lifecycle';
import type { Proposal, ProposalOrigin, ProposalStatus, SafeQueueStore } from './queue/queue-store';
import type { SafeChain } from './safe-reader';
import type { BundleFileTransport } from './transports/bundle-file';
import type { OnChainApprovalTransport } from './transports/on-chain';
import type { TxServiceTransport } from './transports/tx-service';
import type { OwnerSignature, SafeSetup, SafeState, SafeTxData, SafeTxHashes } from './types';
import { decodeSafeTx } from './verify/decode';
import { crossCheckWithContract, crossCheckWithProtocolKit, hashSafeTx } from './verify/hash';
import { verifyOwnerSignature } from './verify/signatures';
import { offlineSimulation, type SimulationResult, simulateSafeTx } from './verify/simulate';

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
