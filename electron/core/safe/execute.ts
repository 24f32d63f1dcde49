import { getAddress, type TransactionReceipt } from 'ethers';
import { asGridkeeperError, GridkeeperError } from '../api/errors';
import type { Signer } from '../signers/types';
import { safeInterface } from './abis';
import { collectApprovals } from './approvals';
import {
  type FlowContext,
  OPEN,
  refreshState,
  requireChain,
  requireProposal,
  same,
  simulateTx,
  verifiedHashes,
} from './context';
import { decodeSafeTx } from './decode';
import { assertSameHashes } from './hash';
import type { Proposal } from './queue-store';
import { reconcile } from './reconcile';
import { broadcast, signChainTx, waitForReceipt } from './send-tx';
import { SignatureSet } from './signatures';
import type { SafeTxData } from './types';

/** The call data of the Safe's `execTransaction` for `tx` with the packed `signatures`. */
export function encodeExecTransaction(tx: Omit<SafeTxData, 'nonce'>, signatures: string): string {
  return safeInterface.encodeFunctionData('execTransaction', [
    tx.to,
    tx.value,
    tx.data,
    tx.operation,
    tx.safeTxGas,
    tx.baseGas,
    tx.gasPrice,
    tx.gasToken,
    tx.refundReceiver,
    signatures,
  ]);
}

/**
 * Executes once the threshold is met; any account may pay the gas. The signed chain transaction
 * is written ahead before it is broadcast, so a crash before its receipt is recorded is resolved
 * by `reconcile` from the chain, never by sending a second one.
 */
export async function execute(
  ctx: FlowContext,
  safeTxHash: string,
  signer: Signer,
  opts: { signal?: AbortSignal } = {},
): Promise<Proposal> {
  const chain = requireChain(ctx, 'execute');
  const proposal = requireProposal(ctx, safeTxHash, ['open']);
  const state = await refreshState(ctx);
  if (proposal.tx.nonce < state.nonce) {
    await reconcile(ctx);
    throw new GridkeeperError(
      'NONCE_SPENT',
      `Nonce ${proposal.tx.nonce} was already used on chain; this transaction can no longer run.`,
    );
  }
  if (proposal.tx.nonce > state.nonce) {
    throw new GridkeeperError(
      'CONFLICT',
      `The Safe's next nonce is ${state.nonce}: execute that transaction first (this one has nonce ${proposal.tx.nonce}).`,
    );
  }
  const hashes = await verifiedHashes(ctx, proposal.tx);
  assertSameHashes(hashes, proposal.hashes, 'the queue');
  const decoded = decodeSafeTx(proposal.tx, ctx.setup);
  if (decoded.danger && !proposal.dangerousOverride) {
    throw new GridkeeperError('DANGEROUS_TRANSACTION', `${decoded.danger} It was not executed.`);
  }
  await collectApprovals(ctx, proposal, state);
  const signatures = new SignatureSet(ctx.store.signatures(proposal.safeTxHash));
  const counting = signatures.fromOwners(state.owners);
  if (counting.length < state.threshold) {
    const signed = new Set(counting.map((s) => s.owner.toLowerCase()));
    throw new GridkeeperError(
      'THRESHOLD_NOT_MET',
      `${counting.length} of the ${state.threshold} required signatures are here; still missing: ${state.owners.filter((o) => !signed.has(o.toLowerCase())).join(', ')}.`,
      { confirmations: counting.length, threshold: state.threshold },
    );
  }
  const tx = proposal.tx;
  const data = encodeExecTransaction(tx, signatures.encode(state.owners));
  const actionId = ctx.store.startAction(proposal.safeTxHash, 'execute', signer.address);
  let signed: Awaited<ReturnType<typeof signChainTx>>;
  try {
    signed = await signChainTx(
      chain.provider,
      signer,
      { to: ctx.setup.safe.address, data },
      {
        chainId: ctx.setup.safe.chainId,
        signal: opts.signal,
        failure: 'EXECUTION_FAILED',
      },
    );
  } catch (thrown) {
    let error = asGridkeeperError(thrown);
    if (error.code === 'EXECUTION_FAILED' && /GS013/.test(error.message)) {
      const simulation = await simulateTx(ctx, tx);
      if (simulation.revertReason) {
        error = new GridkeeperError(
          'EXECUTION_FAILED',
          `The transaction's calls would fail: ${simulation.revertReason}. Nothing was sent.`,
        );
      }
    }
    ctx.store.transaction(() => {
      ctx.store.updateAction(actionId, { state: 'abandoned', outcome: error.code });
      ctx.lifecycle.emit({
        type: 'EXECUTION_FAILED',
        safeTxHash: proposal.safeTxHash,
        actor: getAddress(signer.address),
        chainTxHash: null,
        reason: error.message,
      });
    });
    throw error;
  }
  ctx.store.transaction(() => {
    ctx.store.updateAction(actionId, { state: 'sent', chainTxHash: signed.hash, rawTx: signed.raw });
    ctx.store.setStatus(proposal.safeTxHash, 'executing', {
      txHash: signed.hash,
      by: getAddress(signer.address),
    });
    ctx.lifecycle.emit({
      type: 'EXECUTING',
      safeTxHash: proposal.safeTxHash,
      actor: getAddress(signer.address),
      chainTxHash: signed.hash,
      nonce: tx.nonce.toString(),
    });
  });
  try {
    await broadcast(chain.provider, signed.raw);
  } catch (thrown) {
    const error = asGridkeeperError(thrown);
    ctx.store.transaction(() => {
      ctx.store.updateAction(actionId, { state: 'abandoned', outcome: 'not accepted by the node' });
      ctx.store.setStatus(proposal.safeTxHash, 'open');
      ctx.lifecycle.emit({
        type: 'EXECUTION_FAILED',
        safeTxHash: proposal.safeTxHash,
        actor: getAddress(signer.address),
        chainTxHash: signed.hash,
        reason: error.message,
      });
    });
    throw error;
  }
  const receipt = await waitForReceipt(chain.provider, signed.hash, ctx.receiptTimeoutMs);
  recordReceipt(ctx, proposal, actionId, receipt, getAddress(signer.address));
  const closed = requireProposal(ctx, proposal.safeTxHash);
  if (closed.status === 'failed') {
    throw new GridkeeperError(
      'EXECUTION_FAILED',
      `The Safe ran the transaction but its calls failed (ExecutionFailure in ${receipt.hash}); nonce ${tx.nonce} is now used up.`,
      { chainTxHash: receipt.hash, blockNumber: receipt.blockNumber },
    );
  }
  if (closed.status === 'open') {
    throw new GridkeeperError(
      'EXECUTION_FAILED',
      `The execution transaction ${receipt.hash} reverted; nothing changed and nonce ${tx.nonce} is still free.`,
      {
        chainTxHash: receipt.hash,
      },
    );
  }
  return closed;
}

/** Records a mined execution transaction: the Safe's own event says whether its calls succeeded. */
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
      same(l.address, ctx.setup.safe.address) &&
      (l.topics[0] === success || l.topics[0] === failure) &&
      l.topics[1] === proposal.safeTxHash,
  );
  ctx.store.transaction(() => {
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
