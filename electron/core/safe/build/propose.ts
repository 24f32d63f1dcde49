import { getAddress } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import {
  assertNonceFree,
  assertOwner,
  type FlowContext,
  nextFreeNonce,
  refreshState,
  requireChain,
} from '../context';
import { queueTx } from '../queue/enqueue';
import type { Proposal } from '../queue/queue-store';
import type { SafeChain } from '../safe-reader';
import { decodeSafeTx, sameIntents } from '../verify/decode';
import { type Call, encodeIntents } from './encode';
import { describeIntent, type Intent } from './intents';

/**
 * What only the chain can tell: prosumer statuses, and whether each call would be accepted as the
 * Safe (which also refuses an admit or reject of an application re-filed since it was reviewed).
 */
async function checkIntentsOnChain(chain: SafeChain, intents: Intent[], calls: Call[]): Promise<void> {
  const required = {
    admit: ['Pending'],
    reject: ['Pending'],
    remove: ['Admitted', 'Suspended'],
    suspend: ['Admitted'],
    reinstate: ['Suspended'],
  } as const;
  const done = {
    admit: 'admitted',
    reject: 'rejected',
    remove: 'removed',
    suspend: 'suspended',
    reinstate: 'reinstated',
  } as const;
  const problems = await Promise.all(
    intents.map(async (intent, i): Promise<string | null> => {
      if (
        intent.kind === 'admit' ||
        intent.kind === 'reject' ||
        intent.kind === 'remove' ||
        intent.kind === 'suspend' ||
        intent.kind === 'reinstate'
      ) {
        const status = await chain.prosumerStatus(intent.prosumer);
        const needed: readonly string[] = required[intent.kind];
        if (!needed.includes(status)) {
          return `${describeIntent(intent)}: ${intent.prosumer} is ${status === 'None' ? 'not registered' : status.toLowerCase()}, and only a ${needed.join(' or ').toLowerCase()} prosumer can be ${done[intent.kind]}.`;
        }
        if (intent.kind === 'suspend' || intent.kind === 'reinstate') return null;
      }
      if (
        intent.kind === 'addOwner' ||
        intent.kind === 'removeOwner' ||
        intent.kind === 'swapOwner' ||
        intent.kind === 'changeThreshold'
      ) {
        return null;
      }
      const reason = await chain.callAsSafe(calls[i] as Call);
      return reason ? `${describeIntent(intent)}: the contract would refuse it (${reason}).` : null;
    }),
  );
  const found = problems.filter((p): p is string => p !== null);
  if (found.length > 0) {
    throw new GridkeeperError(
      'INTENT_INVALID',
      found.length === 1
        ? (found[0] as string)
        : `${found.length} decisions cannot be taken: ${found.slice(0, 5).join(' ')}`,
      {
        problems: found.slice(0, 20),
      },
    );
  }
}

/** Validates, builds (one call, or one MultiSendCallOnly batch), checks and queues decisions. */
export async function propose(
  ctx: FlowContext,
  intents: Intent[],
  opts: { proposer?: string | null; nonce?: bigint; allowDangerous?: boolean } = {},
): Promise<Proposal> {
  const chain = requireChain(ctx, 'propose a transaction');
  const state = await refreshState(ctx);
  if (opts.proposer) assertOwner(ctx, state, opts.proposer);
  const calls = encodeIntents(intents, ctx.setup, state);
  await checkIntentsOnChain(chain, intents, calls);
  const nonce = opts.nonce ?? nextFreeNonce(ctx, state);
  assertNonceFree(nonce, state);
  const tx = await chain.build(calls, nonce);
  if (!sameIntents(decodeSafeTx(tx, ctx.setup).intents, intents)) {
    throw new GridkeeperError(
      'HASH_MISMATCH',
      'The transaction built does not decode back to the decisions asked for; it was not queued.',
    );
  }
  const { proposal } = await queueTx(ctx, tx, {
    origin: 'local',
    proposedBy: opts.proposer ? getAddress(opts.proposer) : null,
    allowDangerous: opts.allowDangerous,
    requireSuccess: true,
  });
  return proposal;
}

/** A rejection: an empty call of the Safe to itself at the same nonce, which cancels its competitors. */
export async function proposeRejection(
  ctx: FlowContext,
  nonce: bigint,
  opts: { proposer?: string | null } = {},
): Promise<Proposal> {
  const chain = requireChain(ctx, 'propose a rejection');
  const state = await refreshState(ctx);
  if (opts.proposer) assertOwner(ctx, state, opts.proposer);
  assertNonceFree(nonce, state);
  const tx = await chain.build([{ to: ctx.setup.safe.address, value: 0n, data: '0x', operation: 0 }], nonce);
  const { proposal } = await queueTx(ctx, tx, {
    origin: 'local',
    proposedBy: opts.proposer ? getAddress(opts.proposer) : null,
    requireSuccess: true,
  });
  return proposal;
}
