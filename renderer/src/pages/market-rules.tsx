import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type {
  ContractOwnershipView,
  IntentJson,
  MarketRule,
  MarketRulesView,
  ProposalView,
  QueueView,
} from '../../../electron/core/api/contract';
import type { Input } from '../api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address, Hash } from '../components/address';
import { Badge } from '../components/badge';
import { PageHeader } from '../components/page-header';
import { ProposalCreated } from '../components/proposal-created';
import { Empty, QueryView } from '../components/states';
import { TimeStamp } from '../components/time-stamp';
import { openEmergencyStop } from '../format/emergency';
import { parseDecimal } from '../format/parse-amount';
import { formatDuration } from '../format/time';
import {
  formatBaseUnits,
  formatBps,
  formatPol,
  formatPolExact,
  formatTokenAmount,
  groupDigits,
  paymentUnit,
} from '../format/units';

const REFRESH = ['market/updated', 'app/network-changed'] as const;

/** Which intents change which rule (pending proposals are matched by these). */
const RULE_INTENTS: Record<MarketRule, string[]> = {
  marketFee: ['setMarketFee'],
  disputeWindow: ['setDisputeWindow'],
  registrationFee: ['setRegistrationFee'],
  pause: ['pause', 'unpause'],
  meterOracle: ['setMeterOracle'],
  registrationFeesWithdrawn: ['withdrawRegistrationFees'],
  disputeBond: ['setDisputeBond'],
  arbitrationPeriod: ['setArbitrationPeriod'],
  ownership: ['acceptOwnership', 'setTargetAllowed'],
};

function pendingFor(queue: QueueView | undefined, rule: MarketRule): ProposalView[] {
  return (queue?.groups ?? [])
    .flatMap((g) => g.proposals)
    .filter((p) => p.status === 'open' && p.decoded.intents.some((i) => RULE_INTENTS[rule].includes(i.kind)));
}

/**
 * The market's rules as the chain has them now, each with its change proposed through the Safe, the
 * proposals waiting for signatures and the history of what the consortium changed.
 */
export function MarketRulesPage() {
  const rules = useQuery('market/rules', {}, { refreshOn: [...REFRESH] });
  const queue = useQuery('safe/queue', {}, { refreshOn: ['safe/tx-updated', 'app/network-changed'] });
  const action = useAction();
  const [proposal, setProposal] = useState<ProposalView>();
  const created = useRef<HTMLDivElement>(null);
  const propose: Propose = async (channel, input) => {
    const made = await action.run(channel, input);
    if (made) {
      setProposal(made);
      queue.reload();
    }
    return made !== undefined;
  };
  // Focus goes to where the proposal is signed, once its banner is on the page.
  useEffect(() => {
    if (proposal) created.current?.querySelector('a')?.focus();
  }, [proposal]);
  return (
    <>
      <PageHeader
        title="Market rules"
        lead="What the market runs on, read from the chain. Every change is a Safe proposal the owners sign."
      >
        <button
          type="button"
          className="danger"
          onClick={openEmergencyStop}
          aria-keyshortcuts="Control+Shift+P"
        >
          Emergency stop… <kbd>Ctrl Shift P</kbd>
        </button>
      </PageHeader>
      <div ref={created}>
        <ActionStatus action={action} working="Proposing…" />
        {proposal && <ProposalCreated proposal={proposal} />}
      </div>
      <QueryView query={rules} what="the market rules">
        {(data) => (
          <>
            <p className="muted">
              Read at block {groupDigits(BigInt(data.blockNumber))} (<TimeStamp at={data.readAt} />) from
              market <Address address={data.market} />.
            </p>
            <RulesTable rules={data} queue={queue.data} busy={action.busy} propose={propose} />
            <Oracles rules={data} queue={queue.data} busy={action.busy} propose={propose} />
            <Ownership rules={data} queue={queue.data} busy={action.busy} propose={propose} />
            <History rules={data} />
          </>
        )}
      </QueryView>
    </>
  );
}

/** The rule-changing channels: each answers with the proposal it queued. */
type RuleChannel =
  | 'market/set-fee'
  | 'market/set-dispute-window'
  | 'market/set-dispute-bond'
  | 'market/set-arbitration-period'
  | 'market/accept-ownership'
  | 'market/set-registration-fee'
  | 'market/withdraw-registration-fees'
  | 'market/set-meter-oracle'
  | 'safe/propose';
