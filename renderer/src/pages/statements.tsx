import { useId, useState } from 'react';
import {
  type StatementLine,
  type StatementView,
  statementFileName,
} from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, Hash } from '../components/address';
import { PageHeader } from '../components/page-header';
import { RefetchedNote, RefetchProgress } from '../components/refetch-progress';
import { StatementCharts } from '../components/statement-charts';
import { Empty, QueryView } from '../components/states';
import { downloadText } from '../format/download';
import {
  daysWindow,
  describeWindow,
  monthWindow,
  utcDateTime,
  utcDay,
  utcMonth,
} from '../format/statement-window';
import {
  formatBps,
  formatCount,
  formatEnergy,
  formatEnergyExact,
  formatPol,
  formatPolExact,
  groupDigits,
  paymentUnit,
} from '../format/units';
import { useHashParam } from '../navigation';
import '../styles/statements.css';

/** Lines shown on the page; the CSV has every one. */
const LINES_SHOWN = 500;

/** An amount in payment units, with every digit and the base units at hand. */
function Money({ value, unit }: { value: string; unit: string }) {
  return (
    <span className="exact-value" title={formatPolExact(value, unit)}>
      <span>{formatPol(value, unit)}</span>
      <span className="muted small" data-exact={value}>
        {groupDigits(value)} base units
      </span>
    </span>
  );
}

function Energy({ value }: { value: string }) {
  return (
    <span className="exact-value" title={formatEnergyExact(value)}>
      <span>{formatEnergy(value)}</span>
      <span className="muted small" data-exact={value}>
        {formatEnergyExact(value)}
      </span>
    </span>
  );
}

interface TotalRow {
  label: string;
  count?: number;
  energyWh?: string;
  amount?: string;
  note?: string;
}

function totalRows(s: StatementView): TotalRow[] {
  const t = s.totals;
  const d = t.disputes;
  const one = s.prosumer !== null;
  return [
    { label: 'Energy minted (meter readings)', energyWh: t.energyMintedWh },
    ...(one
      ? [
          { label: 'Sold', count: t.sold.count, energyWh: t.sold.energyWh, amount: t.sold.payment },
          { label: 'Bought', count: t.bought.count, energyWh: t.bought.energyWh, amount: t.bought.payment },
        ]
      : [{ label: 'Trades', count: t.trades.count, energyWh: t.trades.energyWh, amount: t.trades.payment }]),
    {
      label: 'Trades settled',
      count: t.settled.count,
      note: 'by the buyer’s confirmation or after the dispute window',
    },
    {
      label: 'Settled: seller proceeds',
      amount: t.settled.sellerProceeds,
      note: one ? 'of its sales' : undefined,
    },
    { label: 'Settled: fees', amount: t.settled.fees },
    { label: 'Disputes opened: bonds posted', count: d.opened, amount: d.bondsPosted },
    {
      label: 'Disputes ended',
      count: d.ended.decided + d.ended.withdrawn + d.ended.defaulted,
      note: `${d.ended.decided} decided by the Safe, ${d.ended.withdrawn} withdrawn, ${d.ended.defaulted} by the default outcome`,
    },
    { label: 'Dispute splits: seller proceeds', amount: d.sellerProceeds },
    { label: 'Dispute splits: buyer refunds', amount: d.buyerRefunds },
    { label: 'Dispute splits: energy delivered to the buyer', energyWh: d.energyToBuyerWh },
    { label: 'Dispute splits: energy back to the seller', energyWh: d.energyToSellerWh },
    { label: 'Dispute splits: fees', amount: d.fees },
    { label: 'Bonds to the seller', amount: d.bondsToSeller },
    { label: 'Bonds to the buyer', amount: d.bondsToBuyer },
    { label: 'Seller proceeds (all)', amount: t.sellerProceeds },
    { label: 'Buyer refunds (all)', amount: t.buyerRefunds },
    { label: 'Fees (all)', amount: t.fees },
    { label: 'Withdrawals', count: t.withdrawals.count, amount: t.withdrawals.amount },
  ];
}

const KIND_LABEL: Record<StatementLine['kind'], string> = {
  EnergyMinted: 'Energy minted',
  TradeOpened: 'Trade opened',
  TradeSettled: 'Trade settled',
  DisputeOpened: 'Dispute opened',
  DisputeResolved: 'Dispute split',
  DisputeEnded: 'Dispute ended',
  Withdrawn: 'Withdrawn',
};

