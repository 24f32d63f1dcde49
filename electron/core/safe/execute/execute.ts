import { getAddress } from 'ethers';
import { asGridkeeperError, GridkeeperError } from '../../api/contract/errors';
import type { Signer } from '../../signers';
import { safeInterface } from '../abis';
import { type FlowContext, refreshState, requireChain, requireProposal, withAction } from '../context';
import { enforcePolicy } from '../policy/enforce';
import type { Proposal } from '../queue/queue-store';
import { collectApprovals } from '../transports/approvals';
import type { SafeTxData } from '../types';
import { simulate, verifiedHashes } from '../verify/checks';
import { assertSameHashes } from '../verify/hash';
import { SignatureSet } from '../verify/signatures';
import { recordReceipt } from './receipts';
import { reconcile } from './reconcile';
import { broadcast, signChainTx, waitForReceipt } from './send-tx';

export interface ExecuteOptions {
  signal?: AbortSignal;
  /**
   * The owner read that the latest simulation fails and confirmed a second time that the nonce
   * will be used anyway. Without it, a transaction whose simulation fails is refused.
   */
  confirmFailingSimulation?: boolean;
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
  opts: ExecuteOptions = {},
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
  await enforcePolicy(ctx, proposal.tx, 'execute', { actor: getAddress(signer.address) });
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
  const latest = await simulate(ctx, proposal.safeTxHash);
  if (latest.status === 'reverted' && !opts.confirmFailingSimulation) {
    throw new GridkeeperError(
      'SIMULATION_FAILED',
      `Its latest simulation (block ${latest.blockNumber}) fails: ${latest.revertReason}. Executed anyway, the Safe would record the failure and use up nonce ${proposal.tx.nonce}, cancelling every other proposal at that nonce; it was not executed. Only an explicit second confirmation executes it.`,
      {
        revertReason: latest.revertReason,
        nonce: proposal.tx.nonce.toString(),
        blockNumber: latest.blockNumber,
        confirmationRequired: true,
      },
    );
  }
  const tx = proposal.tx;
  const data = execTransactionData(tx, signatures.encode(state.owners));
  return withAction(
    ctx,
    { safeTxHash: proposal.safeTxHash, kind: 'execute', actor: signer.address },
    async (actionId) => {
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
        if (error.code === 'EXECUTION_FAILED' && /GS013/.test(error.message) && latest.revertReason) {
          error = new GridkeeperError(
            'EXECUTION_FAILED',
            `The transaction's calls would fail: ${latest.revertReason}. Nothing was sent.`,
          );
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
    },
  );
}

/** The Safe's `execTransaction` call data for a transaction and its packed signatures. */
export function execTransactionData(tx: Omit<SafeTxData, 'nonce'>, signatures: string): string {
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