type Propose = <C extends RuleChannel>(channel: C, input: Input<C>) => Promise<boolean>;

function RulesTable({
  rules,
  queue,
  busy,
  propose,
}: {
  rules: MarketRulesView;
  queue: QueueView | undefined;
  busy: boolean;
  propose: Propose;
}) {
  const unit = paymentUnit(rules.paymentToken);
  return (
    <section className="card" aria-labelledby="rules-now">
      <h2 id="rules-now">Rules now</h2>
      <div className="rule-grid">
        <Rule
          name="Market state"
          now={rules.paused ? <Badge tone="bad">paused</Badge> : <Badge tone="ok">open</Badge>}
          pending={pendingFor(queue, 'pause')}
        >
          <button type="button" className={rules.paused ? 'primary' : 'danger'} onClick={openEmergencyStop}>
            {rules.paused ? 'Unpause…' : 'Pause…'}
          </button>
        </Rule>
        <Rule
          name="Market fee"
          now={
            <>
              <strong>{formatBps(rules.feeBps)}</strong>{' '}
              <span className="muted small">
                ({rules.feeBps} bps; at most {formatBps(rules.maxFeeBps)})
              </span>
            </>
          }
          pending={pendingFor(queue, 'marketFee')}
        >
          <ChangeForm
            label="New market fee"
            suffix="%"
            busy={busy}
            parse={(text) => {
              const bps = parseDecimal(text, 2);
              return bps !== null && bps <= BigInt(rules.maxFeeBps) ? bps : null;
            }}
            hint={`0 to ${formatBps(rules.maxFeeBps)}, up to 2 decimals`}
            onPropose={(bps) => propose('market/set-fee', { feeBps: Number(bps) })}
          />
        </Rule>
        <DurationRule rule="disputeWindow" rules={rules} queue={queue} busy={busy} propose={propose} />
        <Rule
          name="Dispute bond"
          now={
            <>
              <strong>{formatTokenAmount(rules.disputeBond)}</strong>{' '}
              <span className="muted small">({formatBaseUnits(rules.disputeBond)})</span>
              <br />
              <span className="muted small">posted to open a dispute, at most the trade's payment</span>
            </>
          }
          pending={pendingFor(queue, 'disputeBond')}
        >
          <ChangeForm
            label="New dispute bond"
            suffix={rules.disputeBond.unit}
            busy={busy}
            parse={(text) => parseDecimal(text, rules.disputeBond.decimals)}
            hint={`in ${rules.disputeBond.unit}, exact to the ${rules.disputeBond.baseUnit}`}
            onPropose={(bond) => propose('market/set-dispute-bond', { bond: bond.toString() })}
          />
        </Rule>
        <DurationRule rule="arbitrationPeriod" rules={rules} queue={queue} busy={busy} propose={propose} />
        <Rule
          name="Registration fee"
          now={
            <span title={formatPolExact(rules.registrationFeeWei)}>
              {formatPol(rules.registrationFeeWei)}
            </span>
          }
          pending={pendingFor(queue, 'registrationFee')}
        >
          <ChangeForm
            label="New registration fee"
            suffix="POL"
            busy={busy}
            parse={(text) => parseDecimal(text, 18)}
            hint="in POL, exact to the wei"
            onPropose={(wei) => propose('market/set-registration-fee', { feeWei: wei.toString() })}
          />
        </Rule>
        <Rule
          name="Collected fees"
          now={
            <>
              <span title={formatPolExact(rules.collected.marketFeesWei, unit)}>
                {formatPol(rules.collected.marketFeesWei, unit)}
              </span>{' '}
              <span className="muted small">market fees credited to the Safe</span>
              <br />
              <span title={formatPolExact(rules.collected.registrationFeesWei)}>
                {formatPol(rules.collected.registrationFeesWei)}
              </span>{' '}
              <span className="muted small">registration fees held by the registry</span>
            </>
          }
          pending={pendingFor(queue, 'registrationFeesWithdrawn')}
        >
          <button
            type="button"
            disabled={busy || rules.collected.registrationFeesWei === '0'}
            onClick={() => void propose('market/withdraw-registration-fees', {})}
          >
            Propose withdrawing the registration fees
          </button>
        </Rule>
      </div>
    </section>
  );
}

