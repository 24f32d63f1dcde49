import type { ProposalView, SafeStateView } from '../../../electron/core/api/contract';
import { displayText } from '../../../electron/core/api/contract/display-text';
import { useQuery } from '../api/hooks';
import { Address, Hash } from '../components/address';
import { Badge } from '../components/badge';
import { Empty, QueryView } from '../components/states';
import { formatDateTime, isoToUnix } from '../format/time';

/**
 * What the Safe executed, as the chain recorded it (also transactions proposed in other owners' apps
 * or in Safe{Wallet}), then what this app closed without an execution (failed or replaced). Without
 * indexed chain data (offline signing machine) the history is what this app saw.
 */
export function SafeHistory() {
  const chain = useQuery('market/safe-state', {}, { refreshOn: ['market/updated', 'app/network-changed'] });
  const local = useQuery(
    'safe/history',
    { limit: 100 },
    { refreshOn: ['safe/tx-updated', 'app/network-changed'] },
  );
  const executions = chain.error ? undefined : chain.data?.executions;
  const onChain = executions !== undefined;
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {executions && <ChainExecutions executions={executions} />}
      <QueryView query={local} what="the Safe history">
        {({ proposals }) => {
          const shown = onChain ? proposals.filter((p) => p.status !== 'executed') : proposals;
          if (onChain && shown.length === 0) return null;
          return shown.length === 0 ? (
            <Empty title="Nothing executed yet" />
          ) : (
            <>
              {onChain && <h3>Closed without execution in this app</h3>}
              <LocalHistory proposals={shown} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function ChainExecutions({ executions }: { executions: SafeStateView['executions'] }) {
  if (executions.length === 0) return <Empty title="Nothing executed yet" />;
  return (
    <table className="table">
      <HistoryHead who="Executed by" />
      <tbody>
        {executions.map((e) => (
          <tr key={e.txHash}>
            <td>{e.nonce === null ? '–' : `#${e.nonce}`}</td>
            <td>{e.title ? displayText(e.title) : 'Safe transaction (not decoded)'}</td>
            <td>
              <Badge tone={e.success ? 'ok' : 'bad'}>{e.success ? 'executed' : 'failed'}</Badge>{' '}
              <Hash hash={e.txHash} label="transaction hash" inRow />
              <When at={e.at} />
            </td>
            <td>{e.executor ? <Address address={e.executor} inRow /> : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LocalHistory({ proposals }: { proposals: ProposalView[] }) {
  return (
    <table className="table">
      <HistoryHead who="Signed by" />
      <tbody>
        {proposals.map((p) => (
          <tr key={p.safeTxHash}>
            <td>#{p.nonce}</td>
            <td>{displayText(p.title)}</td>
            <td>
              <Badge tone={p.status === 'executed' ? 'ok' : p.status === 'failed' ? 'bad' : 'neutral'}>
                {p.status}
              </Badge>
              {p.execution && (
                <>
                  {' '}
                  <Hash hash={p.execution.chainTxHash} label="transaction hash" inRow />
                </>
              )}
              <When at={isoToUnix(p.updatedAt)} />
            </td>
            <td>{p.signatures.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HistoryHead({ who }: { who: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">Nonce</th>
        <th scope="col">Decision</th>
        <th scope="col">Outcome, when</th>
        <th scope="col">{who}</th>
      </tr>
    </thead>
  );
}

/** The outcome's time, under it (the row keeps to a 1024 px window). */
function When({ at }: { at: number }) {
  return (
    <>
      <br />
      <span className="muted small">{formatDateTime(at)}</span>
    </>
  );
}
