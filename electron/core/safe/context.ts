import { getAddress } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';
import type { Logger } from '../ports';
import type { SafeLifecycle } from './queue/lifecycle';
import type { PendingActionKind, Proposal, ProposalStatus, SafeQueueStore } from './queue/queue-store';
import type { SafeChain } from './safe-reader';
import type { BundleFileTransport } from './transports/bundle-file';
import type { OnChainApprovalTransport } from './transports/on-chain';
import type { TxServiceTransport } from './transports/tx-service';
import { type SafeSetup, type SafeState, sameAddress } from './types';

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
  /**
   * The actions (`safe_pending_actions` ids) a step of this flow is carrying out now, e.g. a sign
   * waiting for a Ledger confirmation or an execution waiting for its receipt (see `withAction`).
   */
  inFlight: Set<number>;
  /** The owner's own names for addresses (the address book), keyed by lower-case address. */
  addressNames: () => ReadonlyMap<string, string>;
}

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
  if (!state.owners.some((o) => sameAddress(o, address))) {
    throw new GridkeeperError(
      'NOT_SAFE_OWNER',
      `${getAddress(address)} is not an owner of the Safe ${ctx.setup.safe.address}.`,
      {
        address: getAddress(address),
      },
    );
  }
}

/** The lowest nonce from the Safe's next one that no open proposal uses yet. */
export function nextFreeNonce(ctx: FlowContext, state: SafeState): bigint {
  const used = new Set(ctx.store.listProposals(ctx.setup.safe.address, OPEN).map((p) => p.tx.nonce));
  let nonce = state.nonce;
  while (used.has(nonce)) nonce++;
  return nonce;
}

/** Refuses a nonce the Safe has already used (a transaction at it could never run). */
export function assertNonceFree(nonce: bigint, state: SafeState): void {
  if (nonce < state.nonce) {
    throw new GridkeeperError(
      'NONCE_SPENT',
      `Nonce ${nonce} was already used; the Safe's next nonce is ${state.nonce}.`,
    );
  }
}

/**
 * Writes a step's action ahead (`safe_pending_actions`) and holds it as this flow's own until the
 * step returns or throws: `reconcile` leaves a held action to its step and closes only actions left
 * over from a process that is gone (or from a step that ended without closing its action).
 */
export async function withAction<T>(
  ctx: FlowContext,
  action: { safeTxHash: string; kind: PendingActionKind; actor: string },
  run: (actionId: number) => Promise<T>,
): Promise<T> {
  const actionId = ctx.store.startAction(action.safeTxHash, action.kind, action.actor);
  ctx.inFlight.add(actionId);
  try {
    return await run(actionId);
  } finally {
    ctx.inFlight.delete(actionId);
  }
}
