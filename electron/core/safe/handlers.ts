import type { EventBus, Handlers } from '../api';
import { GridkeeperError } from '../api/contract/errors';
import type { Signer } from '../signers';
import type { Intent } from './build/intents';
import type { SafeFlow } from './flow';
import type { SafeLifecycle } from './queue/lifecycle';

export interface SafeHandlerDeps {
  /** The Safe flow of the chain the app is on now (one store per chain). */
  flow(): SafeFlow;
  /** The signer with this id (Ledger account, unlocked keystore, demo key); throws SIGNER_NOT_FOUND. */
  signer(id: string): Signer;
  /** Where signing prompts go (the hashes the device shows). */
  events?: EventBus;
  /**
   * Who proposes when the input names nobody: the active signer's address when it is an owner of
   * the Safe, else null (the proposal and its audit entry then name no proposer).
   */
  proposer?(): Promise<string | null>;
}

type SafeChannel =
  | 'safe/owners'
  | 'safe/guard'
  | 'safe/queue'
  | 'safe/get'
  | 'safe/history'
  | 'safe/propose'
  | 'safe/propose-rejection'
  | 'safe/simulate'
  | 'safe/sign'
  | 'safe/export-bundle'
  | 'safe/import-bundle'
  | 'safe/export-tx-builder'
  | 'safe/import-tx-builder'
  | 'safe/propose-to-service'
  | 'safe/sync-service'
  | 'safe/approve-on-chain'
  | 'safe/execute'
  | 'safe/review'
  | 'safe/pending-decisions';

type GovernanceChannel =
  | 'prosumer/admit'
  | 'prosumer/reject'
  | 'prosumer/remove'
  | 'prosumer/suspend'
  | 'prosumer/reinstate'
  | 'dispute/resolve'
  | 'market/set-fee'
  | 'market/set-dispute-window'
  | 'market/set-dispute-bond'
  | 'market/set-arbitration-period'
  | 'market/accept-ownership'
  | 'market/pause'
  | 'market/unpause'
  | 'market/set-registration-fee'
  | 'market/withdraw-registration-fees'
  | 'market/set-meter-oracle'
  | 'safe/add-owner'
  | 'safe/remove-owner'
  | 'safe/swap-owner'
  | 'safe/change-threshold';

/** Forwards every lifecycle step to the renderer as `safe/tx-updated`. */
export function forwardSafeEvents(lifecycle: SafeLifecycle, events: EventBus): () => void {
  return lifecycle.subscribe((event) => {
    try {
      events.emit('safe/tx-updated', { safeTxHash: event.safeTxHash, step: event.type });
    } catch {
      // The UI being gone must never fail (and roll back) a step of the flow.
    }
  });
}

