import { getAddress } from 'ethers';
import { GridkeeperError, isGridkeeperError } from '../../api/contract/errors';
import {
  assertNonceFree,
  assertOwner,
  currentState,
  type FlowContext,
  nextFreeNonce,
  OPEN,
  refreshState,
  requireChain,
  requireProposal,
} from '../context';
import { queueTx } from '../queue/enqueue';
import type { Proposal } from '../queue/queue-store';
import { crossCheckWithContract } from '../verify/hash';
import type { BundleFile } from './bundle';
import { exportTxBuilderBatch, parseTxBuilderBatch } from './tx-builder';

export async function exportBundle(
  ctx: FlowContext,
  safeTxHash: string,
  actor: string | null = null,
): Promise<BundleFile> {
  const proposal = requireProposal(ctx, safeTxHash);
  const signatures = ctx.store.signatures(proposal.safeTxHash);
  const file = await ctx.bundles.share({ proposal, signatures, state: await currentState(ctx) });
  const portable = signatures.filter((s) => s.type !== 'approved-hash').length;
  ctx.store.transaction(() => {
    ctx.store.setTransportStatus(
      proposal.safeTxHash,
      'bundle',
      'exported',
      `${file.fileName}, ${portable} signature(s)`,
    );
    ctx.lifecycle.emit({
      type: 'BUNDLE_EXPORTED',
      safeTxHash: proposal.safeTxHash,
      actor,
      fileName: file.fileName,
      fileSha256: file.sha256,
      signatures: portable,
    });
  });
  return file;
}

/**
 * Verifies a bundle completely and only then merges it. A refused file leaves the store exactly
 * as it was (not even the audit log is written) and the error says why.
 */
export async function importBundle(
  ctx: FlowContext,
  content: string | Uint8Array,
  opts: { allowDangerous?: boolean; actor?: string | null } = {},
): Promise<{ proposal: Proposal; newProposal: boolean; addedSignatures: string[] }> {
  const state = await currentState(ctx);
  const verified = ctx.bundles.verify({ content, state, allowDangerous: opts.allowDangerous });
  const { safeTxHash } = verified.hashes;
  const reject = (message: string) =>
    new GridkeeperError('BUNDLE_REJECTED', message, { reason: 'nonce-executed' });
  const existing = ctx.store.getProposal(safeTxHash);
  if (existing && !OPEN.includes(existing.status)) {
    throw reject(
      `This transaction is already ${existing.status}${existing.executedTxHash ? ` (${existing.executedTxHash})` : ''}: the bundle cannot add anything.`,
    );
  }
  const spent = ctx.store
    .proposalsAtNonce(ctx.setup.safe.address, verified.tx.nonce)
    .find((p) => p.status === 'executed' || p.status === 'failed');
  if (spent)
    throw reject(
      `Nonce ${verified.tx.nonce} was already used by ${spent.safeTxHash}: this transaction can never run.`,
    );
  if (ctx.chain) {
    try {
      await crossCheckWithContract(ctx.chain.provider, ctx.setup.safe, verified.tx, verified.hashes);
    } catch (error) {
      if (isGridkeeperError(error) && error.code === 'HASH_MISMATCH') {
        throw new GridkeeperError('BUNDLE_REJECTED', error.message, { reason: 'hash-mismatch' });
      }
      throw error;
    }
  }
  const { proposal, isNew, added } = await queueTx(ctx, verified.tx, {
    origin: 'bundle',
    proposedBy: null,
    allowDangerous: opts.allowDangerous,
    signatures: verified.signatures,
    fileSha256: verified.fileSha256,
    within: ({ isNew: inserted, added: merged }) => {
      ctx.store.setTransportStatus(
        safeTxHash,
        'bundle',
        'imported',
        `${merged.length} new signature(s), file sha256 ${verified.fileSha256}`,
      );
      ctx.lifecycle.emit({
        type: 'BUNDLE_IMPORTED',
        safeTxHash,
        actor: opts.actor ?? null,
        fileSha256: verified.fileSha256,
        newProposal: inserted,
        addedSignatures: merged,
      });
    },
  });
  return { proposal, newProposal: isNew, addedSignatures: added };
}

export async function exportTxBuilder(
  ctx: FlowContext,
  safeTxHash: string,
  actor: string | null = null,
): Promise<BundleFile> {
  const proposal = requireProposal(ctx, safeTxHash);
  const file = exportTxBuilderBatch({
    setup: ctx.setup,
    tx: proposal.tx,
    title: proposal.title,
    createdFromOwnerAddress: actor ?? undefined,
    now: ctx.now(),
  });
  ctx.store.transaction(() =>
    ctx.lifecycle.emit({
      type: 'TX_BUILDER_EXPORTED',
      safeTxHash: proposal.safeTxHash,
      actor,
      fileName: file.fileName,
      fileSha256: file.sha256,
    }),
  );
  return file;
}

/** Turns a Transaction Builder batch into a proposal (its calls as one MultiSendCallOnly batch). */
export async function importTxBuilder(
  ctx: FlowContext,
  content: string,
  opts: { nonce?: bigint; proposer?: string | null } = {},
): Promise<Proposal> {
  const chain = requireChain(ctx, 'build a transaction from a Transaction Builder file');
  const { calls, sha256 } = parseTxBuilderBatch(content, ctx.setup);
  const state = await refreshState(ctx);
  if (opts.proposer) assertOwner(ctx, state, opts.proposer);
  const nonce = opts.nonce ?? nextFreeNonce(ctx, state);
  assertNonceFree(nonce, state);
  const tx = await chain.build(calls, nonce);
  const { proposal } = await queueTx(ctx, tx, {
    origin: 'tx-builder',
    proposedBy: opts.proposer ? getAddress(opts.proposer) : null,
    fileSha256: sha256,
    within: ({ safeTxHash }) =>
      ctx.lifecycle.emit({
        type: 'TX_BUILDER_IMPORTED',
        safeTxHash,
        actor: opts.proposer ?? null,
        fileSha256: sha256,
        calls: calls.length,
      }),
  });
  return proposal;
}
