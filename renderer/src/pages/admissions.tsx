import { useId, useState } from 'react';
import type { ApplicationView, ProposalView } from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, Hash } from '../components/address';
import { Badge } from '../components/badge';
import { DocumentCheckButton } from '../components/document-check';
import { PageHeader } from '../components/page-header';
import { PendingDecisionNote, PendingDecisionsProvider, prosumerKey } from '../components/pending-decision';
import { ProposalCreated } from '../components/proposal-created';
import { onRowKeys } from '../components/row-keys';
import { Empty, QueryView } from '../components/states';
import { TimeStamp } from '../components/time-stamp';
import { formatCount, formatPol } from '../format/units';

const REFRESH = ['market/updated', 'app/network-changed'] as const;

export function AdmissionsPage() {
  return (
    <PendingDecisionsProvider>
      <PageHeader
        title="Admissions"
        lead="Applicants waiting for the consortium's decision, and the prosumers already admitted."
      />
      <Applications />
      <section className="card" aria-labelledby="prosumers-heading">
        <h2 id="prosumers-heading">Prosumers</h2>
        <p>
          The prosumers already admitted, suspended or removed, with their record and the proposals to
          suspend, reinstate or remove them, are on the{' '}
          <a href="#/prosumers?status=admitted">Prosumers page</a>.
        </p>
      </section>
    </PendingDecisionsProvider>
  );
}

function Applications() {
  const applications = useQuery('market/applications', { limit: 500 }, { refreshOn: [...REFRESH] });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [proposal, setProposal] = useState<ProposalView>();
  const action = useAction();
  const reasonId = useId();
  const rows = applications.data?.rows ?? [];
  // Each decision names the application shown here: a re-filed one makes the registry refuse it.
  const chosen = rows
    .filter((row) => selected.has(row.address))
    .map((row) => ({ prosumer: row.address, applicationHash: row.applicationHash }));

  const toggle = (address: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(address)) next.delete(address);
      else next.add(address);
      return next;
    });

  const admit = async () => {
    const made = await action.run(
      'prosumer/admit',
      { applications: chosen },
      (p) => `Proposal #${p.nonce} created.`,
    );
    if (made) {
      setProposal(made);
      setSelected(new Set());
    }
  };
  const reject = async () => {
    const made = await action.run(
      'safe/propose',
      {
        intents: chosen.map((application) => ({
          kind: 'reject' as const,
          ...application,
          reason: reason.trim(),
        })),
      },
      (p) => `Proposal #${p.nonce} created.`,
    );
    if (made) {
      setProposal(made);
      setSelected(new Set());
      setReason('');
    }
  };

  return (
    <section className="card" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">Waiting for a decision</h2>
      <QueryView query={applications} what="the applications">
        {(page) =>
          page.rows.length === 0 ? (
            <Empty title="No one is waiting">
              New applications appear here as soon as they are on chain.
            </Empty>
          ) : (
            <>
              <p className="muted">
                {formatCount(page.total ?? page.rows.length, 'applicant')} waiting. Select with <kbd>x</kbd>,
                all with <kbd>a</kbd>; move with <kbd>j</kbd>/<kbd>k</kbd>. Check each applicant's documents
                before you decide.
              </p>
              {/* biome-ignore lint/a11y/noStaticElementInteractions: keyboard shortcuts of the rows inside */}
              <div
                className="table-wrap"
                onKeyDown={(event) => {
                  onRowKeys(event);
                  if (
                    event.key === 'a' &&
                    !(event.target as HTMLElement).matches('input:not([type=checkbox])')
                  ) {
                    event.preventDefault();
                    setSelected(new Set(page.rows.map((r) => r.address)));
                  }
                  if (event.key === 'x' && (event.target as HTMLElement).matches('input[type=checkbox]')) {
                    event.preventDefault();
                    (event.target as HTMLInputElement).click();
                  }
                }}
              >
                <table className="table">
                  <caption className="visually-hidden">Applications waiting for admission</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <input
                          type="checkbox"
                          aria-label="Select all applicants"
                          checked={selected.size > 0 && selected.size === page.rows.length}
                          onChange={(e) =>
                            setSelected(
                              e.currentTarget.checked ? new Set(page.rows.map((r) => r.address)) : new Set(),
                            )
                          }
                        />
                      </th>
                      <th scope="col">Applicant, meter</th>
                      <th scope="col">KYC documents</th>
                      <th scope="col" className="num">
                        Fee paid
                      </th>
                      <th scope="col">Waiting since</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.rows.map((row) => (
                      <ApplicationRow
                        key={row.address}
                        row={row}
                        selected={selected.has(row.address)}
                        onToggle={() => toggle(row.address)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <fieldset className="decision-bar">
                <legend className="visually-hidden">Decision for the selected applicants</legend>
                <p>
                  <strong>{formatCount(chosen.length, 'applicant')}</strong> selected
                </p>
                <button
                  type="button"
                  className="primary"
                  disabled={chosen.length === 0 || action.busy}
                  onClick={admit}
                >
                  Propose admitting {chosen.length || ''}
                </button>
                <label htmlFor={reasonId}>Reason for rejecting</label>
                <input
                  id={reasonId}
                  value={reason}
                  maxLength={500}
                  placeholder="e.g. meter id does not match the documents"
                  onChange={(e) => setReason(e.currentTarget.value)}
                />
                <button
                  type="button"
                  className="danger"
                  disabled={chosen.length === 0 || reason.trim() === '' || action.busy}
                  onClick={reject}
                >
                  Propose rejecting {chosen.length || ''}
                </button>
              </fieldset>
            </>
          )
        }
      </QueryView>
      <ActionStatus action={action} working="Building the Safe proposal…" />
      {proposal && <ProposalCreated proposal={proposal} />}
    </section>
  );
}

function ApplicationRow({
  row,
  selected,
  onToggle,
}: {
  row: ApplicationView;
  selected: boolean;
  onToggle(): void;
}) {
  return (
    <tr data-row aria-selected={selected} className={selected ? 'selected' : undefined}>
      <td>
        <input
          type="checkbox"
          data-row-focus
          checked={selected}
          onChange={onToggle}
          aria-label={`Select applicant ${row.address}`}
        />
      </td>
      <td>
        <Address address={row.address} inRow />
        <PendingDecisionNote subject={prosumerKey(row.address)} />
        {row.previousRejections > 0 && (
          <Badge tone="warn">{`rejected ${row.previousRejections}× before`}</Badge>
        )}
        <div>
          <span className="muted small">meter </span>
          <MeterId id={row.meterId} />
        </div>
      </td>
      <td>
        <Hash hash={row.kycHash} label="KYC hash" inRow />
        <DocumentCheckButton expectedHash={row.kycHash} what="documents" />
        <div>
          <Hash hash={row.applicationHash} label="Application" inRow />
        </div>
      </td>
      <td className="num">{formatPol(row.feeWei)}</td>
      <td>
        {/* The date and time in full on hover: the row fits a 1024 px window. */}
        <TimeStamp at={row.appliedAt} absolute={false} />
      </td>
    </tr>
  );
}

/** Meter ids are bytes32 on chain: hex ones are shortened like hashes, readable ones shown as they are. */
function MeterId({ id }: { id: string }) {
  return /^0x[0-9a-fA-F]{64}$/.test(id) ? <Hash hash={id} label="meter id" /> : <code>{id}</code>;
}