export function createSafeHandlers(deps: SafeHandlerDeps): Pick<Handlers, SafeChannel | GovernanceChannel> {
  const flow = () => deps.flow();
  const signer = (id: string) => {
    const found = deps.signer(id);
    if (!found) throw new GridkeeperError('SIGNER_NOT_FOUND', `There is no signer ${id}.`);
    return found;
  };
  const proposerOf = async (named: string | undefined) => named ?? (await deps.proposer?.()) ?? null;
  const propose = async (intents: Intent[], input: { proposer?: string; nonce?: bigint }) => {
    const proposal = await flow().propose(intents, {
      proposer: await proposerOf(input.proposer),
      nonce: input.nonce,
    });
    return flow().view(proposal.safeTxHash);
  };

  return {
    'safe/owners': async () => flow().owners(),
    'safe/guard': async () => flow().guard(),
    'safe/queue': async () => flow().queue(),
    'safe/get': async ({ safeTxHash }) => flow().view(safeTxHash),
    'safe/history': async ({ limit }) => ({ proposals: await flow().history(limit) }),
    'safe/propose': async (input) => {
      const proposal = await flow().propose(input.intents, {
        ...input,
        proposer: await proposerOf(input.proposer),
      });
      return flow().view(proposal.safeTxHash);
    },
    'safe/propose-rejection': async ({ nonce, proposer }) =>
      flow().view(
        (await flow().proposeRejection(nonce, { proposer: await proposerOf(proposer) })).safeTxHash,
      ),
    'safe/simulate': async ({ safeTxHash }) => flow().simulate(safeTxHash),
    'safe/sign': async ({ safeTxHash, signerId }, ctx) => {
      const proposal = await flow().sign(safeTxHash, signer(signerId), {
        signal: ctx.signal,
        onPrompt: (prompt) => deps.events?.emit('safe/signing-prompt', { ...prompt, signerId }),
      });
      return flow().view(proposal.safeTxHash);
    },
    'safe/export-bundle': async ({ safeTxHash }) => flow().exportBundle(safeTxHash),
    'safe/import-bundle': async ({ content }) => {
      const result = await flow().importBundle(content);
      return {
        proposal: await flow().view(result.proposal.safeTxHash),
        newProposal: result.newProposal,
        addedSignatures: result.addedSignatures,
      };
    },
    'safe/export-tx-builder': async ({ safeTxHash }) => flow().exportTxBuilder(safeTxHash),
    'safe/import-tx-builder': async ({ content, nonce, proposer }) =>
      flow().view(
        (await flow().importTxBuilder(content, { nonce, proposer: await proposerOf(proposer) })).safeTxHash,
      ),
    'safe/propose-to-service': async ({ safeTxHash }) => {
      const result = await flow().proposeToService(safeTxHash);
      return {
        proposal: await flow().view(safeTxHash),
        proposed: result.proposed,
        confirmed: result.confirmed,
      };
    },
    'safe/sync-service': async () => flow().syncService(),
    'safe/approve-on-chain': async ({ safeTxHash, signerId }, ctx) =>
      flow().view(
        (await flow().approveOnChain(safeTxHash, signer(signerId), { signal: ctx.signal })).safeTxHash,
      ),
    'safe/execute': async ({ safeTxHash, signerId, confirmFailingSimulation }, ctx) =>
      flow().view(
        (
          await flow().execute(safeTxHash, signer(signerId), {
            signal: ctx.signal,
            confirmFailingSimulation,
          })
        ).safeTxHash,
      ),
    'safe/review': async ({ safeTxHash, action, signerId }) =>
      flow().review(safeTxHash, action, signerId ? signer(signerId).address : null),
    'safe/pending-decisions': async () => ({ decisions: flow().pendingDecisions() }),

    'prosumer/admit': async (input) =>
      propose(
        input.applications.map(({ prosumer, applicationHash }) => ({
          kind: 'admit',
          prosumer,
          applicationHash,
        })),
        input,
      ),
    'prosumer/reject': async (input) =>
      propose(
        [
          {
            kind: 'reject',
            prosumer: input.prosumer,
            applicationHash: input.applicationHash,
            reason: input.reason,
          },
        ],
        input,
      ),
    'prosumer/remove': async (input) =>
      propose([{ kind: 'remove', prosumer: input.prosumer, reason: input.reason }], input),
    'prosumer/suspend': async (input) =>
      propose([{ kind: 'suspend', prosumer: input.prosumer, reason: input.reason }], input),
    'prosumer/reinstate': async (input) => propose([{ kind: 'reinstate', prosumer: input.prosumer }], input),
    'dispute/resolve': async (input) =>
      propose(
        [{ kind: 'resolveDispute', tradeId: input.tradeId, sellerShareBps: input.sellerShareBps }],
        input,
      ),
    'market/set-fee': async (input) => propose([{ kind: 'setMarketFee', feeBps: input.feeBps }], input),
    'market/set-dispute-window': async (input) =>
      propose([{ kind: 'setDisputeWindow', disputeWindowSeconds: input.disputeWindowSeconds }], input),
    'market/set-dispute-bond': async (input) =>
      propose([{ kind: 'setDisputeBond', bond: input.bond }], input),
    'market/set-arbitration-period': async (input) =>
      propose(
        [{ kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: input.arbitrationPeriodSeconds }],
        input,
      ),
    'market/accept-ownership': async (input) =>
      propose([{ kind: 'acceptOwnership', contract: input.contract }], input),
    'market/pause': async (input) => propose([{ kind: 'pause' }], input),
    'market/unpause': async (input) => propose([{ kind: 'unpause' }], input),
    'market/set-registration-fee': async (input) =>
      propose([{ kind: 'setRegistrationFee', feeWei: input.feeWei }], input),
    'market/withdraw-registration-fees': async (input) =>
      propose([{ kind: 'withdrawRegistrationFees' }], input),
    'market/set-meter-oracle': async (input) =>
      propose([{ kind: 'setMeterOracle', oracle: input.oracle, authorised: input.authorised }], input),
    'safe/add-owner': async (input) =>
      propose([{ kind: 'addOwner', owner: input.owner, threshold: input.threshold }], input),
    'safe/remove-owner': async (input) =>
      propose([{ kind: 'removeOwner', owner: input.owner, threshold: input.threshold }], input),
    'safe/swap-owner': async (input) =>
      propose([{ kind: 'swapOwner', oldOwner: input.oldOwner, newOwner: input.newOwner }], input),
    'safe/change-threshold': async (input) =>
      propose([{ kind: 'changeThreshold', threshold: input.threshold }], input),
  };
}
