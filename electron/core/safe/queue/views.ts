import type { QueueConflict } from '../../api/contract/review';
import type { DecodedCallView, ProposalView, SafeOwnersView } from '../../api/contract/safe';
import { toIntentJson } from '../build/intents';
import { type OwnerSignature, type SafeSetup, type SafeState, safeTxToJson } from '../types';
import { type DecodedCall, type DecodedSafeTx, TARGET_LABELS } from '../verify/decode';
import type { Proposal, TransportStatus } from './queue-store';

function toCallView(call: DecodedCall): DecodedCallView {
  switch (call.kind) {
    case 'intent':
      return {
        kind: 'intent',
        to: call.to,
        target: call.target,
        targetLabel: TARGET_LABELS[call.target],
        intent: toIntentJson(call.intent),
        description: call.description,
      };
    case 'rejection':
    case 'guard':
      return call;
    case 'unknown':
      return { ...call, value: call.value.toString() };
  }
}

/** What a queued proposal is seen against: conflicts with the other open ones, and the chain head. */
export interface QueueAround {
  conflicts: Map<string, QueueConflict[]>;
  head: { number: number; timestamp: number } | null;
}

/** How far behind the chain head the proposal's latest simulation is, in blocks and chain seconds. */
function simulationAge(p: Proposal, head: QueueAround['head']): ProposalView['simulationAge'] {
  const blockNumber = p.simulation?.blockNumber;
  if (!head || blockNumber === null || blockNumber === undefined) return null;
  const at = p.simulation?.blockTimestamp;
  return {
    headBlock: head.number,
    blocksBehind: head.number - blockNumber,
    ageSeconds: at === null || at === undefined ? null : head.timestamp - at,
  };
}

export function toOwnersView(
  setup: SafeSetup,
  state: SafeState,
  reach: { online: boolean; txService: boolean },
): SafeOwnersView {
  return {
    chainId: setup.safe.chainId.toString(),
    safeAddress: setup.safe.address,
    safeVersion: setup.safe.version,
    owners: state.owners,
    threshold: state.threshold,
    nonce: state.nonce.toString(),
    online: reach.online,
    txService: reach.txService,
    stateAsOf: state.updatedAt,
    blockNumber: state.blockNumber,
  };
}

export function toProposalView(args: {
  proposal: Proposal;
  decoded: DecodedSafeTx;
  signatures: OwnerSignature[];
  state: SafeState;
  competitors: string[];
  transports: TransportStatus[];
  conflicts: QueueConflict[];
  head: QueueAround['head'];
}): ProposalView {
  const { proposal: p, decoded, signatures, state } = args;
  const owners = new Set(state.owners.map((o) => o.toLowerCase()));
  const counting = signatures.filter((s) => owners.has(s.owner.toLowerCase()));
  const signed = new Set(counting.map((s) => s.owner.toLowerCase()));
  return {
    safeTxHash: p.safeTxHash,
    nonce: p.tx.nonce.toString(),
    title: p.title,
    status: p.status,
    origin: p.origin,
    proposedBy: p.proposedBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    tx: safeTxToJson(p.tx),
    hashes: p.hashes,
    decoded: {
      batch: decoded.batch,
      calls: decoded.calls.map(toCallView),
      intents: decoded.intents.map(toIntentJson),
      danger: decoded.danger,
      dangerousOverride: p.dangerousOverride,
      warnings: decoded.warnings,
    },
    simulation: p.simulation,
    simulationAge: simulationAge(p, args.head),
    conflicts: args.conflicts,
    signatures: signatures.map((s) => ({
      owner: s.owner,
      type: s.type,
      source: s.source,
      signerKind: s.signerKind ?? null,
      addedAt: s.addedAt,
      counts: owners.has(s.owner.toLowerCase()),
    })),
    confirmations: counting.length,
    threshold: state.threshold,
    missingOwners: state.owners.filter((o) => !signed.has(o.toLowerCase())),
    executable: p.status === 'open' && p.tx.nonce === state.nonce && counting.length >= state.threshold,
    competitors: args.competitors,
    transports: args.transports,
    execution: p.executedTxHash
      ? { chainTxHash: p.executedTxHash, blockNumber: p.executedBlock, executedBy: p.executedBy }
      : null,
    replacedBy: p.replacedBy,
  };
}
