import { type ReactNode, useState } from 'react';
import type {
  ProposalView,
  ReviewAction,
  ReviewField,
  ReviewSimulation,
  ReviewValue,
  ReviewView,
} from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { formatDuration } from '../format/time';
import {
  formatBaseUnits,
  formatBps,
  formatCount,
  formatTokenAmount,
  groupDigits,
  type TokenAmount,
} from '../format/units';
import { ActionStatus } from './action-status';
import { Badge, type Tone } from './badge';
import { CopyButton } from './copy-button';
import { DeviceHashes } from './device-hashes';
import { Dialog } from './dialog';
import { NamedAddressView } from './named-address';
import { QueryView } from './states';

const VERB: Record<ReviewAction, { title: string; confirm: string; done: string }> = {
  sign: { title: 'Review and sign', confirm: 'Confirm and sign', done: 'Signed.' },
  'approve-on-chain': {
    title: 'Review and approve on chain',
    confirm: 'Confirm and approve on chain',
    done: 'Approved on chain.',
  },
  execute: { title: 'Review and execute', confirm: 'Confirm and execute', done: 'Executed.' },
};

/** An amount in its unit, every digit, with the exact base-unit value beside it. */
export function Amount({ amount }: { amount: TokenAmount }) {
  return (
    <span className="amount">
      <strong>{formatTokenAmount(amount)}</strong> <span className="muted">({formatBaseUnits(amount)})</span>
    </span>
  );
}

function Value({ value }: { value: ReviewValue }) {
  switch (value.kind) {
    case 'address':
      return <NamedAddressView named={value.address} />;
    case 'amount':
      return <Amount amount={value.amount} />;
    case 'bps':
      return (
        <span>
          <strong>{formatBps(value.bps)}</strong> <span className="muted">({value.bps} bps)</span>
        </span>
      );
    case 'seconds':
      return (
        <span>
          <strong>{formatDuration(Number(value.seconds))}</strong>{' '}
          <span className="muted">({groupDigits(value.seconds)} s)</span>
        </span>
      );
    case 'text':
      return <span className="review-text">{value.text}</span>;
    case 'hex':
      return value.hex.length > 66 ? (
        <details className="review-hex">
          <summary>
            {(value.hex.length - 2) / 2} bytes <CopyButton value={value.hex} label="data" />
          </summary>
          <code>{value.hex}</code>
        </details>
      ) : (
        <code className="review-hex-inline">{value.hex}</code>
      );
  }
}

function Row({ name, children }: { name: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row" className="review-key">
        {name}
      </th>
      <td className="review-val">{children}</td>
    </tr>
  );
}

function Fields({ fields, label }: { fields: ReviewField[]; label: string }) {
  if (fields.length === 0) return null;
  return (
    <table className="review-fields" aria-label={label}>
      <tbody>
        {fields.map((field) => (
          <Row key={field.name} name={field.name}>
            <Value value={field.value} />
          </Row>
        ))}
      </tbody>
    </table>
  );
}

const SIM_TONE: Record<ReviewSimulation['status'], Tone> = {
  success: 'ok',
  reverted: 'bad',
  offline: 'warn',
  none: 'warn',
};
const SIM_WORDS: Record<ReviewSimulation['status'], string> = {
  success: 'would succeed',
  reverted: 'would fail',
  offline: 'not simulated: offline',
  none: 'not simulated yet',
};

export function SimulationAge({
  blockNumber,
  blocksBehind,
  ageSeconds,
}: {
  blockNumber: number | null;
  blocksBehind: number | null;
  ageSeconds: number | null;
}) {
  if (blockNumber === null) return null;
  return (
    <span className="muted">
      at block {groupDigits(BigInt(blockNumber))}
      {ageSeconds !== null && `, ${formatDuration(ageSeconds)} old in chain time`}
      {blocksBehind !== null &&
        ` (${blocksBehind === 0 ? 'the head' : `${formatCount(blocksBehind, 'block')} behind the head`})`}
    </span>
  );
}

