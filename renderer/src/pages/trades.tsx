import { useVirtualizer } from '@tanstack/react-virtual';
import { isAddress } from 'ethers/address';
import { useId, useRef } from 'react';
import type { TradeStatus, TradeView } from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { Badge, type Tone } from '../components/badge';
import { ErrorPanel } from '../components/error-panel';
import { PageHeader } from '../components/page-header';
import { ScrollRegion } from '../components/scroll-region';
import { Empty, Loading } from '../components/states';
import { downloadText } from '../format/download';
import { formatDateTime } from '../format/time';
import { formatCount, formatEnergy, formatPol, formatPricePerKWh, paymentUnit } from '../format/units';
import { useHashParam } from '../navigation';
import { type TradeFilter, useTradePages } from './trade-pages';

const STATUSES: TradeStatus[] = ['open', 'disputed', 'settled', 'resolved'];
const STATUS_TONE: Record<TradeStatus, Tone> = {
  open: 'info',
  disputed: 'warn',
  settled: 'ok',
  resolved: 'neutral',
};
const SORTS = [
  { value: 'tradeId', label: 'Trade number' },
  { value: 'openedAt', label: 'Time' },
  { value: 'energyWh', label: 'Energy' },
  { value: 'paymentAmount', label: 'Amount paid' },
  { value: 'pricePerKWh', label: 'Price' },
] as const;
const ROW_HEIGHT = 48;

function toUnix(local: string): number | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

export function TradesPage() {
  // The filters live in the URL, so a reload (or a link) keeps them.
  const [prosumerParam, setProsumer] = useHashParam('prosumer');
  const [statusParam, setStatusParam] = useHashParam('status');
  const [fromParam, setFrom] = useHashParam('from');
  const [toParam, setTo] = useHashParam('to');
  const [sortParam, setSortBy] = useHashParam('sort');
  const [dirParam, setSortDir] = useHashParam('dir');
  const prosumer = prosumerParam ?? '';
  const statuses = STATUSES.filter((s) => (statusParam ?? '').split(',').includes(s));
  const setStatuses = (next: TradeStatus[]) => setStatusParam(next.join(','));
  const from = fromParam ?? '';
  const to = toParam ?? '';
  const sortBy = SORTS.find((s) => s.value === sortParam)?.value ?? 'tradeId';
  const sortDir = dirParam === 'asc' ? 'asc' : 'desc';
  const prosumerValid = prosumer.trim() === '' || isAddress(prosumer.trim());
  const filter: TradeFilter = {
    sortBy,
    sortDir,
    ...(prosumer.trim() && prosumerValid ? { prosumer: prosumer.trim() } : {}),
    ...(statuses.length ? { status: statuses } : {}),
    ...(toUnix(from) !== undefined ? { from: toUnix(from) } : {}),
    ...(toUnix(to) !== undefined ? { to: toUnix(to) } : {}),
  };
  const summary = useQuery('market/summary', {}, { refreshOn: ['app/network-changed'] });
  const unit = paymentUnit(summary.data?.paymentToken);
  const csv = useAction();
  const ids = { prosumer: useId(), from: useId(), to: useId(), sort: useId() };

  return (
    <>
      <PageHeader title="Trades" lead="Every trade the indexer has stored. Filter, sort, export.">
        <button
          type="button"
          disabled={csv.busy}
          onClick={async () => {
            const file = await csv.run(
              'market/trades-csv',
              filter,
              (f) => `Exported ${formatCount(f.rows, 'trade')} to ${f.fileName}.`,
            );
            if (file) downloadText(file.fileName, file.content, 'text/csv');
          }}
        >
          Export CSV
        </button>
      </PageHeader>
      <ActionStatus action={csv} working="Preparing the CSV…" />
      <form className="filters" aria-label="Trade filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.prosumer}>Prosumer (seller or buyer)</label>
          <input
            id={ids.prosumer}
            value={prosumer}
            placeholder="0x…"
            aria-invalid={!prosumerValid}
            aria-describedby={prosumerValid ? undefined : `${ids.prosumer}-error`}
            onChange={(e) => setProsumer(e.currentTarget.value)}
          />
          {!prosumerValid && (
            <span id={`${ids.prosumer}-error`} className="field-error">
              Not an address: paste the full 0x… address.
            </span>
          )}
        </div>
        <fieldset className="field">
          <legend>Status</legend>
          <span className="checks">
            {STATUSES.map((status) => (
              <label key={status}>
                <input
                  type="checkbox"
                  checked={statuses.includes(status)}
                  onChange={(e) =>
                    setStatuses(
                      e.currentTarget.checked ? [...statuses, status] : statuses.filter((s) => s !== status),
                    )
                  }
                />{' '}
                {status}
              </label>
            ))}
          </span>
        </fieldset>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input
            id={ids.from}
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input
            id={ids.to}
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.sort}>Sort by</label>
          <span className="inline-form">
            <select id={ids.sort} value={sortBy} onChange={(e) => setSortBy(e.currentTarget.value)}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => setSortDir(sortDir === 'asc' ? 'desc' : 'asc')}>
              {sortDir === 'desc' ? '↓ Descending' : '↑ Ascending'}
            </button>
          </span>
        </div>
      </form>
      <TradeTable filter={filter} unit={unit} />
    </>
  );
}

