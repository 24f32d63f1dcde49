import { useQuery } from '../api/hooks';
import { Address } from '../components/address';
import { Badge } from '../components/badge';
import { Empty, QueryView } from '../components/states';
import { formatDateTime, isoToUnix } from '../format/time';

/** Executed (and failed or replaced) transactions, newest first. */
export function SafeHistory() {
  const history = useQuery(
    'safe/history',
    { limit: 100 },
    { refreshOn: ['safe/tx-updated', 'app/network-changed'] },
  );
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <QueryView query={history} what="the Safe history">
        {({ proposals }) =>
          proposals.length === 0 ? (
            <Empty title="Nothing executed yet" />
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Nonce</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Signed by</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => (
                  <tr key={p.safeTxHash}>
                    <td>#{p.nonce}</td>
                    <td>{p.title}</td>
                    <td>
                      <Badge
                        tone={p.status === 'executed' ? 'ok' : p.status === 'failed' ? 'bad' : 'neutral'}
                      >
                        {p.status}
                      </Badge>
                      {p.execution && (
                        <>
                          {' '}
                          <Address address={p.execution.chainTxHash} />
                        </>
                      )}
                    </td>
                    <td>{p.signatures.length}</td>
                    <td>{formatDateTime(isoToUnix(p.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}