function SimulationSection({ simulation }: { simulation: ReviewSimulation }) {
  return (
    <section aria-label="Simulation" className="review-section">
      <h3>
        Simulation{' '}
        <Badge tone={simulation.stale ? 'warn' : SIM_TONE[simulation.status]}>
          {SIM_WORDS[simulation.status]}
        </Badge>{' '}
        {simulation.stale && <Badge tone="warn">stale</Badge>}
      </h3>
      <p>
        <SimulationAge {...simulation} />
        {simulation.gasUsed && (
          <span className="muted"> · {groupDigits(BigInt(simulation.gasUsed))} gas</span>
        )}
      </p>
      {simulation.stale && <p className="banner banner-warn">Stale: {simulation.stale}</p>}
      {simulation.revertReason && <p className="field-error">Reverts: {simulation.revertReason}</p>}
      {simulation.note && <p className="muted small">{simulation.note}</p>}
      {simulation.events.length > 0 && (
        <ol className="review-events">
          {simulation.events.map((event, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: events in emission order
            <li key={i}>
              <strong>{event.name ?? 'unknown event'}</strong> from{' '}
              <NamedAddressView named={event.contract} />
              <Fields fields={event.args} label={`${event.name ?? 'event'} arguments`} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function PolicySection({ policy }: { policy: ReviewView['policy'] }) {
  return (
    <section aria-label="Consortium policy" className="review-section">
      <h3>
        Consortium policy{' '}
        <Badge tone={policy.allowed ? 'ok' : 'bad'}>{policy.allowed ? 'allowed' : 'refused'}</Badge>{' '}
        <span className="muted small">({policy.policy})</span>
      </h3>
      {policy.violations.map((v) => (
        <div key={`${v.rule}-${v.call}`} className="banner banner-bad" role="alert">
          <strong>
            {v.title} <code>[{v.rule}]</code>
            {v.call > 0 ? ` · call ${v.call}` : ''}
          </strong>
          <p>{v.message}</p>
          {Object.keys(v.values).length > 0 && (
            <dl className="review-values">
              {Object.entries(v.values).map(([k, val]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>
                    <code>{val}</code>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      ))}
      {policy.unchecked.map((u) => (
        <p key={u.rule} className="muted small">
          Not checked here: {u.rule} ({u.reason})
        </p>
      ))}
    </section>
  );
}

function ReviewBody({ review, nonce }: { review: ReviewView; nonce: string }) {
  return (
    <div className="review">
      <p className="review-lead">
        <strong>{review.title}</strong> · Safe transaction #{nonce} on chain {review.chainId} ·{' '}
        {review.confirmations} of {review.threshold} signatures
      </p>
      <p>
        Safe <NamedAddressView named={review.safe} />{' '}
        <span className="muted">(version {review.safeVersion})</span>
      </p>
      {review.actor && (
        <p>
          Acting account <NamedAddressView named={review.actor} />
        </p>
      )}
      <PolicySection policy={review.policy} />
      {review.danger && (
        <p className="banner banner-bad" role="alert">
          Dangerous: {review.danger}
        </p>
      )}
      {review.warnings.map((w) => (
        <p key={w} className="banner banner-warn">
          {w}
        </p>
      ))}
      {review.conflicts.length > 0 && (
        <section aria-label="Conflicts in the queue" className="review-section">
          <h3>Conflicts in the queue</h3>
          <ul>
            {review.conflicts.map((c) => (
              <li key={`${c.key}-${c.other.safeTxHash}`} className="banner banner-warn">
                Also acting on {c.label}:{' '}
                <a href={`#/safe/${c.other.safeTxHash}`}>
                  #{c.other.nonce} {c.other.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Calls" className="review-section">
        <h3>
          What it does{review.batch ? ` (${review.calls.length} calls in one MultiSendCallOnly batch)` : ''}
        </h3>
        <ol className="review-calls">
          {review.calls.map((call) => (
            <li key={`${call.index}-${call.selector}`}>
              <p>
                {call.decoded ? <Badge tone="info">decoded</Badge> : <Badge tone="bad">not decoded</Badge>}{' '}
                <strong>{call.description}</strong>
              </p>
              <p>
                <code>{call.functionName ?? call.selector}</code> on <NamedAddressView named={call.to} />
                {call.operation === 1 && <Badge tone="bad">delegatecall</Badge>}
              </p>
              {call.value.base !== '0' && (
                <p>
                  Sends <Amount amount={call.value} />
                </p>
              )}
              <Fields fields={call.args} label={`Arguments of ${call.functionName ?? call.selector}`} />
            </li>
          ))}
        </ol>
      </section>
      <SimulationSection simulation={review.simulation} />
      {review.execution && (
        <section aria-label="Execution cost" className="review-section">
          <h3>Who pays the gas</h3>
          <table className="review-fields" aria-label="Execution">
            <tbody>
              <Row name="executor">
                <NamedAddressView named={review.execution.executor} />
              </Row>
              <Row name="balance">
                <Amount amount={review.execution.balance} />
              </Row>
              <Row name="fee estimate">
                {review.execution.fee ? (
                  <>
                    <Amount amount={review.execution.fee} />{' '}
                    <span className="muted">
                      at most: {groupDigits(review.execution.gasLimit ?? '0')} gas ×{' '}
                      {review.execution.maxFeePerGas && formatTokenAmount(review.execution.maxFeePerGas)}
                    </span>
                  </>
                ) : (
                  <span className="field-error">not estimated: {review.execution.estimateError}</span>
                )}
              </Row>
            </tbody>
          </table>
          {review.execution.enoughBalance === false && (
            <p className="banner banner-bad">The executing account cannot pay this fee.</p>
          )}
        </section>
      )}
      <section aria-label="Safe transaction fields" className="review-section">
        <h3>The Safe transaction, all ten fields</h3>
        <Fields fields={review.tx} label="SafeTx" />
      </section>
      <details className="hashes" open>
        <summary>Hashes to check on the device and with co-owners</summary>
        <DeviceHashes hashes={review.hashes} />
      </details>
    </div>
  );
}

/**
 * Nothing is signed, approved or executed from one click: the review opens first, and only its own
 * confirm button acts. Executing a transaction whose simulation fails takes a second confirmation
 * that says what fails and that the nonce will be used; core refuses it without that flag anyway.
 */
export function ReviewDialog({
  proposal,
  action,
  signerId,
  onClose,
  onDone,
}: {
  proposal: ProposalView;
  action: ReviewAction;
  signerId: string;
  onClose(): void;
  onDone(message: string): void;
}) {
  const review = useQuery(
    'safe/review',
    { safeTxHash: proposal.safeTxHash, action, signerId },
    { refreshOn: ['safe/simulations-refreshed', 'safe/tx-updated'] },
  );
  const act = useAction();
  const [failingConfirmed, setFailingConfirmed] = useState(false);
  const verb = VERB[action];
  const failing = review.data?.simulation.status === 'reverted';
  const refusedPolicy = review.data?.policy.allowed === false;
  const needsSecond =
    action === 'execute' &&
    (failing ||
      (act.error?.code === 'SIMULATION_FAILED' && act.error.details?.confirmationRequired === true));

  const go = async (confirmFailingSimulation: boolean) => {
    const input = { safeTxHash: proposal.safeTxHash, signerId };
    const done =
      action === 'sign'
        ? await act.run('safe/sign', input)
        : action === 'approve-on-chain'
          ? await act.run('safe/approve-on-chain', input)
          : await act.run(
              'safe/execute',
              confirmFailingSimulation ? { ...input, confirmFailingSimulation } : input,
            );
    if (done) onDone(verb.done);
  };

  return (
    <Dialog open title={`${verb.title}: ${proposal.title}`} onClose={onClose}>
      <QueryView query={review} what="the review">
        {(data) => <ReviewBody review={data} nonce={proposal.nonce} />}
      </QueryView>
      {needsSecond && failingConfirmed && (
        <div className="banner banner-bad" role="alert" aria-label="Second confirmation">
          <p>
            <strong>This execution will fail:</strong>{' '}
            {review.data?.simulation.revertReason ?? 'the latest simulation fails'}.
          </p>
          <p>
            The Safe will still use nonce <strong>#{proposal.nonce}</strong>: it records the failure, nothing
            else happens, and every other proposal at that nonce is cancelled. You pay the gas.
          </p>
          <div className="actions">
            <button type="button" className="danger" disabled={act.busy} onClick={() => void go(true)}>
              Execute anyway and use nonce #{proposal.nonce}
            </button>
            <button type="button" onClick={() => setFailingConfirmed(false)}>
              Back
            </button>
          </div>
        </div>
      )}
      <ActionStatus action={act} working="Working… (if a Ledger is used, confirm on the device)" />
      <div className="actions">
        {needsSecond ? (
          <button
            type="button"
            className="danger"
            disabled={!review.data || act.busy || failingConfirmed || refusedPolicy}
            onClick={() => setFailingConfirmed(true)}
          >
            Execute although it fails…
          </button>
        ) : (
          <button
            type="button"
            className={action === 'execute' ? 'danger' : 'primary'}
            disabled={!review.data || act.busy || refusedPolicy || (action === 'sign' && failing)}
            title={refusedPolicy ? 'The consortium policy refuses this transaction' : undefined}
            onClick={() => void go(false)}
          >
            {verb.confirm}
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
