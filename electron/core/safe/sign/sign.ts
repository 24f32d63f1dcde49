import { getAddress } from 'ethers';
import { asGridkeeperError, GridkeeperError } from '../../api/contract/errors';
import type { Signer, SigningPrompt } from '../../signers';
import {
  assertOwner,
  currentState,
  type FlowContext,
  refreshState,
  requireProposal,
  withAction,
} from '../context';
import { enforcePolicy } from '../policy/enforce';
import type { Proposal } from '../queue/queue-store';
import type { OwnerSignature } from '../types';
import { sameAddress } from '../types';
import { simulate, verifiedHashes } from '../verify/checks';
import { assertSameHashes, safeTxTypedData } from '../verify/hash';
import { verifyOwnerSignature } from '../verify/signatures';

export interface SignOptions {
  signal?: AbortSignal;
  onPrompt?: (prompt: SigningPrompt) => void;
}

/**
 * Signs through the Signer interface (Ledger, keystore, demo key). Before the device is asked,
 * the hashes are recomputed and cross-checked, (online) the transaction is simulated again and it
 * is held to the consortium policy;
 * after, the signature must recover to this signer and to a current owner before it is stored.
 */
export async function sign(
  ctx: FlowContext,
  safeTxHash: string,
  signer: Signer,
  opts: SignOptions = {},
): Promise<Proposal> {
  const proposal = requireProposal(ctx, safeTxHash, ['open']);
  const state = ctx.chain ? await refreshState(ctx) : await currentState(ctx);
  assertOwner(ctx, state, signer.address);
  if (ctx.store.signatures(proposal.safeTxHash).some((s) => sameAddress(s.owner, signer.address)))
    return proposal;

  const hashes = await verifiedHashes(ctx, proposal.tx);
  assertSameHashes(hashes, proposal.hashes, 'the queue');
  const simulation = ctx.chain ? await simulate(ctx, proposal.safeTxHash) : undefined;
  await enforcePolicy(ctx, proposal.tx, 'sign', { actor: getAddress(signer.address), simulation });
  if (simulation) {
    if (simulation.status === 'reverted') {
      throw new GridkeeperError(
        'SIMULATION_FAILED',
        `It would fail if executed now: ${simulation.revertReason}. It was not signed.`,
      );
    }
  }

  return withAction(
    ctx,
    { safeTxHash: proposal.safeTxHash, kind: 'sign', actor: signer.address },
    async (actionId) => {
      let signature: string;
      let owner: string;
      let type: OwnerSignature['type'];
      try {
        signature = await signer.signSafeTx(safeTxTypedData(ctx.setup.safe, proposal.tx), opts);
        ({ owner, type } = verifyOwnerSignature(hashes.safeTxHash, signature, state.owners, signer.address));
      } catch (thrown) {
        const error = asGridkeeperError(thrown);
        ctx.store.transaction(() => {
          ctx.store.updateAction(actionId, { state: 'abandoned', outcome: error.code });
          ctx.lifecycle.emit({
            type: 'SIGN_FAILED',
            safeTxHash: proposal.safeTxHash,
            actor: signer.address,
            signerId: signer.id,
            code: error.code,
            message: error.message,
          });
        });
        throw error;
      }
      ctx.store.transaction(() => {
        ctx.store.addSignature(proposal.safeTxHash, {
          owner,
          data: signature.toLowerCase(),
          type,
          source: 'local',
          signerKind: signer.kind,
          signerId: signer.id,
          addedAt: ctx.store.now(),
        });
        ctx.store.updateAction(actionId, { state: 'done' });
        ctx.lifecycle.emit({
          type: 'SIGNED',
          safeTxHash: proposal.safeTxHash,
          actor: owner,
          signerKind: signer.kind,
          signerId: signer.id,
          signatureType: type,
          source: 'local',
        });
      });
      return requireProposal(ctx, proposal.safeTxHash);
    },
  );
}
