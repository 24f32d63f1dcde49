import { useId, useState } from 'react';
import type { DisputeView, ProposalView } from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, Hash } from '../components/address';
import { Badge } from '../components/badge';
import { DocumentCheckButton } from '../components/document-check';
import { PageHeader } from '../components/page-header';
import { PendingDecisionNote, PendingDecisionsProvider, tradeKey } from '../components/pending-decision';
import { ProposalCreated } from '../components/proposal-created';
import { onRowKeys } from '../components/row-keys';
import { Segmented } from '../components/segmented';
import { Empty, QueryView } from '../components/states';
import { TimeStamp } from '../components/time-stamp';
import { previewSplit } from '../format/split';
import {
  formatBps,
  formatEnergy,
  formatEnergyExact,
  formatPol,
  formatPolExact,
  formatPricePerKWh,
  paymentUnit,
} from '../format/units';

const REFRESH = ['market/updated', 'app/network-changed'] as const;
type Filter = 'open' | 'resolved';

export function DisputesPage() {
  const [filter, setFilter] = useState<Filter>('open');
  const [chosen, setChosen] = useState<string>();
  const disputes = useQuery('market/disputes', { status: filter, limit: 200 }, { refreshOn: [...REFRESH] });
  const summary = useQuery('market/summary', {}, { refreshOn: ['app/network-changed'] });
  const unit = paymentUnit(summary.data?.paymentToken);
  const current = disputes.data?.rows.find((d) => d.tradeId === chosen) ?? disputes.data?.rows[0];
  return (
    <PendingDecisionsProvider>
      <PageHeader
        title="Disputes"
        lead="Trades a buyer or seller contested; the owners decide how the escrow is split."
      >
        <Segmented
          label="Dispute status"
          options={[
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
          ]}
          value={filter}
          onChange={setFilter}
        />
      </PageHeader>
      <QueryView query={disputes} what="the disputes">
        {(page) =>
          page.rows.length === 0 ? (
            <Empty title={filter === 'open' ? 'No open disputes' : 'No resolved disputes yet'}>
              {filter === 'open' ? 'When a buyer or seller opens a dispute, it appears here.' : undefined}
            </Empty>
          ) : (
            <div className="split-layout">
              <nav aria-label="Disputes" className="list-pane">
                <ul className="pick-list" onKeyDown={onRowKeys}>
                  {page.rows.map((d) => (
                    <li key={d.tradeId} data-row>
                      <button
                        type="button"
                        aria-current={d.tradeId === current?.tradeId ? 'true' : undefined}
                        onClick={() => setChosen(d.tradeId)}
                      >
                        <strong>Trade #{d.tradeId}</strong>
                        <PendingDecisionNote subject={tradeKey(d.tradeId)} />
                        <span>
                          {formatEnergy(d.trade.energyWh)} · {formatPol(d.trade.paymentAmount, unit)}
                        </span>
                        <span className="muted">
                          <TimeStamp at={d.openedAt} absolute={false} />
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </nav>
              {current && <DisputeDetail key={current.tradeId} dispute={current} unit={unit} />}
            </div>
          )
        }
      </QueryView>
    </PendingDecisionsProvider>
  );
}

function DisputeDetail({ dispute, unit }: { dispute: DisputeView; unit: string }) {
  const { trade } = dispute;
  return (
    <article className="card detail" aria-labelledby={`dispute-${dispute.tradeId}`}>
      <h2 id={`dispute-${dispute.tradeId}`}>
        Trade #{dispute.tradeId}{' '}
        {dispute.status === 'open' ? <Badge tone="warn">disputed</Badge> : <Badge tone="ok">resolved</Badge>}
      </h2>
      <PendingDecisionNote subject={tradeKey(dispute.tradeId)} />
      <dl className="facts">
        <dt>Seller</dt>
        <dd>
          <Address address={trade.seller} />
        </dd>
        <dt>Buyer</dt>
        <dd>
          <Address address={trade.buyer} />
        </dd>
        <dt>Energy</dt>
        <dd>{formatEnergy(trade.energyWh)}</dd>
        <dt>Paid into escrow</dt>
        <dd>
          {formatPol(trade.paymentAmount, unit)}{' '}
          <span className="muted">at {formatPricePerKWh(trade.pricePerKWh, unit)}</span>
        </dd>
        <dt>Market fee</dt>
        <dd>{formatBps(trade.feeBps)} of what the seller receives</dd>
        <dt>Opened by</dt>
        <dd>
          <Address address={dispute.openedBy} mark={dispute.openedBy === trade.buyer ? 'buyer' : 'seller'} />{' '}
          <TimeStamp at={dispute.openedAt} />
        </dd>
        <dt>Bond</dt>
        <dd>{formatPol(dispute.bond, unit)} posted by the opener; it follows the seller's share</dd>
        <dt>Arbitration deadline</dt>
        <dd data-testid="arbitration-deadline">
          <TimeStamp at={dispute.arbitrationDeadline} />{' '}
          {dispute.status === 'open' && dispute.arbitrationClosed && <Badge tone="warn">passed</Badge>}
          <div className="muted">At the deadline: {dispute.defaultOutcome}</div>
        </dd>
      </dl>

      <h3>Evidence</h3>
      {dispute.evidenceHashes.length === 0 ? (
        <p className="muted">No evidence hash was submitted.</p>
      ) : (
        <ul className="evidence">
          {dispute.evidenceHashes.map((hash) => (
            <li key={hash}>
              <Hash hash={hash} label="evidence hash" />{' '}
              <DocumentCheckButton expectedHash={hash} what="evidence file" />
            </li>
          ))}
        </ul>
      )}

      <h3>Timeline</h3>
      <ol className="timeline">
        {dispute.timeline.map((entry) => (
          <li key={`${entry.txHash}-${entry.kind}`}>
            <strong>{TIMELINE_LABELS[entry.kind]}</strong> <TimeStamp at={entry.at} />
            {entry.by && (
              <>
                {' '}
                by <Address address={entry.by} />
              </>
            )}
            {entry.sellerShareBps !== null && <> · seller share {formatBps(entry.sellerShareBps)}</>}
          </li>
        ))}
      </ol>

      {dispute.status === 'open' && dispute.arbitrationClosed ? (
        <p role="status">
          The arbitration deadline has passed: the owners can no longer decide. The default outcome applies as
          soon as anyone triggers it.
        </p>
      ) : dispute.status === 'open' ? (
        <SplitControl dispute={dispute} unit={unit} />
      ) : (
        <p>
          {dispute.ending ? `${ENDING_LABELS[dispute.ending]}: ` : ''}the seller received{' '}
          <strong>{formatBps(dispute.sellerShareBps ?? 0)}</strong>: seller got{' '}
          {formatPol(trade.sellerProceeds ?? '0', unit)}, buyer got back{' '}
          {formatPol(trade.buyerRefund ?? '0', unit)}; bond {formatPol(dispute.bondToSeller ?? '0', unit)} to
          the seller, {formatPol(dispute.bondToBuyer ?? '0', unit)} to the buyer.
        </p>
      )}
    </article>
  );
}

const TIMELINE_LABELS: Record<DisputeView['timeline'][number]['kind'], string> = {
  TradeOpened: 'Trade opened',
  DisputeOpened: 'Dispute opened',
  DisputeEvidenceSubmitted: 'Evidence submitted',
  DisputeResolved: 'Dispute resolved',
  DisputeEnded: 'Dispute ended',
};

const ENDING_LABELS: Record<NonNullable<DisputeView['ending']>, string> = {
  decided: 'Decided by the owners',
  withdrawn: 'Withdrawn by its opener',
  defaulted: 'Ended by the default outcome after the deadline',
};

/** The seller's share, with exactly what each side gets (as the contract computes it) before proposing. */
function SplitControl({ dispute, unit }: { dispute: DisputeView; unit: string }) {
  const [bps, setBps] = useState(5000);
  const [proposal, setProposal] = useState<ProposalView>();
  const action = useAction();
  const sliderId = useId();
  const percentId = useId();
  const { trade } = dispute;
  const split = previewSplit({
    paymentAmount: trade.paymentAmount,
    energyWh: trade.energyWh,
    feeBps: trade.feeBps,
    sellerShareBps: bps,
    bond: dispute.bond,
  });
  return (
    <section className="split" aria-labelledby={`split-${dispute.tradeId}`}>
      <h3 id={`split-${dispute.tradeId}`}>Decide the split</h3>
      <div className="split-inputs">
        <label htmlFor={sliderId}>Seller's share</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={10_000}
          step={100}
          value={bps}
          aria-valuetext={`seller ${formatBps(bps)}, buyer ${formatBps(10_000 - bps)}`}
          onChange={(e) => setBps(Number(e.currentTarget.value))}
        />
        <label htmlFor={percentId} className="visually-hidden">
          Seller's share in percent
        </label>
        <input
          id={percentId}
          type="number"
          min={0}
          max={100}
          step={0.01}
          value={bps / 100}
          className="percent-input"
          onChange={(e) => {
            const value = Math.round(Number(e.currentTarget.value) * 100);
            if (Number.isFinite(value)) setBps(Math.max(0, Math.min(10_000, value)));
          }}
        />
        <span aria-hidden="true">%</span>
        <span className="presets">
          {[0, 3000, 5000, 7000, 10_000].map((preset) => (
            <button key={preset} type="button" aria-pressed={bps === preset} onClick={() => setBps(preset)}>
              {formatBps(preset)}
            </button>
          ))}
        </span>
      </div>
      <table className="table split-table">
        <caption>
          What happens at {formatBps(bps)} for the seller (exact, as the contract computes it)
        </caption>
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col" className="num">
              Money
            </th>
            <th scope="col" className="num">
              Energy
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Seller</th>
            <td className="num">{formatPolExact(split.sellerProceeds, unit)}</td>
            <td className="num">{formatEnergyExact(split.energyToSeller)} back</td>
          </tr>
          <tr>
            <th scope="row">Buyer</th>
            <td className="num">{formatPolExact(split.buyerRefund, unit)} refunded</td>
            <td className="num">{formatEnergyExact(split.energyToBuyer)} delivered</td>
          </tr>
          <tr>
            <th scope="row">Bond</th>
            <td className="num">
              seller {formatPolExact(split.bondToSeller, unit)}, buyer{' '}
              {formatPolExact(split.bondToBuyer, unit)}
            </td>
            <td className="num">—</td>
          </tr>
          <tr>
            <th scope="row">Consortium fee</th>
            <td className="num">{formatPolExact(split.fee, unit)}</td>
            <td className="num">—</td>
          </tr>
        </tbody>
      </table>
      <button
        type="button"
        className="primary"
        disabled={action.busy}
        onClick={async () => {
          const made = await action.run('dispute/resolve', { tradeId: dispute.tradeId, sellerShareBps: bps });
          if (made) setProposal(made);
        }}
      >
        Propose resolving at {formatBps(bps)} for the seller
      </button>
      <ActionStatus action={action} working="Building the Safe proposal…" />
      {proposal && <ProposalCreated proposal={proposal} />}
    </section>
  );
}