/** A rule that is a span of seconds, changed in whole minutes within the contract's bounds. */
/** A duration now, and the contract's minimum and maximum (inclusive), in seconds. */
type Seconds3 = [now: string, min: string, max: string];

/** The rules that are durations: what each is called, where the chain's value and bounds are, how to change it. */
const DURATION_RULES = {
  disputeWindow: {
    name: 'Dispute window',
    note: undefined,
    of: (r: MarketRulesView): Seconds3 => [
      r.disputeWindowSeconds,
      r.minDisputeWindowSeconds,
      r.maxDisputeWindowSeconds,
    ],
    propose: (propose: Propose, seconds: bigint) =>
      propose('market/set-dispute-window', { disputeWindowSeconds: seconds.toString() }),
  },
  arbitrationPeriod: {
    name: 'Arbitration period',
    note: 'for the owners to resolve a dispute before its default outcome',
    of: (r: MarketRulesView): Seconds3 => [
      r.arbitrationPeriodSeconds,
      r.minArbitrationPeriodSeconds,
      r.maxArbitrationPeriodSeconds,
    ],
    propose: (propose: Propose, seconds: bigint) =>
      propose('market/set-arbitration-period', { arbitrationPeriodSeconds: seconds.toString() }),
  },
} as const;

/** A duration rule: its value now (and the contract's bounds, inclusive), changed in whole minutes. */
function DurationRule({
  rule,
  rules,
  queue,
  busy,
  propose,
}: {
  rule: keyof typeof DURATION_RULES;
  rules: MarketRulesView;
  queue: QueueView | undefined;
  busy: boolean;
  propose: Propose;
}) {
  const { name, note, of } = DURATION_RULES[rule];
  const [seconds, min, max] = of(rules);
  const pending = pendingFor(queue, rule);
  const onPropose = (value: bigint) => DURATION_RULES[rule].propose(propose, value);
  return (
    <Rule
      name={name}
      now={
        <>
          <strong>{formatDuration(Number(seconds))}</strong>{' '}
          <span className="muted small">({groupDigits(BigInt(seconds))} s)</span>
          {note && (
            <>
              <br />
              <span className="muted small">{note}</span>
            </>
          )}
        </>
      }
      pending={pending}
    >
      <ChangeForm
        label={`New ${name.toLowerCase()}`}
        suffix="min"
        busy={busy}
        parse={(text) => {
          const minutes = parseDecimal(text, 0);
          if (minutes === null) return null;
          const value = minutes * 60n;
          return value >= BigInt(min) && value <= BigInt(max) ? value : null;
        }}
        hint={`whole minutes, ${formatDuration(Number(min))} to ${formatDuration(Number(max))}`}
        onPropose={onPropose}
      />
    </Rule>
  );
}

/** One rule: its value now, how to propose a change, what is already proposed. */
function Rule({
  name,
  now,
  pending,
  children,
}: {
  name: string;
  now: ReactNode;
  pending: ProposalView[];
  children: ReactNode;
}) {
  return (
    <section className="rule" aria-label={name}>
      <h3>{name}</h3>
      <p className="rule-now">{now}</p>
      {children}
      <div className="rule-pending">
        <span className="muted small">Waiting for signatures: </span>
        <Pending proposals={pending} />
      </div>
    </section>
  );
}

