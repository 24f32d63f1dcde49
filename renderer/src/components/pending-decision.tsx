import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { PendingDecision } from '../../../electron/core/api/contract';
import { useQuery } from '../api/hooks';

const PendingContext = createContext<Map<string, PendingDecision[]>>(new Map());

/** The queue's open decisions by subject ("prosumer:0x…", "trade:12"), for the rows of a page. */
export function PendingDecisionsProvider({ children }: { children: ReactNode }) {
  const query = useQuery(
    'safe/pending-decisions',
    {},
    { refreshOn: ['safe/tx-updated', 'app/network-changed', 'market/updated'] },
  );
  const byKey = useMemo(() => {
    const map = new Map<string, PendingDecision[]>();
    for (const d of query.data?.decisions ?? []) map.set(d.key, [...(map.get(d.key) ?? []), d]);
    return map;
  }, [query.data]);
  return <PendingContext.Provider value={byKey}>{children}</PendingContext.Provider>;
}

export const prosumerKey = (address: string) => `prosumer:${address.toLowerCase()}`;
export const tradeKey = (tradeId: string) => `trade:${tradeId}`;

/** "Pending decision: #7 Admit prosumer 0x…" with a link to it in the Safe queue, or nothing. */
export function PendingDecisionNote({ subject }: { subject: string }) {
  const decisions = useContext(PendingContext).get(subject) ?? [];
  if (decisions.length === 0) return null;
  return (
    <span className="pending-decision">
      {decisions.map((d) => (
        <a key={d.safeTxHash} href={`#/safe/${d.safeTxHash}`} className="badge badge-info">
          <span aria-hidden="true">◆</span> Pending decision: #{d.nonce} {d.title}
        </a>
      ))}
    </span>
  );
}
