import { useQuery } from '../api/hooks';
import { formatDuration } from '../format/time';
import { groupDigits } from '../format/units';
import { Badge } from './badge';

/** Always visible: which network, how far behind the chain the data is, who signs, the latest notice. */
export function StatusBar() {
  const info = useQuery('app/info', {}, { refreshOn: ['app/network-changed'] });
  const indexer = useQuery(
    'indexer/status',
    {},
    { refreshOn: ['market/updated', 'indexer/progress', 'app/network-changed'] },
  );
  const signers = useQuery('signer/list', {}, { refreshOn: ['signer/updated', 'app/network-changed'] });
  const notices = useQuery('app/notices', {}, { refreshOn: ['app/notice', 'app/network-changed'] });
  const notice = notices.data?.notices.at(-1);
  const active = signers.data?.signers.find((s) => s.id === signers.data?.activeId);
  const lag = indexer.data?.lagBlocks;
  const training = info.data?.network === 'training';
  return (
    <section className="status-bar" aria-label="Connection status">
      <span className="status-item">
        <span className="muted">Network</span>{' '}
        {info.data ? (
          <strong>
            {training ? 'Training network' : info.data.network}{' '}
            <span className="muted">· chain {info.data.chainId}</span>
          </strong>
        ) : info.error ? (
          <Badge tone="bad">{`Core unavailable (${info.error.code})`}</Badge>
        ) : (
          '…'
        )}
      </span>
      <span className="status-item">
        <span className="muted">Chain data</span>{' '}
        {info.data?.network === 'offline' ? (
          <Badge tone="warn">none: offline signing machine</Badge>
        ) : indexer.error ? (
          <Badge tone="warn">{`not indexed (${indexer.error.code})`}</Badge>
        ) : indexer.data ? (
          lag === null || lag === undefined ? (
            <Badge tone="warn">head unknown</Badge>
          ) : lag <= 2 ? (
            <Badge tone="ok">{`live · ${lag} block${lag === 1 ? '' : 's'} behind`}</Badge>
          ) : (
            <Badge tone={lag > 50 ? 'bad' : 'warn'}>
              {`${groupDigits(BigInt(lag))} blocks behind${indexer.data.lagSeconds ? ` (${formatDuration(indexer.data.lagSeconds)})` : ''}`}
            </Badge>
          )
        ) : (
          '…'
        )}
      </span>
      <span className="status-item">
        <span className="muted">Signer</span>{' '}
        {active ? (
          <strong>
            {active.demo ? active.label.replace(/\s*\(demo key[^)]*\)/, '') : active.label}{' '}
            {active.demo && <Badge tone="warn">demo key</Badge>}
          </strong>
        ) : signers.error ? (
          <Badge tone="warn">{`unavailable (${signers.error.code})`}</Badge>
        ) : (
          <a href="#/signers">none chosen</a>
        )}
      </span>
      {notice && (
        <span className="status-item status-notice" role="status" title={notice.file ?? notice.message}>
          <Badge tone={notice.tone}>{notice.message}</Badge>{' '}
          <span className="muted">{new Date(notice.at).toLocaleTimeString()}</span>
        </span>
      )}
    </section>
  );
}