/** One typed value, checked as typed, proposed on Enter. */
function ChangeForm({
  label,
  suffix,
  hint,
  busy,
  parse,
  onPropose,
}: {
  label: string;
  suffix: string;
  hint: string;
  busy: boolean;
  parse(text: string): bigint | null;
  onPropose(value: bigint): Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const id = useId();
  const value = text.trim() ? parse(text) : null;
  const invalid = text.trim() !== '' && value === null;
  return (
    <form
      className="inline-form"
      onSubmit={async (e: FormEvent) => {
        e.preventDefault();
        if (value !== null && (await onPropose(value))) setText('');
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label} ({suffix})
      </label>
      <input
        id={id}
        className="small-number"
        inputMode="decimal"
        value={text}
        aria-invalid={invalid}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <span aria-hidden="true">{suffix}</span>
      <button type="submit" disabled={busy || value === null}>
        Propose
      </button>
      <span id={`${id}-hint`} className={invalid ? 'field-error small' : 'muted small'}>
        {invalid ? `Not a valid value: ${hint}` : hint}
      </span>
    </form>
  );
}

function Pending({ proposals }: { proposals: ProposalView[] }): ReactNode {
  if (proposals.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="plain-list">
      {proposals.map((p) => (
        <li key={p.safeTxHash}>
          <a href="#/safe">
            #{p.nonce} {p.title}
          </a>{' '}
          <span className="muted small">
            {p.confirmations} of {p.threshold} signed
          </span>
        </li>
      ))}
    </ul>
  );
}

function Oracles({
  rules,
  queue,
  busy,
  propose,
}: {
  rules: MarketRulesView;
  queue: QueueView | undefined;
  busy: boolean;
  propose: Propose;
}) {
  const [address, setAddress] = useState('');
  const id = useId();
  return (
    <section className="card" aria-labelledby="oracles-heading">
      <h2 id="oracles-heading">Meter oracles</h2>
      <p className="muted">Only authorised oracles mint energy from meter readings.</p>
      {rules.meterOracles.length === 0 ? (
        <Empty title="No meter oracle was ever authorised" />
      ) : (
        <ul className="owner-list">
          {rules.meterOracles.map((o) => (
            <li key={o.address}>
              <Address address={o.address} />{' '}
              {o.authorised ? <Badge tone="ok">authorised</Badge> : <Badge tone="neutral">removed</Badge>}
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void propose('market/set-meter-oracle', { oracle: o.address, authorised: !o.authorised })
                }
              >
                {o.authorised ? 'Propose removing' : 'Propose authorising again'}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await propose('market/set-meter-oracle', { oracle: address.trim(), authorised: true }))
            setAddress('');
        }}
      >
        <label htmlFor={id}>Authorise an oracle</label>
        <input
          id={id}
          value={address}
          placeholder="0x…"
          onChange={(e) => setAddress(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || !/^0x[0-9a-fA-F]{40}$/.test(address.trim())}>
          Propose
        </button>
      </form>
      <div className="rule-pending">
        <span className="muted small">Waiting for signatures: </span>
        <Pending proposals={pendingFor(queue, 'meterOracle')} />
      </div>
    </section>
  );
}

/**
 * Who owns each market contract, and any two-step handover in progress: the Safe accepts a
 * nomination with a proposal; a nomination of anyone else is shown as the danger it is.
 */
function Ownership({
  rules,
  queue,
  busy,
  propose,
}: {
  rules: MarketRulesView;
  queue: QueueView | undefined;
  busy: boolean;
  propose: Propose;
}) {
  const isSafe = (address: string | null) => address?.toLowerCase() === rules.safe.toLowerCase();
  return (
    <section className="card" aria-labelledby="ownership-heading">
      <h2 id="ownership-heading">Ownership</h2>
      <p className="muted">
        Each contract is owned by the consortium Safe; a handover takes two steps (nominate, then accept).
      </p>
      <div className="table-wrap">
        <table className="table" aria-label="Owner of each market contract">
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Owner</th>
              <th scope="col">Handover</th>
            </tr>
          </thead>
          <tbody>
            {rules.ownership.map((o: ContractOwnershipView) => (
              <tr key={o.contract}>
                <th scope="row">
                  {o.label}
                  <br />
                  <Address address={o.address} inRow />
                </th>
                <td>
                  <Address address={o.owner} inRow />
                  <br />
                  {isSafe(o.owner) ? (
                    <Badge tone="ok">consortium Safe</Badge>
                  ) : (
                    <Badge tone="bad">not the consortium Safe</Badge>
                  )}
                </td>
                <td>
                  {o.pendingOwner ? (
                    <>
                      <span className="muted small">nominated next owner </span>
                      <Address address={o.pendingOwner} inRow />
                      <br />
                      {isSafe(o.pendingOwner) ? (
                        <AcceptHandover ownership={o} queue={queue} busy={busy} propose={propose} />
                      ) : (
                        <Badge tone="bad">open: once it accepts, the Safe no longer governs it</Badge>
                      )}
                    </>
                  ) : (
                    <span className="muted">none open</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="rule-pending">
        <span className="muted small">Waiting for signatures: </span>
        <Pending proposals={pendingFor(queue, 'ownership')} />
      </div>
    </section>
  );
}

/** The open proposals whose intents match: each linked to its review screen. */
function openProposals(
  queue: QueueView | undefined,
  matches: (intent: IntentJson) => boolean,
): ProposalView[] {
  return (queue?.groups ?? [])
    .flatMap((g) => g.proposals)
    .filter((p) => p.status === 'open' && p.decoded.intents.some(matches));
}

function ReviewLinks({ proposals }: { proposals: ProposalView[] }): ReactNode {
  return proposals.map((p) => (
    <span key={p.safeTxHash} className="handover-proposal">
      <a href={`#/safe/${p.safeTxHash}`}>
        Review #{p.nonce} {p.title}
      </a>{' '}
      <span className="muted small">
        {p.confirmations} of {p.threshold} signed, not executed yet
      </span>
    </span>
  ));
}

/**
 * The Safe's half of a handover. Under the ConsortiumGuard the Safe may call only allowlisted
 * contracts, and the guard checks a whole batch before it runs: a contract handed over from outside
 * is first allowlisted in its own Safe transaction, and its acceptance is offered once that one is
 * executed. Without a guard, accepting is the one step.
 */
function AcceptHandover({
  ownership: o,
  queue,
  busy,
  propose,
}: {
  ownership: ContractOwnershipView;
  queue: QueueView | undefined;
  busy: boolean;
  propose: Propose;
}) {
  const same = (a: string) => a.toLowerCase() === o.address.toLowerCase();
  const accepting = openProposals(queue, (i) => i.kind === 'acceptOwnership' && i.contract === o.contract);
  const accept =
    accepting.length > 0 ? (
      <ReviewLinks proposals={accepting} />
    ) : (
      <button
        type="button"
        disabled={busy}
        onClick={() => void propose('market/accept-ownership', { contract: o.contract })}
      >
        Propose accepting ownership
      </button>
    );
  if (o.guardAllows === null) return accept;
  const allowing = openProposals(queue, (i) => i.kind === 'setTargetAllowed' && i.allowed && same(i.target));
  return (
    <ol className="handover-steps" aria-label={`Steps to accept the ${o.label.toLowerCase()}`}>
      <li>
        <span className="handover-step">Put it on the guard's allowlist</span>
        {o.guardAllows ? (
          <Badge tone="ok">done: the guard lets the Safe call it</Badge>
        ) : allowing.length > 0 ? (
          <ReviewLinks proposals={allowing} />
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void propose('safe/propose', {
                intents: [{ kind: 'setTargetAllowed', target: o.address, allowed: true }],
              })
            }
          >
            Propose allowlisting it on the guard
          </button>
        )}
      </li>
      <li>
        <span className="handover-step">Accept ownership</span>
        {o.guardAllows ? (
          accept
        ) : (
          <span className="muted small">
            offered once step 1 is executed (the guard refuses a call to a contract not on its allowlist)
          </span>
        )}
      </li>
    </ol>
  );
}

function History({ rules }: { rules: MarketRulesView }) {
  return (
    <section className="card" aria-labelledby="rules-history">
      <h2 id="rules-history">History</h2>
      {rules.history.length === 0 ? (
        <Empty title="No rule has changed since the market was deployed" />
      ) : (
        <div className="table-wrap">
          <table className="table rules-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Through the Safe</th>
              </tr>
            </thead>
            <tbody>
              {rules.history.map((h) => (
                <tr key={`${h.txHash}:${h.description}`}>
                  <td>
                    <TimeStamp at={h.at} />
                    <br />
                    <span className="muted small">block {groupDigits(BigInt(h.blockNumber))}</span>{' '}
                    <Hash hash={h.txHash} label="transaction hash" inRow />
                  </td>
                  <td className="wrap-anywhere">
                    {/* Durations for people, the exact seconds on hover. */}
                    {h.exact ? <span title={h.exact}>{h.description}</span> : h.description}
                  </td>
                  <td>
                    {h.safeTxHash ? (
                      <>
                        #{h.safeNonce} <Hash hash={h.safeTxHash} label="Safe transaction hash" inRow />
                        <br />
                        <span className="muted small">signed by </span>
                        {h.signedBy.map((s) => (
                          <Address key={s} address={s} inRow />
                        ))}
                        <br />
                        <span className="muted small">executed by </span>
                        {h.executedBy ? <Address address={h.executedBy} inRow /> : '—'}
                      </>
                    ) : (
                      <span className="muted">not through the Safe</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