/**
 * At 1024 px the row's key columns fit without sideways scroll: energy over the amount paid, the
 * date over the time, the price per kWh on their hover (a column of its own from 1280 px: its width
 * is in app.css, `col-price`).
 */
const COLUMNS = [
  { label: 'Trade', width: '4rem' },
  { label: 'Status', width: '6.75rem' },
  { label: 'Seller', width: undefined },
  { label: 'Buyer', width: undefined },
  { label: 'Energy, paid', width: '6.75rem', className: 'num' },
  { label: 'Price', width: undefined, className: 'col-price num wide-only' },
  { label: 'Opened', width: '6rem' },
] as const;

/**
 * A real <table> (so screen readers get rows and columns) with only the visible rows rendered:
 * spacer rows above and below stand for the rest, so 100,000 trades scroll like 40.
 */
function TradeTable({ filter, unit }: { filter: TradeFilter; unit: string }) {
  const trades = useTradePages(filter);
  const scroller = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: trades.total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  if (trades.total === undefined && trades.error)
    return <ErrorPanel error={trades.error} title="Could not load the trades" />;
  if (trades.total === undefined) return <Loading what="the trades" />;
  if (trades.total === 0)
    return <Empty title="No trades match">Change the filters, or wait for the market to trade.</Empty>;
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <>
      {trades.error && <ErrorPanel error={trades.error} title="Could not load more trades" />}
      <p className="muted" aria-live="polite">
        {formatCount(trades.total, 'trade')}
      </p>
      <ScrollRegion ref={scroller} className="vtable" label="Trades, scroll with the arrow keys">
        <table className="table vtable-table" aria-rowcount={trades.total + 1}>
          <colgroup>
            {COLUMNS.map((c) => (
              <col
                key={c.label}
                style={c.width ? { width: c.width } : undefined}
                className={'className' in c ? c.className : undefined}
              />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th key={c.label} scope="col" className={'className' in c ? c.className : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {before > 0 && (
              <tr className="spacer" style={{ height: before }}>
                <td colSpan={COLUMNS.length} />
              </tr>
            )}
            {items.map((item) => (
              <TradeRow key={item.key} index={item.index} trade={trades.row(item.index)} unit={unit} />
            ))}
            {after > 0 && (
              <tr className="spacer" style={{ height: after }}>
                <td colSpan={COLUMNS.length} />
              </tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

function TradeRow({ index, trade, unit }: { index: number; trade: TradeView | undefined; unit: string }) {
  if (!trade)
    return (
      <tr aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
        <td colSpan={COLUMNS.length} className="muted">
          Loading…
        </td>
      </tr>
    );
  const [date, time] = formatDateTime(trade.openedAt).split(' ');
  return (
    <tr aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
      <td>#{trade.tradeId}</td>
      <td>
        <Badge tone={STATUS_TONE[trade.status]}>{trade.status}</Badge>
        {!trade.final && (
          <span className="muted" title="Not final yet: a reorg could still change it">
            {' '}
            ◌<span className="visually-hidden">not final yet</span>
          </span>
        )}
      </td>
      <td>
        <Address address={trade.seller} inRow />
      </td>
      <td>
        <Address address={trade.buyer} inRow />
      </td>
      <td className="num stacked" title={`${formatPricePerKWh(trade.pricePerKWh, unit)}`}>
        {formatEnergy(trade.energyWh)}
        <br />
        {formatPol(trade.paymentAmount, unit)}
      </td>
      <td className="num wide-only">{formatPricePerKWh(trade.pricePerKWh, unit)}</td>
      <td className="stacked">
        {date}
        <br />
        {time}
      </td>
    </tr>
  );
}
