import { useId, useState } from 'react';
import type { ProposalView, ProsumerStatus, ProsumerView } from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, AddressLabel, Hash } from '../components/address';
import { Badge, type Tone } from '../components/badge';
import { CopyButton } from '../components/copy-button';
import { PageHeader } from '../components/page-header';
import { PendingDecisionNote, PendingDecisionsProvider, prosumerKey } from '../components/pending-decision';
import { ProposalCreated } from '../components/proposal-created';
import { ProsumerDays } from '../components/prosumer-days';
import { onRowKeys } from '../components/row-keys';
import { Empty, QueryView } from '../components/states';
import { TimeStamp } from '../components/time-stamp';
import { formatCount, formatEnergy, formatPol, formatPricePerKWh, groupDigits } from '../format/units';
import { useHashParam } from '../navigation';

const REFRESH = ['market/updated', 'app/network-changed'] as const;
const STATUSES: ReadonlyArray<{ value: ProsumerStatus | ''; label: string }> = [
  { value: '', label: 'All' },
  { value: 'admitted', label: 'Admitted' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'pending', label: 'Applicants' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'removed', label: 'Removed' },
];
const TONE: Record<ProsumerStatus, Tone> = {
  admitted: 'ok',
  suspended: 'bad',
  pending: 'info',
  rejected: 'neutral',
  removed: 'neutral',
};

