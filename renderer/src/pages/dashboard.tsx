import { useState } from 'react';
import type { IndexerProgress, MarketSummaryView } from '../../../electron/core/api/contract';
import { useEvent, useQuery } from '../api/hooks';
import { AttentionPanel } from '../components/attention';
import { MarketByDay } from '../components/market-by-day';
import { MetricChart } from '../components/metric-chart';
import { PageHeader } from '../components/page-header';
import { ProgressBar } from '../components/progress-bar';
import { Segmented } from '../components/segmented';
import { QueryView } from '../components/states';
import { RANGES, rangeOf } from '../format/ranges';
import { formatDuration } from '../format/time';
import {
  formatBps,
  formatCount,
  formatEnergy,
  formatPol,
  formatPricePerKWh,
  groupDigits,
  paymentUnit,
} from '../format/units';
import { useHashParam } from '../navigation';

const REFRESH = ['market/updated', 'app/network-changed'] as const;

export function DashboardPage() {
  const [rangeParam, setRangeParam] = useHashParam('range');
  const range = rangeOf(rangeParam);
  const summary = useQuery('market/summary', {}, { refreshOn: [...REFRESH] });
  const unit = paymentUnit(summary.data?.paymentToken);
  return (
    <>
      <PageHeader title="Dashboard" lead="The market as the indexer has stored it, live.">
        <Segmented label="Time range" options={RANGES} value={range} onChange={setRangeParam} />
      </PageHeader>
      <AttentionPanel />
      <IndexerPanel />
      <QueryView query={summary} what="the market summary">
        {(data) => <Headline summary={data} unit={unit} />}
      </QueryView>
      <div className="chart-grid">
        <MetricChart metric="energyWh" title="Energy traded" range={range} unit={unit} kind="bar" />
        <MetricChart
          metric="vwapPerKWh"
          title="Price per kWh (volume-weighted)"
          range={range}
          unit={unit}
          kind="line"
        />
        <MetricChart metric="trades" title="Trades" range={range} unit={unit} kind="bar" />
        <MetricChart metric="escrowLocked" title="Escrow locked" range={range} unit={unit} kind="area" />
        <MetricChart metric="openDisputes" title="Open disputes" range={range} unit={unit} kind="step" />
      </div>
      <MarketByDay unit={unit} />
    </>
  );
}

function Headline({ summary, unit }: { summary: MarketSummaryView; unit: string }) {
  const figures: Array<{ label: string; value: string; note?: string; href?: string }> = [
    {
      label: 'Energy traded, 24 h',
      value: formatEnergy(summary.last24h.energyWh),
      note: `${formatEnergy(summary.allTime.energyWh)} all time`,
    },
    {
      label: 'Price, 24 h',
      value: formatPricePerKWh(summary.last24h.vwapPerKWh, unit),
      note: 'volume-weighted',
    },
    {
      label: 'Trades, 24 h',
      value: groupDigits(BigInt(summary.last24h.trades)),
      note: `${formatPol(summary.last24h.valueWei, unit)} paid`,
    },
    {
      label: 'Escrow locked',
      value: formatPol(summary.escrowLocked, unit),
      note: formatCount(summary.openTrades, 'open trade'),
    },
    {
      label: 'Open disputes',
      value: groupDigits(BigInt(summary.openDisputes)),
      note: summary.openDisputes ? 'waiting for the owners' : 'none waiting',
      href: '#/disputes',
    },
    {
      label: 'Waiting for admission',
      value: groupDigits(BigInt(summary.prosumers.pending)),
      note: `${formatCount(summary.prosumers.admitted, 'prosumer')} admitted`,
      href: '#/admissions',
    },
  ];
  return (
    <>
      {summary.paused && (
        <p className="banner banner-bad" role="alert">
          The market is paused: no offers, purchases or settlements until the owners unpause it.
        </p>
      )}
      <dl className="headline">
        {figures.map((f) => (
          <div key={f.label} className="figure">
            <dt>{f.href ? <a href={f.href}>{f.label}</a> : f.label}</dt>
            <dd>
              <FigureValue text={f.value} />
              {f.note && <span className="figure-note">{f.note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted market-params">
        Fee {summary.feeBps === null ? '—' : formatBps(summary.feeBps)} · dispute window{' '}
        {summary.disputeWindowSeconds === null ? '—' : formatDuration(summary.disputeWindowSeconds)} ·
        registration fee {summary.registrationFeeWei === null ? '—' : formatPol(summary.registrationFeeWei)} ·{' '}
        {formatCount(summary.openOffers, 'open offer')}
      </p>
    </>
  );
}

/** How far behind the chain the data is, and the backfill's progress while it catches up. */
function IndexerPanel() {
  const status = useQuery('indexer/status', {}, { refreshOn: [...REFRESH] });
  const [progress, setProgress] = useState<IndexerProgress>();
  useEvent('indexer/progress', setProgress);
  if (status.error && !status.data)
    return (
      <QueryView query={status} what="the indexer's status">
        {() => null}
      </QueryView>
    );
  const s = status.data;
  if (!s) return null;
  const backfilling = s.phase === 'backfill' || progress?.phase === 'backfill';
  const done = progress?.done ?? s.backfill.doneBlocks;
  const total = progress?.total ?? s.backfill.totalBlocks;
  const eta = progress?.etaSeconds ?? s.backfill.etaSeconds;
  return (
    <section className="indexer-panel" aria-label="Indexer">
      {backfilling ? (
        <ProgressBar
          label={`Catching up with the chain: block ${groupDigits(BigInt(progress?.indexedBlock ?? s.indexedBlock))} of ${groupDigits(BigInt(progress?.headBlock ?? s.headBlock ?? 0))}`}
          done={done}
          total={total}
          detail={`${total ? Math.floor((done / total) * 100) : 0} %${eta !== null ? ` · about ${formatDuration(eta)} left` : ''}`}
        />
      ) : (
        <p>
          <span className="muted">Indexed to block</span>{' '}
          <strong>{groupDigits(BigInt(s.indexedBlock))}</strong>
          {s.headBlock !== null && (
            <>
              {' '}
              <span className="muted">of</span> {groupDigits(BigInt(s.headBlock))}
            </>
          )}{' '}
          · <span className="muted">final to</span> {groupDigits(BigInt(s.finalizedBlock))} ·{' '}
          <span className="muted">heads by</span> {s.headSource}
        </p>
      )}
      {s.lastError && (
        <p className="banner banner-warn" role="alert">
          The indexer reported: {s.lastError}. It retries by itself; check the RPC URLs in Settings if this
          stays.
        </p>
      )}
    </section>
  );
}

/** "116 kWh" as a big number and a smaller unit, so long units do not wrap the figure. */
function FigureValue({ text }: { text: string }) {
  const cut = text.indexOf(' ');
  if (cut === -1) return <span className="figure-value">{text}</span>;
  return (
    <span className="figure-value">
      {text.slice(0, cut)} <span className="figure-unit">{text.slice(cut + 1)}</span>
    </span>
  );
}