/** What a line says, in words, with its amounts. */
function lineFacts(l: StatementLine, unit: string): string {
  const parts: string[] = [];
  if (l.energyWh) parts.push(formatEnergy(l.energyWh));
  if (l.payment) parts.push(`paid ${formatPol(l.payment, unit)}`);
  if (l.sellerProceeds) parts.push(`seller ${formatPol(l.sellerProceeds, unit)}`);
  if (l.buyerRefund) parts.push(`refund ${formatPol(l.buyerRefund, unit)}`);
  if (l.fee) parts.push(`fee ${formatPol(l.fee, unit)}`);
  if (l.bond) parts.push(`bond ${formatPol(l.bond, unit)}`);
  if (l.sellerShareBps !== null) parts.push(`seller share ${formatBps(l.sellerShareBps)}`);
  if (l.energyToBuyerWh) parts.push(`${formatEnergy(l.energyToBuyerWh)} to buyer`);
  if (l.ending) parts.push(l.ending);
  if (l.bondToSeller && l.bondToSeller !== '0')
    parts.push(`bond to seller ${formatPol(l.bondToSeller, unit)}`);
  if (l.bondToBuyer && l.bondToBuyer !== '0') parts.push(`bond to buyer ${formatPol(l.bondToBuyer, unit)}`);
  if (l.confirmedByBuyer !== null) parts.push(l.confirmedByBuyer ? 'confirmed by buyer' : 'after the window');
  if (l.amount) parts.push(formatPol(l.amount, unit));
  return parts.join(' · ');
}

/** The window the URL names: a month, a range of days, or (neither) core's default, the last full month. */
function useStatementWindow() {
  const [month, setMonth] = useHashParam('month');
  const [first, setFirst] = useHashParam('from');
  const [last, setLast] = useHashParam('to');
  const days = first && last ? daysWindow(first, last) : null;
  const picked = days ?? (month ? monthWindow(month) : null);
  return {
    month,
    first,
    last,
    window: picked,
    /** A range asked for but not valid (a last day before the first, half a range). */
    invalid: Boolean((first || last) && !days),
    pickMonth(next: string) {
      setFirst(null);
      setLast(null);
      setMonth(next);
    },
    pickDays(nextFirst: string | null, nextLast: string | null) {
      setMonth(null);
      setFirst(nextFirst);
      setLast(nextLast);
    },
  };
}

