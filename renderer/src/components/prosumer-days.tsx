import type { ProsumerDayView } from '../../../electron/core/api/contract';
import { useQuery } from '../api/hooks';
import { utcDay } from '../format/statement-window';
import { formatCount, formatEnergy, formatPol, groupDigits, paymentUnit } from '../format/units';
import { ScrollRegion } from './scroll-region';
import { QueryView } from './states';

const REFRESH = ['market/updated', 'app/network-changed'] as const;

/** An amount in its unit, with the exact base value (Wh, wei) on hover and for screen readers. */
function Exact({ text, base, baseUnit }: { text: string; base: string; baseUnit: string }) {
  const exact = `${groupDigits(BigInt(base))} ${baseUnit}`;
  return (
    <span title={exact} data-exact={base}>
      <span aria-hidden="true">{text}</span>
      <span className="visually-hidden">
        {text} ({exact})
      </span>
    </span>
  );
}

/** An amount of the payment token without its unit (the column's head names it), exact wei on hover. */
function PolCell({ wei, unit }: { wei: string; unit: string }) {
  return (
    <td className="num">
      <Exact text={formatPol(wei, unit).replace(` ${unit}`, '')} base={wei} baseUnit="wei" />
    </td>
  );
}

type Amounts = Omit<ProsumerDayView, 'day'>;

function Cells({ row, unit }: { row: Amounts; unit: string }) {
  return (
    <>
      <td className="num">{groupDigits(BigInt(row.trades))}</td>
      <td className="num">
        <Exact text={formatEnergy(row.energySoldWh)} base={row.energySoldWh} baseUnit="Wh" />
      </td>
      <td className="num">
        <Exact text={formatEnergy(row.energyBoughtWh)} base={row.energyBoughtWh} baseUnit="Wh" />
      </td>
      <PolCell wei={row.valueSold} unit={unit} />
      <PolCell wei={row.valueBought} unit={unit} />
    </>
  );
}

/**
 * One prosumer's energy and money in and out per UTC day (the indexer's daily totals), newest first,
 * with the totals of every stored day below; exact base values on hover.
 */
export function ProsumerDays({ address }: { address: string }) {
  const daily = useQuery(
    'market/prosumer-daily',
    { prosumer: address, limit: 31 },
    { refreshOn: [...REFRESH] },
  );
  return (
    <QueryView query={daily} what="the daily totals" compact>
      {(view) => {
        const unit = paymentUnit(view.paymentToken);
        return view.days.length === 0 ? (
          <p className="muted">No trade yet.</p>
        ) : (
          <ScrollRegion className="table-wrap prosumer-days" label="Per day, scroll with the arrow keys">
            <table className="table">
              <caption>
                {view.totals.days > view.days.length
                  ? `The last ${view.days.length} trading days of ${formatCount(view.totals.days, 'day')} (UTC), newest first`
                  : 'Every trading day (UTC), newest first'}
                : energy sold and bought, money in (paid for what it sold) and out (paid for what it bought)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {['Trades', 'Sold', 'Bought', `In (${unit})`, `Out (${unit})`].map((label) => (
                    <th key={label} scope="col" className="num">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.days.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{utcDay(d.day)}</th>
                    <Cells row={d} unit={unit} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="prosumer-days-total">
                  <th scope="row">All {formatCount(view.totals.days, 'day')}</th>
                  <Cells row={view.totals} unit={unit} />
                </tr>
              </tfoot>
            </table>
          </ScrollRegion>
        );
      }}
    </QueryView>
  );
}
