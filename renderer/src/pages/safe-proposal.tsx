import { useEffect, useRef, useState } from 'react';
import type { ProposalView, ReviewAction } from '../../../electron/core/api/contract';
import { displayText } from '../../../electron/core/api/contract/display-text';
import type { Input, Output, RendererChannel } from '../api/contract';
import { useAction } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { Badge, type Tone } from '../components/badge';
import { DeviceHashes } from '../components/device-hashes';
import { ReviewDialog, SimulationAge } from '../components/review-dialog';
import { sameAddress } from '../format/address';
import { downloadText } from '../format/download';
import { formatDateTime, isoToUnix } from '../format/time';
import { groupDigits } from '../format/units';

const STATUS_TONE: Record<ProposalView['status'], Tone> = {
  open: 'info',
  executing: 'warn',
  executed: 'ok',
  failed: 'bad',
  replaced: 'neutral',
};

/** One Safe transaction: what it does, what simulating it did, its hashes, who signed, and the next steps. */
export function ProposalCard({
  proposal,
  owners,
  signerId,
  signerAddress,
  signerKind,
  txService,
  onChange,
}: {
  proposal: ProposalView;
  owners: string[];
  signerId: string | undefined;
  signerAddress: string | undefined;
  /** With a Ledger, the hashes to compare with its screen are shown open. */
  signerKind?: string | undefined;
  /** A Transaction Service is configured for this network: only then is "Send to" offered. */
  txService: boolean;
  onChange(): void;
}) {
  const action = useAction();
  const [reviewing, setReviewing] = useState<ReviewAction | null>(null);
  const [done, setDone] = useState<string>();
  /** The step just taken in the review dialog: focus goes to what comes next, not to <body>. */
  const [stepTaken, setStepTaken] = useState<ReviewAction | null>(null);
  const cardRef = useRef<HTMLElement>(null);
  const signed = proposal.signatures.some((s) => sameAddress(s.owner, signerAddress));
  const isOwner = owners.some((o) => sameAddress(o, signerAddress));
  const open = proposal.status === 'open';
  const danger = proposal.decoded.danger;
  // biome-ignore lint/correctness/useExhaustiveDependencies: Execute… is enabled (read from the DOM) once the queue says executable
  useEffect(() => {
    const article = cardRef.current;
    if (!stepTaken || reviewing || !article) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && !article.contains(focused)) {
      setStepTaken(null); // the owner has moved on
      return;
    }
    const heading = article.querySelector<HTMLElement>('[data-row-focus]');
    // Executed, the card leaves the queue, and the queue moves focus on (`useFocusAfterRowLeft`).
    // Until the queue shows the signature: the proposal itself; then its next step.
    if (stepTaken === 'execute' || !signed) {
      heading?.focus();
      return;
    }
    setStepTaken(null);
    const execute = article.querySelector<HTMLButtonElement>('[data-step="execute"]');
    const share = article.querySelector<HTMLButtonElement>('[data-step="share"]');
    (execute && !execute.disabled ? execute : (share ?? heading))?.focus();
  }, [stepTaken, reviewing, signed, proposal.executable]);
  const run = async <C extends RendererChannel>(
    channel: C,
    input: Input<C>,
    describe?: (data: Output<C>) => string,
  ) => {
    const result = await action.run(channel, input, describe);
    onChange();
    return result;
  };

  return (
    <article
      ref={cardRef}
      id={`proposal-${proposal.safeTxHash}`}
      data-nonce={proposal.nonce}
      className={`card proposal${danger ? ' proposal-danger' : ''}`}
      data-row
      aria-labelledby={`p-${proposal.safeTxHash}`}
    >
      <header className="proposal-head">
        <h4 id={`p-${proposal.safeTxHash}`} tabIndex={-1} data-row-focus>
          {displayText(proposal.title)}
        </h4>
        <Badge tone={STATUS_TONE[proposal.status]}>{proposal.status}</Badge>
        <span className="muted small">
          proposed {formatDateTime(isoToUnix(proposal.createdAt))} via {proposal.origin}
          {proposal.proposedBy && (
            <>
              {' '}
              by <Address address={proposal.proposedBy} />
            </>
          )}
        </span>
      </header>

      {danger && (
        <p className="banner banner-bad" role="alert">
          Dangerous: {danger}
        </p>
      )}
      {proposal.decoded.warnings.map((warning) => (
        <p key={warning} className="banner banner-warn">
          {warning}
        </p>
      ))}

      {proposal.conflicts.length > 0 && (
        <ul className="conflicts" aria-label="Conflicts in the queue">
          {proposal.conflicts.map((c) => (
            <li key={`${c.key}-${c.other.safeTxHash}`} className="banner banner-warn">
              {c.subject === 'nonce' ? 'Same nonce as' : `Also acting on ${c.label}:`}{' '}
              <a href={`#/safe/${c.other.safeTxHash}`}>
                #{c.other.nonce} {c.other.title}
              </a>
            </li>
          ))}
        </ul>
      )}

      <div className="proposal-grid">
        <section aria-label="What it does">
          <h5>
            What it does
            {proposal.decoded.batch ? ` (${proposal.decoded.calls.length} calls in one batch)` : ''}
          </h5>
          <ol className="calls">
            {proposal.decoded.calls.map((decoded, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: calls of one transaction, in order
              <li key={i}>
                {decoded.kind === 'unknown' ? (
                  <span>
                    <Badge tone="bad">not decoded</Badge> call to <Address address={decoded.to} />:{' '}
                    {displayText(decoded.reason)}
                  </span>
                ) : (
                  displayText(decoded.description)
                )}
              </li>
            ))}
          </ol>
          <Simulation proposal={proposal} />
        </section>

        <section aria-label="Signatures">
          <h5>
            Signatures{' '}
            <span className={proposal.confirmations >= proposal.threshold ? 'ok-text' : ''}>
              {proposal.confirmations} of {proposal.threshold}
            </span>
          </h5>
          <ul className="signatures">
            {owners.map((owner) => {
              const signature = proposal.signatures.find((s) => sameAddress(s.owner, owner));
              return (
                <li key={owner}>
                  {signature ? <Badge tone="ok">signed</Badge> : <Badge tone="neutral">waiting</Badge>}{' '}
                  <Address address={owner} mark={sameAddress(owner, signerAddress) ? 'you' : undefined} />
                  {signature && (
                    <span className="muted small">
                      {' '}
                      {signature.type === 'approved-hash' ? 'approved on chain' : `via ${signature.source}`}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          {proposal.competitors.length > 0 && (
            <p className="muted small">
              Competes with {proposal.competitors.length} other proposal
              {proposal.competitors.length === 1 ? '' : 's'} for this nonce.
            </p>
          )}
          {proposal.transports.length > 0 && (
            <ul className="muted small">
              {proposal.transports.map((t) => (
                <li key={t.transport}>
                  {t.transport}: {t.status}
                  {t.detail ? ` (${t.detail})` : ''}
                </li>
              ))}
            </ul>
          )}
          {proposal.execution && (
            <p>
              Executed in block {proposal.execution.blockNumber ?? '…'}, transaction{' '}
              <Address address={proposal.execution.chainTxHash} />
            </p>
          )}
        </section>
      </div>

      <details className="hashes" open={signerKind === 'ledger'}>
        <summary>Hashes to check on the device and with co-owners</summary>
        <DeviceHashes hashes={proposal.hashes} />
      </details>

      {open && (
        <fieldset className="actions">
          <legend className="visually-hidden">Steps</legend>
          <button
            type="button"
            className="primary"
            disabled={!signerId || signed || action.busy || !isOwner}
            title={!isOwner ? 'The active signer is not an owner of this Safe' : undefined}
            onClick={() => setReviewing('sign')}
          >
            {signed ? 'Signed by you' : 'Sign…'}
          </button>
          <button
            type="button"
            data-step="share"
            disabled={action.busy}
            onClick={async () => {
              const file = await action.run(
                'safe/export-bundle',
                { safeTxHash: proposal.safeTxHash },
                (f) => `Saved ${f.fileName} (sha256 ${f.sha256.slice(0, 12)}…).`,
              );
              if (file) downloadText(file.fileName, file.content, 'application/json');
            }}
          >
            Export bundle
          </button>
          {txService && (
            <button
              type="button"
              disabled={action.busy}
              onClick={() =>
                run('safe/propose-to-service', { safeTxHash: proposal.safeTxHash }, (r) =>
                  r.proposed
                    ? 'Sent to the Transaction Service.'
                    : 'Already on the Transaction Service; signatures sent.',
                )
              }
            >
              Send to Transaction Service
            </button>
          )}
          <button
            type="button"
            disabled={!signerId || action.busy || !isOwner}
            onClick={() => setReviewing('approve-on-chain')}
          >
            Approve on chain…
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              run('safe/simulate', { safeTxHash: proposal.safeTxHash }, (r) => `Simulated: ${r.status}.`)
            }
          >
            Simulate again
          </button>
          <button
            type="button"
            className="danger"
            data-step="execute"
            disabled={!proposal.executable || !signerId || action.busy}
            title={proposal.executable ? undefined : 'Needs the threshold of signatures and the next nonce'}
            onClick={() => setReviewing('execute')}
          >
            Execute…
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              run(
                'safe/propose-rejection',
                { nonce: proposal.nonce },
                (p) => `Proposed an empty transaction to cancel nonce ${p.nonce}.`,
              )
            }
          >
            Propose cancelling
          </button>
        </fieldset>
      )}
      <ActionStatus action={action} working="Working…" />
      {done && !action.done && !action.error && (
        <p role="status" className="ok-text">
          {done}
        </p>
      )}

      {reviewing && signerId && (
        <ReviewDialog
          proposal={proposal}
          action={reviewing}
          signerId={signerId}
          onClose={() => setReviewing(null)}
          onDone={(message) => {
            setStepTaken(reviewing);
            setReviewing(null);
            action.clear();
            setDone(message);
            onChange();
          }}
        />
      )}
    </article>
  );
}

function Simulation({ proposal }: { proposal: ProposalView }) {
  const result = proposal.simulation;
  if (!result) return <p className="muted">Not simulated yet.</p>;
  const tone: Tone =
    result.stale || result.status === 'offline' ? 'warn' : result.status === 'success' ? 'ok' : 'bad';
  return (
    <div className="simulation">
      <p>
        Simulation{' '}
        <Badge tone={tone}>
          {result.status === 'success'
            ? 'would succeed'
            : result.status === 'reverted'
              ? 'would fail'
              : 'offline'}
        </Badge>
        {result.gasUsed && <span className="muted"> · {groupDigits(BigInt(result.gasUsed))} gas</span>}
        {proposal.simulationAge ? (
          <>
            {' · '}
            <SimulationAge blockNumber={result.blockNumber} {...proposal.simulationAge} />
          </>
        ) : (
          result.blockNumber !== null && (
            <span className="muted"> · at block {groupDigits(BigInt(result.blockNumber))}</span>
          )
        )}{' '}
        {result.stale && <Badge tone="warn">stale</Badge>}
      </p>
      {result.stale && (
        <p className="banner banner-warn">
          Stale since {result.stale.since}: {result.stale.reason}
        </p>
      )}
      {result.revertReason && <p className="field-error">Reverts: {result.revertReason}</p>}
      {result.note && <p className="muted small">{result.note}</p>}
      {result.events.length > 0 && (
        <ul className="small">
          {result.events.map((event, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: events in emission order
            <li key={i}>
              {event.contract ?? 'contract'}.{event.name ?? 'unknown event'}
              {Object.keys(event.args).length > 0 && (
                <span className="muted">
                  {' '}
                  (
                  {Object.entries(event.args)
                    .map(([k, v]) => `${k}: ${v.length > 20 ? `${v.slice(0, 10)}…` : v}`)
                    .join(', ')}
                  )
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
