import { useState } from 'react';
import type { AuditEntryView } from '../../../electron/core/api/contract';
import { displayText } from '../../../electron/core/api/contract/display-text';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, Hash } from '../components/address';
import { Badge } from '../components/badge';
import { PageHeader } from '../components/page-header';
import { ScrollRegion } from '../components/scroll-region';
import { Empty, QueryView } from '../components/states';
import { downloadText } from '../format/download';
import { formatDateTime, isoToUnix } from '../format/time';
import { formatCount } from '../format/units';

const PAGE = 200;

export function AuditPage() {
  const [beforeSeq, setBeforeSeq] = useState<number>();
  const entries = useQuery(
    'audit/list',
    { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) },
    { refreshOn: ['safe/tx-updated', 'app/network-changed'] },
  );
  const verify = useQuery('audit/verify', {}, { refreshOn: ['safe/tx-updated', 'app/network-changed'] });
  const exporting = useAction();
  return (
    <>
      <PageHeader
        title="Audit log"
        lead="Every decision and signature, chained by hashes so an edit or a gap shows."
      >
        <button type="button" onClick={verify.reload} disabled={verify.loading}>
          Verify again
        </button>
        <button
          type="button"
          disabled={exporting.busy}
          onClick={async () => {
            const file = await exporting.run(
              'audit/export',
              {},
              (f) =>
                `Exported ${formatCount(f.entries, 'entry', 'entries')} (sha256 ${f.sha256.slice(0, 12)}…).`,
            );
            if (file) downloadText(file.fileName, file.content, 'application/jsonl');
          }}
        >
          Export
        </button>
      </PageHeader>
      <ActionStatus action={exporting} working="Exporting…" />
      <QueryView query={verify} what="the log's verification">
        {(v) =>
          v.ok ? (
            <p className="banner banner-ok" role="status">
              Intact: {formatCount(v.entries, 'entry', 'entries')}, each linked to the one before. Head{' '}
              <Hash hash={v.headHash} label="head hash" />
            </p>
          ) : (
            <div className="banner banner-bad" role="alert">
              <p>
                The log has been tampered with: {formatCount(v.problems.length, 'problem')}. Do not sign
                anything until this is explained; export the log for investigation.
              </p>
              <ul>
                {v.problems.map((p) => (
                  <li key={`${p.seq}-${p.kind}`}>
                    Entry {p.seq}: {p.kind}: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )
        }
      </QueryView>
      <QueryView query={entries} what="the audit entries">
        {({ entries: rows }) =>
          rows.length === 0 ? (
            <Empty title="Nothing recorded yet">
              Each proposal, signature, import and execution is recorded here.
            </Empty>
          ) : (
            <section className="card">
              <ScrollRegion className="table-wrap" label="Audit entries, scroll sideways with the arrow keys">
                <table className="table audit-table">
                  {/* The whole row in a 1024 px window, the detail taking what is left. */}
                  <colgroup>
                    <col style={{ width: '2.5rem' }} />
                    <col style={{ width: '7.25rem' }} />
                    <col style={{ width: '10.75rem' }} />
                    <col style={{ width: '9rem' }} />
                    <col />
                  </colgroup>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">When</th>
                      <th scope="col">Step, Safe transaction</th>
                      <th scope="col">By</th>
                      <th scope="col">Detail</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((entry) => (
                      <AuditRow key={entry.seq} entry={entry} />
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <div className="actions">
                {beforeSeq && (
                  <button type="button" onClick={() => setBeforeSeq(undefined)}>
                    Newest
                  </button>
                )}
                {rows.length === PAGE && (
                  <button type="button" onClick={() => setBeforeSeq(rows[rows.length - 1]?.seq)}>
                    Older
                  </button>
                )}
              </div>
            </section>
          )
        }
      </QueryView>
    </>
  );
}

function AuditRow({ entry }: { entry: AuditEntryView }) {
  const detail = Object.entries(entry.detail)
    .map(([k, v]) => displayText(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`))
    .join(' · ');
  const [date, time] = formatDateTime(isoToUnix(entry.at)).split(' ');
  return (
    <tr>
      <td>{entry.seq}</td>
      <td>
        {/* The date over the time, each whole. */}
        {date}
        <br />
        {time}
      </td>
      <td>
        <Badge
          tone={/FAIL|REJECT|TAMPER/.test(entry.kind) ? 'bad' : entry.kind === 'EXECUTED' ? 'ok' : 'info'}
        >
          {entry.kind}
        </Badge>
        {entry.safeTxHash && (
          <>
            <br />
            <Hash hash={entry.safeTxHash} label="safeTxHash" inRow />
          </>
        )}
      </td>
      <td>{entry.actor ? <Address address={entry.actor} inRow /> : <span className="muted">—</span>}</td>
      <td className="detail-cell" title={detail}>
        <div className="detail-cell-text">{detail}</div>
      </td>
    </tr>
  );
}
