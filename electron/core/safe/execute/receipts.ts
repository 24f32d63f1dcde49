import type { TransactionReceipt } from 'ethers';
import { safeInterface } from '../abis';
import { type FlowContext, OPEN } from '../context';
import type { Proposal } from '../queue/queue-store';
import { sameAddress } from '../types';

/**
 * Records a mined execution transaction: the Safe's own event says whether its calls succeeded.
 * Once: an action already closed is left as it is (reconcile leaves an execution `execute` still
 * holds to it, and closes the ones no running step holds).
 */
export function recordReceipt(
  ctx: FlowContext,
  proposal: Proposal,
  actionId: number,
  receipt: TransactionReceipt,
  executor: string | null,
): void {
  const success = safeInterface.getEvent('ExecutionSuccess')!.topicHash;
  const failure = safeInterface.getEvent('ExecutionFailure')!.topicHash;
  const log = receipt.logs.find(
    (l) =>
      sameAddress(l.address, ctx.setup.safe.address) &&
      (l.topics[0] === success || l.topics[0] === failure) &&
      l.topics[1] === proposal.safeTxHash,
  );
  ctx.store.transaction(() => {
    const state = ctx.store.actionState(actionId);
    if (state === 'done' || state === 'abandoned') return;
    if (receipt.status !== 1 || !log) {
      ctx.store.updateAction(actionId, { state: 'done', outcome: 'reverted', chainTxHash: receipt.hash });
      ctx.store.setStatus(proposal.safeTxHash, 'open');
      ctx.lifecycle.emit({
        type: 'EXECUTION_FAILED',
        safeTxHash: proposal.safeTxHash,
        actor: executor,
        chainTxHash: receipt.hash,
        reason: 'the execution transaction reverted; the nonce is still free',
      });
      return;
    }
    ctx.store.updateAction(actionId, {
      state: 'done',
      outcome: log.topics[0] === success ? 'executed' : 'execution-failure',
    });
    closeExecuted(
      ctx,
      proposal,
      { chainTxHash: receipt.hash, blockNumber: receipt.blockNumber, success: log.topics[0] === success },
      executor,
    );
  });
}

/** Inside a transaction: close the winner of a nonce and mark its competitors replaced. */
export function closeExecuted(
  ctx: FlowContext,
  proposal: Proposal,
  record: { chainTxHash: string; blockNumber: number; success: boolean },
  executor: string | null,
): void {
  ctx.store.setStatus(proposal.safeTxHash, record.success ? 'executed' : 'failed', {
    txHash: record.chainTxHash,
    block: record.blockNumber,
    by: executor,
  });
  ctx.lifecycle.emit({
    type: 'EXECUTED',
    safeTxHash: proposal.safeTxHash,
    actor: executor,
    chainTxHash: record.chainTxHash,
    blockNumber: record.blockNumber,
    success: record.success,
  });
  for (const other of ctx.store.proposalsAtNonce(ctx.setup.safe.address, proposal.tx.nonce)) {
    if (other.safeTxHash === proposal.safeTxHash || !OPEN.includes(other.status)) continue;
    ctx.store.setStatus(other.safeTxHash, 'replaced', { replacedBy: record.chainTxHash });
    ctx.lifecycle.emit({
      type: 'REPLACED',
      safeTxHash: other.safeTxHash,
      actor: null,
      nonce: proposal.tx.nonce.toString(),
      byChainTxHash: record.chainTxHash,
    });
  }
}
