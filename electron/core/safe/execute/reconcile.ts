import { currentState, type FlowContext, refreshState } from '../context';
import { collectApprovals } from '../transports/approvals';
import { sameAddress } from '../types';
import { closeExecuted, recordReceipt } from './receipts';
import { broadcast, waitForReceipt } from './send-tx';

/**
 * Makes the queue agree with the chain after a crash or after other machines acted: closes
 * interrupted actions (never one a step of this flow still holds, see `withAction`), records executions found on chain, marks spent nonces' losers replaced.
 */
export async function reconcile(ctx: FlowContext): Promise<{ closed: string[]; abandoned: number }> {
  const closed: string[] = [];
  let abandoned = 0;
  const abandon = (
    action: { id: number; safeTxHash: string; actor: string; action: string },
    reason: string,
  ) => {
    ctx.store.transaction(() => {
      ctx.store.updateAction(action.id, { state: 'abandoned', outcome: reason });
      ctx.lifecycle.emit({
        type: 'ACTION_ABANDONED',
        safeTxHash: action.safeTxHash,
        actor: action.actor,
        action: action.action,
        reason,
      });
    });
    abandoned++;
  };
  const chain = ctx.chain;
  for (const action of ctx.store.openActions()) {
    // A step of this flow is still carrying it out (a device prompt, a receipt wait): not left over.
    if (ctx.inFlight.has(action.id)) continue;
    const proposal = ctx.store.getProposal(action.safeTxHash);
    if (!proposal) continue;
    if (action.action === 'sign') {
      abandon(action, 'interrupted before the signature was stored; sign again');
      continue;
    }
    if (!chain) continue;
    if (action.action === 'approve-hash') {
      const state = await currentState(ctx);
      const merged = await collectApprovals(ctx, proposal, state);
      if (
        merged.some((o) => sameAddress(o, action.actor)) ||
        ctx.store.signatures(proposal.safeTxHash).some((s) => sameAddress(s.owner, action.actor))
      ) {
        ctx.store.updateAction(action.id, {
          state: 'done',
          outcome: 'approval found on chain after restart',
        });
      } else {
        abandon(action, 'interrupted; no approval found on chain');
      }
      continue;
    }
    // execute
    if (!action.chainTxHash || !action.rawTx) {
      abandon(action, 'interrupted before anything was sent');
      continue;
    }
    let receipt = await chain.provider.getTransactionReceipt(action.chainTxHash);
    if (!receipt && !(await chain.provider.getTransaction(action.chainTxHash))) {
      const state = await currentState(ctx);
      if (proposal.tx.nonce === state.nonce) {
        await broadcast(chain.provider, action.rawTx);
        receipt = await waitForReceipt(chain.provider, action.chainTxHash, ctx.receiptTimeoutMs);
      }
    }
    if (receipt) {
      recordReceipt(ctx, proposal, action.id, receipt, action.actor);
      closed.push(proposal.safeTxHash);
    } else if (!(await chain.provider.getTransaction(action.chainTxHash))) {
      ctx.store.transaction(() => {
        ctx.store.setStatus(proposal.safeTxHash, 'open');
        ctx.store.updateAction(action.id, {
          state: 'abandoned',
          outcome: 'the execution transaction was dropped',
        });
        ctx.lifecycle.emit({
          type: 'ACTION_ABANDONED',
          safeTxHash: action.safeTxHash,
          actor: action.actor,
          action: action.action,
          reason: 'the execution transaction was dropped',
        });
      });
      abandoned++;
    }
  }
  if (!chain) return { closed, abandoned };

  const state = await refreshState(ctx);
  const stale = ctx.store
    .listProposals(ctx.setup.safe.address, ['open'])
    .filter((p) => p.tx.nonce < state.nonce);
  for (const proposal of stale) {
    const current = ctx.store.getProposal(proposal.safeTxHash);
    if (current?.status !== 'open') continue;
    const execution = await chain.findExecution(proposal.safeTxHash);
    if (execution) {
      ctx.store.transaction(() => closeExecuted(ctx, current, execution, null));
      closed.push(proposal.safeTxHash);
    }
  }
  for (const proposal of ctx.store
    .listProposals(ctx.setup.safe.address, ['open'])
    .filter((p) => p.tx.nonce < state.nonce)) {
    ctx.store.transaction(() => {
      ctx.store.setStatus(proposal.safeTxHash, 'replaced');
      ctx.lifecycle.emit({
        type: 'REPLACED',
        safeTxHash: proposal.safeTxHash,
        actor: null,
        nonce: proposal.tx.nonce.toString(),
        byChainTxHash: null,
      });
    });
    closed.push(proposal.safeTxHash);
  }
  return { closed, abandoned };
}
