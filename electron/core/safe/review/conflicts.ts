import type { ConflictSubject, PendingDecision, QueueConflict } from '../../api/contract/review';
import type { Intent } from '../build/intents';

/** What one decision acts on: a prosumer, a trade, a market parameter, the owners. */
export interface DecisionSubject {
  subject: ConflictSubject;
  key: string;
  label: string;
}

const PARAMETERS: Partial<Record<Intent['kind'], [string, string]>> = {
  setMarketFee: ['market-fee', 'the market fee'],
  setDisputeWindow: ['dispute-window', 'the dispute window'],
  setDisputeBond: ['dispute-bond', 'the dispute bond'],
  setArbitrationPeriod: ['arbitration-period', 'the arbitration period'],
  setRegistrationFee: ['registration-fee', 'the registration fee'],
  withdrawRegistrationFees: ['registration-fees-balance', 'the registration fees held by the registry'],
  pause: ['market-paused', 'whether the market is paused'],
  unpause: ['market-paused', 'whether the market is paused'],
  addOwner: ['owners', 'the Safe’s owners and threshold'],
  removeOwner: ['owners', 'the Safe’s owners and threshold'],
  swapOwner: ['owners', 'the Safe’s owners and threshold'],
  changeThreshold: ['owners', 'the Safe’s owners and threshold'],
};

/** The subjects a decision acts on (a prosumer, a trade, a parameter); full addresses in keys and labels. */
export function subjectsOf(intent: Intent): DecisionSubject[] {
  switch (intent.kind) {
    case 'admit':
    case 'reject':
    case 'remove':
    case 'suspend':
    case 'reinstate':
      return [
        {
          subject: 'prosumer',
          key: `prosumer:${intent.prosumer.toLowerCase()}`,
          label: `prosumer ${intent.prosumer}`,
        },
      ];
    case 'resolveDispute':
      return [{ subject: 'trade', key: `trade:${intent.tradeId}`, label: `trade ${intent.tradeId}` }];
    case 'acceptOwnership':
      return [
        {
          subject: 'parameter',
          key: `parameter:ownership:${intent.contract}`,
          label: `ownership of the ${intent.contract}`,
        },
      ];
    case 'setMeterOracle':
      return [
        {
          subject: 'parameter',
          key: `parameter:meter-oracle:${intent.oracle.toLowerCase()}`,
          label: `meter oracle ${intent.oracle}`,
        },
      ];
    default: {
      const parameter = PARAMETERS[intent.kind];
      return parameter
        ? [{ subject: 'parameter', key: `parameter:${parameter[0]}`, label: parameter[1] }]
        : [];
    }
  }
}

/** An open proposal as the conflict finder needs it. */
export interface QueuedDecisions {
  safeTxHash: string;
  nonce: bigint;
  title: string;
  intents: Intent[];
}

/** Every subject of every open proposal, the nonce included: what Admissions and Disputes mark as pending. */
export function pendingDecisions(queue: QueuedDecisions[]): PendingDecision[] {
  return queue.flatMap((p) => {
    const subjects = new Map<string, DecisionSubject>();
    for (const s of [...p.intents.flatMap(subjectsOf), nonceSubject(p.nonce)]) subjects.set(s.key, s);
    return [...subjects.values()].map((s) => ({
      subject: s.subject,
      key: s.key,
      safeTxHash: p.safeTxHash,
      nonce: p.nonce.toString(),
      title: p.title,
    }));
  });
}

function nonceSubject(nonce: bigint): DecisionSubject {
  return { subject: 'nonce', key: `nonce:${nonce}`, label: `nonce ${nonce}` };
}

/**
 * For each proposal, the other open proposals acting on one of its subjects or using its nonce
 * (admit in #4 and reject in #6 of the same applicant; two fee changes; two proposals at nonce 7).
 */
export function findConflicts(queue: QueuedDecisions[]): Map<string, QueueConflict[]> {
  const labels = new Map<string, DecisionSubject>();
  const bySubject = new Map<string, QueuedDecisions[]>();
  for (const p of queue) {
    for (const s of [...p.intents.flatMap(subjectsOf), nonceSubject(p.nonce)]) {
      if (!labels.has(s.key)) labels.set(s.key, s);
      const list = bySubject.get(s.key) ?? [];
      if (!list.includes(p)) list.push(p);
      bySubject.set(s.key, list);
    }
  }
  const out = new Map<string, QueueConflict[]>(queue.map((p) => [p.safeTxHash, []]));
  for (const [key, proposals] of bySubject) {
    if (proposals.length < 2) continue;
    const subject = labels.get(key) as DecisionSubject;
    for (const p of proposals) {
      for (const other of proposals) {
        if (other === p) continue;
        out.get(p.safeTxHash)?.push({
          subject: subject.subject,
          key,
          label: subject.label,
          other: { safeTxHash: other.safeTxHash, nonce: other.nonce.toString(), title: other.title },
        });
      }
    }
  }
  return out;
}
