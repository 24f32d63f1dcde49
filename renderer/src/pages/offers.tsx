import { useQuery } from '../api/hooks';
import { Address } from '../components/address';
import { PageHeader } from '../components/page-header';
import { Empty, QueryView } from '../components/states';
import { TimeStamp } from '../components/time-stamp';
import { formatCount, formatEnergy, formatPricePerKWh, paymentUnit } from '../format/units';

/** The open order book: every offer still selling, cheapest first. */
export function OffersPage() {
  const offers = useQuery(
    'market/offers',
    { status: 'open', limit: 1000 },
    { refreshOn: ['market/updated', 'app/network-changed'] },
  );
  const summary = useQuery('market/summary', {}, { refreshOn: ['app/network-changed'] });
  const unit = paymentUnit(summary.data?.paymentToken);
  return (
    <>
      <PageHeader
        title="Offers"
        lead="The open order book: energy listed and not yet sold, cheapest first."
      />
      <QueryView query={offers} what="the open offers">
        {(page) => {
          const rows = [...page.rows].sort((a, b) =>
            BigInt(a.pricePerKWh) < BigInt(b.pricePerKWh)
              ? -1
              : BigInt(a.pricePerKWh) > BigInt(b.pricePerKWh)
                ? 1
                : 0,
          );
          const left = rows.reduce((sum, o) => sum + BigInt(o.energyWhRemaining), 0n);
          return rows.length === 0 ? (
            <Empty title="No open offers" />
          ) : (
            <section className="card" aria-labelledby="book-title">
              <h2 id="book-title">
                {formatCount(page.total ?? rows.length, 'open offer')} · {formatEnergy(left)} for sale
              </h2>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Offer</th>
                      <th scope="col">Seller</th>
                      <th scope="col" className="num">
                        Price
                      </th>
                      <th scope="col" className="num">
                        Left
                      </th>
                      <th scope="col">Until</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((o) => (
                      <tr key={o.offerId}>
                        <td>#{o.offerId}</td>
                        <td>
                          <Address address={o.seller} href={`#/prosumers?prosumer=${o.seller}`} inRow />
                        </td>
                        <td className="num">{formatPricePerKWh(o.pricePerKWh, unit)}</td>
                        <td className="num">
                          {formatEnergy(o.energyWhRemaining)}{' '}
                          <span className="muted small">of {formatEnergy(o.energyWh)}</span>
                        </td>
                        <td>
                          <TimeStamp at={o.expiresAt} absolute={false} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          );
        }}
      </QueryView>
    </>
  );
}
