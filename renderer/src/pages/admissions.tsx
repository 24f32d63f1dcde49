import { useId, useState } from 'react';
import type {
  ApplicationView,
  ProposalView,
  ProsumerStatus,
  ProsumerView,
} from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, Hash } from '../components/address';
import { Badge } from '../components/badge';
import { Dialog } from '../components/dialog';
import { DocumentCheckButton } from '../components/document-check';
import { PageHeader } from '../components/page-header';
import { PendingDecisionNote, PendingDecisionsProvider, prosumerKey } from '../components/pending-decision';
import { ProposalCreated } from '../components/proposal-created';
import { onRowKeys } from '../components/row-keys';
import { Segmented } from '../components/segmented';
import { Empty, QueryView } from '../components/states';
import { TimeStamp } from '../components/time-stamp';
import { shortAddress } from '../format/address';
import { formatCount, formatEnergy, formatPol } from '../format/units';

const REFRESH = ['market/updated', 'app/network-changed'] as const;

export function AdmissionsPage() {
  return (
    <PendingDecisionsProvider>
      <PageHeader
        title="Admissions"
        lead="Applicants waiting for the consortium's decision, and the prosumers already admitted."
      />
      <Applications />
      <Prosumers />
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
                      <th scope="col">Applicant</th>
                      <th scope="col">Meter</th>
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
        <Address address={row.address} />
        <PendingDecisionNote subject={prosumerKey(row.address)} />
        {row.previousRejections > 0 && (
          <Badge tone="warn">{`rejected ${row.previousRejections}× before`}</Badge>
        )}
      </td>
      <td>
        <MeterId id={row.meterId} />
      </td>
      <td>
        <Hash hash={row.kycHash} label="KYC hash" />
        <DocumentCheckButton expectedHash={row.kycHash} what="documents" />
        <div>
          <Hash hash={row.applicationHash} label="Application" />
        </div>
      </td>
      <td className="num">{formatPol(row.feeWei)}</td>
      <td>
        <TimeStamp at={row.appliedAt} />
      </td>
    </tr>
  );
}

const PROSUMER_TABS: ReadonlyArray<{ value: Exclude<ProsumerStatus, 'pending'>; label: string }> = [
  { value: 'admitted', label: 'Admitted' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'removed', label: 'Removed' },
];

function Prosumers() {
  const [status, setStatus] = useState<Exclude<ProsumerStatus, 'pending'>>('admitted');
  const [search, setSearch] = useState('');
  const prosumers = useQuery(
    'market/prosumers',
    { status, limit: 200, ...(search.trim() ? { search: search.trim() } : {}) },
    { refreshOn: [...REFRESH] },
  );
  const action = useAction();
  const [proposal, setProposal] = useState<ProposalView>();
  const searchId = useId();
  return (
    <section className="card" aria-labelledby="prosumers-heading">
      <div className="card-head">
        <h2 id="prosumers-heading">Prosumers</h2>
        <Segmented label="Prosumer status" options={PROSUMER_TABS} value={status} onChange={setStatus} />
        <label htmlFor={searchId} className="inline-label">
          Find
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="address or meter id"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
      </div>
      <QueryView query={prosumers} what="the prosumers">
        {(page) =>
          page.rows.length === 0 ? (
            <Empty title={`No ${status} prosumers`}>
              {search ? 'Nothing matches the search.' : undefined}
            </Empty>
          ) : (
            // biome-ignore lint/a11y/noStaticElementInteractions: row navigation keys
            <div className="table-wrap" onKeyDown={onRowKeys}>
              <table className="table">
                <caption className="visually-hidden">{`${status} prosumers`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Prosumer</th>
                    <th scope="col">Meter</th>
                    <th scope="col" className="num">
                      Trades
                    </th>
                    <th scope="col" className="num">
                      Sold
                    </th>
                    <th scope="col" className="num">
                      Bought
                    </th>
                    <th scope="col">Since</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((row) => (
                    <ProsumerRow
                      key={row.address}
                      row={row}
                      busy={action.busy}
                      onSuspend={async (reason) => {
                        const made = await action.run('prosumer/suspend', { prosumer: row.address, reason });
                        if (made) setProposal(made);
                      }}
                      onReinstate={async () => {
                        const made = await action.run('prosumer/reinstate', { prosumer: row.address });
                        if (made) setProposal(made);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <ActionStatus action={action} working="Building the Safe proposal…" />
      {proposal && <ProposalCreated proposal={proposal} />}
    </section>
  );
}

function ProsumerRow({
  row,
  busy,
  onSuspend,
  onReinstate,
}: {
  row: ProsumerView;
  busy: boolean;
  onSuspend(reason: string): void;
  onReinstate(): void;
}) {
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  return (
    <tr data-row>
      <td>
        <Address address={row.address} />
        <PendingDecisionNote subject={prosumerKey(row.address)} />
        {row.reason && <p className="muted small">“{row.reason}”</p>}
      </td>
      <td>
        <MeterId id={row.meterId} />
      </td>
      <td className="num">{row.trades}</td>
      <td className="num">{formatEnergy(row.energySoldWh)}</td>
      <td className="num">{formatEnergy(row.energyBoughtWh)}</td>
      <td>
        <TimeStamp at={row.updatedAt} absolute={false} />
      </td>
      <td>
        {row.status === 'admitted' && (
          <>
            <button type="button" data-row-focus disabled={busy} onClick={() => setAsking(true)}>
              Suspend…
            </button>
            {asking && (
              <Dialog open title={`Suspend ${shortAddress(row.address)}`} onClose={() => setAsking(false)}>
                <form
                  className="form-grid"
                  onSubmit={(e) => {
                    e.preventDefault();
                    setAsking(false);
                    onSuspend(reason.trim());
                  }}
                >
                  <label htmlFor={`suspend-${row.address}`}>Reason (recorded on chain)</label>
                  <input
                    id={`suspend-${row.address}`}
                    value={reason}
                    maxLength={500}
                    onChange={(e) => setReason(e.currentTarget.value)}
                  />
                  <div className="span-2 actions">
                    <button type="submit" className="danger" disabled={!reason.trim()}>
                      Propose suspending
                    </button>
                    <button type="button" onClick={() => setAsking(false)}>
                      Cancel
                    </button>
                  </div>
                </form>
              </Dialog>
            )}
          </>
        )}
        {row.status === 'suspended' && (
          <button type="button" data-row-focus disabled={busy} onClick={onReinstate}>
            Propose reinstating
          </button>
        )}
      </td>
    </tr>
  );
}

/** Meter ids are bytes32 on chain: hex ones are shortened like hashes, readable ones shown as they are. */
function MeterId({ id }: { id: string }) {
  return /^0x[0-9a-fA-F]{64}$/.test(id) ? <Hash hash={id} label="meter id" /> : <code>{id}</code>;
}