export function StatementsPage() {
  const [prosumerParam, setProsumer] = useHashParam('prosumer');
  const prosumer = prosumerParam ?? '';
  const range = useStatementWindow();
  // The statement whose re-fetch of pruned history was cancelled: asked for without it until retried.
  const [noRefetch, setNoRefetch] = useState<string | null>(null);
  const shownKey = JSON.stringify([prosumer, range.window]);
  const refetch = noRefetch === shownKey ? { refetch: false } : {};
  const input = {
    ...(prosumer ? { prosumer } : {}),
    ...(range.window ?? {}),
    ...refetch,
    limit: LINES_SHOWN,
  };
  const statement = useQuery('market/statement', input, {
    enabled: !range.invalid,
    refreshOn: ['market/updated', 'app/network-changed'],
  });
  const prosumers = useQuery('market/prosumers', { limit: 1000 }, { refreshOn: ['app/network-changed'] });
  const csv = useAction();
  const pdf = useAction();
  // Electron's main saves the printed page as a PDF; the browser preview prints with its own dialog.
  const savePdf = window.gridkeeper?.savePdf;
  const ids = { prosumer: useId(), month: useId(), first: useId(), last: useId() };
  const shown = statement.data;
  const unit = paymentUnit(shown?.paymentToken);

  return (
    <div className="statement-page">
      <PageHeader
        title="Statements"
        lead="What happened in the market, or to one prosumer, over a month or any days (UTC, on the chain's clock): each line with the transaction that proves it."
      >
        <button
          type="button"
          disabled={csv.busy || !shown}
          onClick={async () => {
            if (!shown) return;
            const file = await csv.run(
              'market/statement-csv',
              { ...(prosumer ? { prosumer } : {}), from: shown.from, to: shown.to, ...refetch },
              (f) => `Saved ${formatCount(f.rows, 'line')} and the totals to ${f.fileName}.`,
            );
            if (file) downloadText(file.fileName, file.content, 'text/csv');
          }}
        >
          Download CSV
        </button>
        {savePdf && (
          <button
            type="button"
            disabled={pdf.busy || !shown}
            onClick={() => {
              if (!shown) return;
              void pdf.perform(
                () => savePdf({ fileName: statementFileName(shown, 'pdf') }),
                (r) => (r.saved ? `Saved the statement as ${r.path}.` : 'Not saved: the save was cancelled.'),
              );
            }}
          >
            Save as PDF…
          </button>
        )}
        <button type="button" disabled={!shown} onClick={() => window.print()}>
          Print…
        </button>
      </PageHeader>
      <ActionStatus action={csv} working="Preparing the CSV…" />
      <ActionStatus action={pdf} working="Printing the statement to a PDF…" />
      <form
        className="filters statement-controls"
        aria-label="Statement"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={ids.prosumer}>For</label>
          <select id={ids.prosumer} value={prosumer} onChange={(e) => setProsumer(e.currentTarget.value)}>
            <option value="">The whole market</option>
            {prosumer && !prosumers.data?.rows.some((p) => p.address === prosumer) && (
              <option value={prosumer}>{prosumer}</option>
            )}
            {prosumers.data?.rows.map((p) => (
              <option key={p.address} value={p.address}>
                {p.address} ({p.status})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.month}>Month (UTC)</label>
          <input
            id={ids.month}
            type="month"
            value={range.month ?? (shown && !range.first ? utcMonth(shown.from) : '')}
            onChange={(e) => range.pickMonth(e.currentTarget.value)}
          />
        </div>
        {shown && (
          <div className="field">
            <button type="button" onClick={() => range.pickMonth(utcMonth(shown.chainTime))}>
              This month so far
            </button>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.first}>Or from day (UTC)</label>
          <input
            id={ids.first}
            type="date"
            value={range.first ?? ''}
            onChange={(e) => range.pickDays(e.currentTarget.value, range.last ?? e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.last}>To day, included (UTC)</label>
          <input
            id={ids.last}
            type="date"
            value={range.last ?? ''}
            aria-invalid={range.invalid}
            aria-describedby={range.invalid ? `${ids.last}-error` : undefined}
            onChange={(e) => range.pickDays(range.first ?? e.currentTarget.value, e.currentTarget.value)}
          />
          {range.invalid && (
            <span id={`${ids.last}-error`} className="field-error">
              Pick a first and a last day, the last not before the first.
            </span>
          )}
        </div>
      </form>
      {!range.invalid && <RefetchProgress onCancel={() => setNoRefetch(shownKey)} />}
      {!range.invalid && (
        <QueryView query={statement} what="the statement">
          {(s) => (
            <>
              <RefetchedNote statement={s} onRefetch={() => setNoRefetch(null)} />
              <Statement statement={s} unit={unit} />
            </>
          )}
        </QueryView>
      )}
    </div>
  );
}

function Statement({ statement: s, unit }: { statement: StatementView; unit: string }) {
  return (
    <>
      <section className="card statement-head" aria-labelledby="statement-title">
        <h2 id="statement-title">
          {s.prosumer ? 'Prosumer statement' : 'Market statement'} · {describeWindow(s.from, s.to)}
        </h2>
        <dl className="facts">
          <dt>For</dt>
          <dd>
            {s.prosumer ? (
              <>
                <Address address={s.prosumer} /> <code aria-hidden="true">{s.prosumer}</code>
              </>
            ) : (
              'The whole market'
            )}
          </dd>
          <dt>Window</dt>
          <dd>
            {utcDateTime(s.from)} up to {utcDateTime(s.to)} (excluded)
          </dd>
          <dt>Chain clock</dt>
          <dd>
            {utcDateTime(s.chainTime)}, lines up to block {s.finalizedBlock} are final
            {s.to > s.chainTime ? ' · the window is not over yet' : ''}
          </dd>
          <dt>Payment in</dt>
          <dd>{unit}</dd>
        </dl>
        {!s.coverage.complete && (
          <p className="banner banner-warn" role="status">
            Incomplete: the retention window removed events of this window. The kept daily totals count{' '}
            {s.coverage.dailyTrades} trades on its {s.coverage.days} whole days, the stored events{' '}
            {s.coverage.eventTrades}.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="totals-title">
        <h2 id="totals-title">Totals</h2>
        <div className="table-wrap">
          <table className="table statement-totals">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="num">
                  Energy
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {totalRows(s).map((row) => (
                <tr key={row.label} data-total={row.label}>
                  <th scope="row">
                    {row.label}
                    {row.note && <span className="muted small statement-note">{row.note}</span>}
                  </th>
                  <td className="num">{row.count === undefined ? '' : groupDigits(BigInt(row.count))}</td>
                  <td className="num">{row.energyWh === undefined ? '' : <Energy value={row.energyWh} />}</td>
                  <td className="num">
                    {row.amount === undefined ? '' : <Money value={row.amount} unit={unit} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <StatementCharts statement={s} unit={unit} />
      <section className="card" aria-labelledby="lines-title">
        <h2 id="lines-title">
          Proof: {formatCount(s.linesTotal, 'chain event')}
          {s.lines.length < s.linesTotal ? ` (the first ${s.lines.length} here, all in the CSV)` : ''}
        </h2>
        {s.lines.length === 0 ? (
          <Empty title="Nothing happened in this window">Pick another month or range of days.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table statement-lines">
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Event</th>
                  <th scope="col">Trade</th>
                  <th scope="col">What</th>
                  <th scope="col">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {s.lines.map((l) => (
                  <tr key={`${l.blockNumber}:${l.logIndex}`}>
                    <td>
                      {utcDay(l.at)} {utcDateTime(l.at).slice(11, 19)}
                    </td>
                    <td>
                      {KIND_LABEL[l.kind]}
                      {!l.final && <span className="muted small"> (not final)</span>}
                      {l.refetched && <span className="muted small"> (re-fetched from the chain)</span>}
                    </td>
                    <td>{l.tradeId ? `#${l.tradeId}` : ''}</td>
                    <td>{lineFacts(l, unit)}</td>
                    <td>
                      <Hash hash={l.txHash} label="transaction hash" inRow />
                      <span className="muted small"> block {l.blockNumber}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
