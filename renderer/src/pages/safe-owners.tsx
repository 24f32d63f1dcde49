import { useId, useState } from 'react';
import type { ProposalView } from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { PendingDecisionNote, PendingDecisionsProvider } from '../components/pending-decision';
import { ProposalCreated } from '../components/proposal-created';
import { QueryView } from '../components/states';
import { sameAddress } from '../format/address';

/** The Safe's owners and threshold; changes to them are proposals like any other decision. */
export function OwnersPanel({ signerAddress }: { signerAddress: string | undefined }) {
  const owners = useQuery('safe/owners', {}, { refreshOn: ['safe/tx-updated', 'app/network-changed'] });
  const action = useAction();
  const [proposal, setProposal] = useState<ProposalView>();
  const [newOwner, setNewOwner] = useState('');
  const [threshold, setThreshold] = useState(0);
  const ids = { owner: useId(), threshold: useId() };
  return (
    <PendingDecisionsProvider>
      <section className="card" aria-labelledby="owners-heading">
        <h2 id="owners-heading">Owners and threshold</h2>
        <QueryView query={owners} what="the Safe's owners">
          {(data) => {
            const t = threshold || data.threshold;
            return (
              <>
                <p>
                  <strong>
                    {data.threshold} of {data.owners.length}
                  </strong>{' '}
                  owners must sign. Safe {data.safeVersion} at <Address address={data.safeAddress} />.{' '}
                  <PendingDecisionNote subject="parameter:owners" />
                </p>
                <ul className="owner-list">
                  {data.owners.map((owner) => (
                    <li key={owner}>
                      <Address address={owner} mark={sameAddress(owner, signerAddress) ? 'you' : undefined} />
                      <button
                        type="button"
                        disabled={action.busy || data.owners.length <= 1}
                        onClick={async () => {
                          const made = await action.run('safe/remove-owner', {
                            owner,
                            threshold: Math.min(data.threshold, data.owners.length - 1),
                          });
                          if (made) setProposal(made);
                        }}
                      >
                        Propose removing
                      </button>
                    </li>
                  ))}
                </ul>
                <form
                  className="inline-form"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    const made = await action.run('safe/add-owner', { owner: newOwner.trim(), threshold: t });
                    if (made) {
                      setProposal(made);
                      setNewOwner('');
                    }
                  }}
                >
                  <label htmlFor={ids.owner}>New owner</label>
                  <input
                    id={ids.owner}
                    value={newOwner}
                    placeholder="0x…"
                    onChange={(e) => setNewOwner(e.currentTarget.value)}
                  />
                  <label htmlFor={ids.threshold}>Threshold</label>
                  <input
                    id={ids.threshold}
                    type="number"
                    min={1}
                    max={data.owners.length + 1}
                    value={t}
                    className="small-number"
                    onChange={(e) => setThreshold(Number(e.currentTarget.value))}
                  />
                  <button type="submit" disabled={action.busy || !newOwner.trim()}>
                    Propose adding
                  </button>
                  <button
                    type="button"
                    disabled={action.busy || t === data.threshold}
                    onClick={async () => {
                      const made = await action.run('safe/change-threshold', { threshold: t });
                      if (made) setProposal(made);
                    }}
                  >
                    Propose threshold {t}
                  </button>
                </form>
              </>
            );
          }}
        </QueryView>
        <ActionStatus action={action} working="Building the Safe proposal…" />
        {proposal && <ProposalCreated proposal={proposal} />}
      </section>
    </PendingDecisionsProvider>
  );
}
