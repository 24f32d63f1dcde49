import { useEffect, useRef, useState } from 'react';
import type { ProposalView } from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { EMERGENCY_STOP_EVENT, isEmergencyShortcut, openStops, type StopKind } from '../format/emergency';
import { ActionStatus } from './action-status';
import { Dialog } from './dialog';
import { ProposalCreated } from './proposal-created';

/**
 * The emergency stop, from anywhere: Ctrl+Shift+P opens it with the pause proposal ready and
 * focused, Enter proposes it. When the market is already paused, unpausing is the focused choice.
 * Either way the other one is beside it.
 */
export function EmergencyStop() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isEmergencyShortcut(event)) return;
      event.preventDefault();
      setOpen(true);
    };
    const onOpen = () => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener(EMERGENCY_STOP_EVENT, onOpen);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(EMERGENCY_STOP_EVENT, onOpen);
    };
  }, []);
  return (
    <Dialog open={open} title="Emergency stop" onClose={() => setOpen(false)}>
      <StopForm onClose={() => setOpen(false)} />
    </Dialog>
  );
}

const LABEL: Record<StopKind, string> = {
  pause: 'Propose pausing the market',
  unpause: 'Propose unpausing the market',
};

function StopForm({ onClose }: { onClose(): void }) {
  const rules = useQuery('market/rules', {}, { refreshOn: ['market/updated'] });
  const queue = useQuery('safe/queue', {}, { refreshOn: ['safe/tx-updated'] });
  const action = useAction();
  const [made, setMade] = useState<ProposalView>();
  const first = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLDivElement>(null);
  const paused = rules.data?.paused ?? false;
  const main: StopKind = paused ? 'unpause' : 'pause';
  const other: StopKind = paused ? 'pause' : 'unpause';
  const waiting = openStops(queue.data, main);

  // The dialog opens on its first control: the proposal that fits the market's state now.
  useEffect(() => {
    if (rules.data) first.current?.focus();
  }, [rules.data]);
  useEffect(() => {
    if (made) done.current?.querySelector('a')?.focus();
  }, [made]);

  // The Safe's next nonce, not the end of the queue: a stop must not wait behind other decisions. It
  // competes with whatever is proposed at that nonce; executing it replaces that one.
  const nextNonce = queue.data?.nonce;
  const ahead = queue.data?.groups.find((g) => g.nonce === nextNonce)?.proposals.length ?? 0;
  const propose = async (kind: StopKind) => {
    const proposal = await action.run(
      kind === 'pause' ? 'market/pause' : 'market/unpause',
      nextNonce === undefined ? {} : { nonce: nextNonce },
    );
    if (proposal) setMade(proposal);
  };

  if (made)
    return (
      <div ref={done}>
        <ProposalCreated proposal={made} />
        <p>It is flagged as urgent in every owner's queue. Sign it now, then ask the other owners to sign.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void propose(main);
      }}
    >
      <p>
        {rules.data === undefined
          ? 'Reading the market’s state from the chain…'
          : paused
            ? 'The market is paused: no offers, purchases or settlements until the owners unpause it.'
            : 'The market is open. Pausing stops new offers, purchases and settlements at once; escrowed payments stay locked until it is unpaused.'}
      </p>
      {waiting.length > 0 && (
        <p className="banner banner-warn">
          Already proposed as Safe transaction #{waiting[0]?.nonce} ({waiting[0]?.confirmations} of{' '}
          {waiting[0]?.threshold} signatures): <a href="#/safe">sign that one in the Safe queue</a> instead of
          proposing it again.
        </p>
      )}
      {nextNonce !== undefined && (
        <p>
          It is proposed at the Safe's next nonce, #{nextNonce}, so it can run as soon as two owners sign
          {ahead > 0
            ? `: it competes with ${ahead === 1 ? 'the proposal' : `the ${ahead} proposals`} already at #${nextNonce}, which executing it replaces.`
            : '.'}
        </p>
      )}
      <ActionStatus action={action} working="Proposing…" />
      <div className="dialog-actions">
        <button
          ref={first}
          type="submit"
          className={main === 'pause' ? 'danger' : 'primary'}
          disabled={action.busy || rules.data === undefined}
        >
          {LABEL[main]}
        </button>
        <button type="button" disabled={action.busy} onClick={() => void propose(other)}>
          {LABEL[other]}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
      <p className="muted small">
        <kbd>Ctrl</kbd> <kbd>Shift</kbd> <kbd>P</kbd> opens this from any page; <kbd>Enter</kbd> proposes.
      </p>
    </form>
  );
}

/** On every page while a pause or unpause waits for signatures: what it is and where to sign. */
export function UrgentStopBanner() {
  const queue = useQuery('safe/queue', {}, { refreshOn: ['safe/tx-updated', 'app/network-changed'] });
  const pending = [...openStops(queue.data, 'pause'), ...openStops(queue.data, 'unpause')];
  if (pending.length === 0) return null;
  return (
    <section className="urgent-strip" aria-label="Urgent">
      {pending.map((p) => (
        <p key={p.safeTxHash} className="banner banner-bad">
          <strong>Urgent:</strong> {p.title} is proposed as Safe transaction #{p.nonce} ({p.confirmations} of{' '}
          {p.threshold} signatures). <a href="#/safe">Review and sign it in the Safe queue</a>.
        </p>
      ))}
    </section>
  );
}