/** Every prosumer the market knows, searchable, and one at a time in detail (kept in the URL). */
export function ProsumersPage() {
  const [search, setSearch] = useHashParam('q');
  const [statusParam, setStatus] = useHashParam('status');
  const [selected, setSelected] = useHashParam('prosumer');
  const status = STATUSES.find((s) => s.value === statusParam)?.value ?? '';
  const list = useQuery(
    'market/prosumers',
    { limit: 200, ...(status ? { status } : {}), ...(search?.trim() ? { search: search.trim() } : {}) },
    { refreshOn: [...REFRESH] },
  );
  const ids = { search: useId(), status: useId() };
  return (
    <PendingDecisionsProvider>
      <PageHeader
        title="Prosumers"
        lead="Households and businesses in the market: their record, meters, offers and trades."
      />
      <form className="filters" aria-label="Prosumer filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.search}>Address or meter id starts with</label>
          <input
            id={ids.search}
            type="search"
            value={search ?? ''}
            placeholder="0x…"
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div className="split-view">
        <QueryView query={list} what="the prosumers">
          {(page) =>
            page.rows.length === 0 ? (
              <Empty title="No prosumer matches" />
            ) : (
              // biome-ignore lint/a11y/noStaticElementInteractions: j/k move between rows
              <div className="table-wrap" onKeyDown={onRowKeys}>
                <table
                  className="table"
                  aria-label={`Prosumers, ${formatCount(page.total ?? page.rows.length, 'match', 'matches')}`}
                >
                  <thead>
                    <tr>
                      <th scope="col">Prosumer</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Trades
                      </th>
                      <th scope="col" className="num">
                        Sold
                      </th>
                      <th scope="col" className="num">
                        Bought
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.rows.map((p) => (
                      <tr
                        key={p.address}
                        data-row
                        className={p.address === selected ? 'selected' : undefined}
                      >
                        <td>
                          <button
                            type="button"
                            className="link-button"
                            data-row-focus
                            aria-pressed={p.address === selected}
                            onClick={() => {
                              setSelected(p.address);
                              // The detail is beside (or, in a narrow window, below) the list: focus goes there.
                              requestAnimationFrame(() => document.getElementById('prosumer-title')?.focus());
                            }}
                          >
                            <AddressLabel address={p.address} />
                          </button>
                          <CopyButton value={p.address} label="address" inRow />
                        </td>
                        <td>
                          <Badge tone={TONE[p.status]}>{p.status}</Badge>
                        </td>
                        <td className="num">{groupDigits(BigInt(p.trades))}</td>
                        <td className="num">{formatEnergy(p.energySoldWh)}</td>
                        <td className="num">{formatEnergy(p.energyBoughtWh)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryView>
        {selected ? (
          <ProsumerDetail address={selected} rows={list.data?.rows ?? []} />
        ) : (
          <Empty title="Choose a prosumer">Its record, meter, offers and trades appear here.</Empty>
        )}
      </div>
    </PendingDecisionsProvider>
  );
}

function ProsumerDetail({ address, rows }: { address: string; rows: ProsumerView[] }) {
  const found = useQuery('market/prosumers', { search: address, limit: 1 }, { refreshOn: [...REFRESH] });
  const offers = useQuery(
    'market/offers',
    { seller: address, status: 'open', limit: 50 },
    { refreshOn: [...REFRESH] },
  );
  const action = useAction();
  const [proposal, setProposal] = useState<ProposalView>();
  const [reason, setReason] = useState('');
  const [removal, setRemoval] = useState('');
  const reasonId = useId();
  const removalId = useId();
  const p = found.data?.rows[0] ?? rows.find((r) => r.address === address);
  if (!p)
    return (
      <QueryView query={found} what="the prosumer">
        {() => <Empty title="No such prosumer" />}
      </QueryView>
    );
  return (
    <section className="card" aria-labelledby="prosumer-title">
      <h2 id="prosumer-title" tabIndex={-1}>
        Prosumer <Address address={p.address} />
      </h2>
      <PendingDecisionNote subject={prosumerKey(p.address)} />
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <Badge tone={TONE[p.status]}>{p.status}</Badge> <span className="muted">since</span>{' '}
          <TimeStamp at={p.updatedAt} />
          {p.reason && <p className="muted">Reason: {p.reason}</p>}
        </dd>
        <dt>Applied</dt>
        <dd>
          <TimeStamp at={p.appliedAt} /> · fee {formatPol(p.feeWei)} ·{' '}
          {formatCount(p.applications, 'application')}
        </dd>
        <dt>Meter</dt>
        <dd>
          <Hash hash={p.meterId} label="meter id" />
        </dd>
        <dt>Documents (hash)</dt>
        <dd>
          <Hash hash={p.kycHash} label="document hash" />
        </dd>
        <dt>Energy</dt>
        <dd>
          {formatEnergy(p.energyMintedWh)} metered · {formatEnergy(p.energySoldWh)} sold ·{' '}
          {formatEnergy(p.energyBoughtWh)} bought
        </dd>
        <dt>Trades</dt>
        <dd>
          {groupDigits(BigInt(p.trades))} ·{' '}
          <a href={`#/trades?prosumer=${p.address}`}>see them on the Trades page</a>
        </dd>
      </dl>
      <h3>Per day</h3>
      <ProsumerDays address={p.address} />
      <h3>Open offers</h3>
      <QueryView query={offers} what="the offers" compact>
        {(page) =>
          page.rows.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="plain-list">
              {page.rows.map((o) => (
                <li key={o.offerId}>
                  #{o.offerId}: {formatEnergy(o.energyWhRemaining)} of {formatEnergy(o.energyWh)} at{' '}
                  {formatPricePerKWh(o.pricePerKWh)}, until <TimeStamp at={o.expiresAt} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {(p.status === 'admitted' || p.status === 'suspended') && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const made =
              p.status === 'admitted'
                ? await action.run('prosumer/suspend', { prosumer: p.address, reason })
                : await action.run('prosumer/reinstate', { prosumer: p.address });
            if (made) {
              setProposal(made);
              setReason('');
            }
          }}
        >
          {p.status === 'admitted' && (
            <>
              <label htmlFor={reasonId}>Reason</label>
              <input id={reasonId} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            </>
          )}
          <button
            type="submit"
            className={p.status === 'admitted' ? 'danger' : undefined}
            disabled={action.busy || (p.status === 'admitted' && !reason.trim())}
          >
            {p.status === 'admitted' ? 'Propose suspending' : 'Propose reinstating'}
          </button>
        </form>
      )}
      {(p.status === 'admitted' || p.status === 'suspended') && (
        <form
          className="inline-form"
          aria-label="Remove the prosumer"
          onSubmit={async (e) => {
            e.preventDefault();
            const made = await action.run('prosumer/remove', { prosumer: p.address, reason: removal });
            if (made) {
              setProposal(made);
              setRemoval('');
            }
          }}
        >
          <label htmlFor={removalId}>Reason for removal</label>
          <input
            id={removalId}
            value={removal}
            aria-describedby={`${removalId}-hint`}
            onChange={(e) => setRemoval(e.currentTarget.value)}
          />
          <button type="submit" className="danger" disabled={action.busy || !removal.trim()}>
            Propose removing
          </button>
          <span id={`${removalId}-hint`} className="muted small">
            Removed, it can no longer trade and its meter id is released.
          </span>
        </form>
      )}
      <ActionStatus action={action} working="Proposing…" />
      {proposal && <ProposalCreated proposal={proposal} />}
    </section>
  );
}
