import { useState } from 'react';
import type { RefetchProgress as Progress, StatementView } from '../../../electron/core/api/contract';
import { call } from '../api/client';
import { useEvent } from '../api/hooks';
import { utcDateTime } from '../format/statement-window';
import { formatCount, groupDigits } from '../format/units';
import { ProgressBar } from './progress-bar';

/**
 * While a statement re-fetches pruned history from the chain: blocks fetched of the total, and a
 * Cancel button (core then keeps nothing of the fetch, and `onCancel` lets the page ask for what
 * the store holds instead). Hidden on paper with the other progress bars.
 */
export function RefetchProgress({ onCancel }: { onCancel: () => void }) {
  const [running, setRunning] = useState<Progress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  useEvent('market/refetch-progress', (p) => {
    const live = p.phase === 'blocks' || p.phase === 'trades';
    setRunning(live ? p : null);
    if (!live) setCancelling(false);
  });
  if (!running) return null;
  const what =
    running.phase === 'trades'
      ? 'walking back for the trades opened before them'
      : `blocks ${groupDigits(BigInt(running.fromBlock))}–${groupDigits(BigInt(running.toBlock))}, then the trades opened before them`;
  return (
    <div className="card operation-progress refetch-progress">
      <ProgressBar
        label={`Re-fetching pruned history from the chain: ${what}`}
        done={running.done}
        total={running.total}
        detail={`${groupDigits(BigInt(running.done))} of ${formatCount(running.total, 'block')}`}
      />
      <button
        type="button"
        disabled={cancelling}
        onClick={async () => {
          setCancelling(true);
          await call('market/refetch-cancel', { operationId: running.operationId });
          onCancel();
        }}
      >
        Cancel
      </button>
    </div>
  );
}

/** Says which part of the statement came from the chain, or that a pruned part is missing. */
export function RefetchedNote({
  statement: s,
  onRefetch,
}: {
  statement: StatementView;
  onRefetch: () => void;
}) {
  if (s.refetched) {
    const r = s.refetched;
    return (
      <p className="banner banner-ok refetched-note" role="status">
        Re-fetched from the chain: {formatCount(r.lines, 'line')} of this statement, from blocks{' '}
        {groupDigits(BigInt(r.fromBlock))}–{groupDigits(BigInt(r.toBlock))}. The store no longer keeps events
        before {utcDateTime(r.before)} (its retention window)
        {r.tradesFromBlock === null
          ? ''
          : `; the parties of earlier trades were read back to block ${groupDigits(BigInt(r.tradesFromBlock))}`}
        . The rest is from the store.
      </p>
    );
  }
  if (s.prunedBefore === null) return null;
  return (
    <div className="banner banner-warn refetched-note" role="status">
      <p>
        Not re-fetched: the store no longer keeps events before {utcDateTime(s.prunedBefore)} (its retention
        window), and this statement leaves them out.
      </p>
      <button type="button" onClick={onRefetch}>
        Re-fetch from the chain
      </button>
    </div>
  );
}
