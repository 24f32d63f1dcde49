import { type FocusEvent, type RefObject, useEffect, useRef } from 'react';
import type { ProposalView, QueueView } from '../../../electron/core/api/contract';
import { displayText } from '../../../electron/core/api/contract/display-text';
import { MAX_SAFE_FILE_BYTES } from '../../../electron/core/api/contract/file-limits';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { Badge } from '../components/badge';
import { FileInput } from '../components/file-input';
import { PageHeader } from '../components/page-header';
import { onRowKeys } from '../components/row-keys';
import { SigningPrompt } from '../components/signing-prompt';
import { Empty, QueryView } from '../components/states';
import { stopKindOf } from '../format/emergency';
import { formatCount } from '../format/units';
import { SafeHistory } from './safe-history';
import { OwnersPanel } from './safe-owners';
import { ProposalCard } from './safe-proposal';

const REFRESH = ['safe/tx-updated', 'app/network-changed', 'safe/simulations-refreshed'] as const;

export function SafePage() {
  const queue = useQuery('safe/queue', {}, { refreshOn: [...REFRESH] });
  const signers = useQuery('signer/list', {}, { refreshOn: ['signer/updated', 'app/network-changed'] });
  const action = useAction();
  const activeSigner = signers.data?.signers.find((s) => s.id === signers.data?.activeId);

  return (
    <>
      <PageHeader
        title="Safe"
        lead="The consortium's decisions waiting for signatures, by nonce. Next to run is on top."
      >
        <FileInput
          label="Import bundle…"
          accept=".json,application/json"
          maxBytes={MAX_SAFE_FILE_BYTES}
          onFile={async (file) => {
            await action.run('safe/import-bundle', { content: await file.text() }, (r) =>
              r.newProposal
                ? `Imported a new proposal (#${r.proposal.nonce}) with ${formatCount(r.addedSignatures.length, 'signature')}.`
                : `Added ${formatCount(r.addedSignatures.length, 'signature')} to #${r.proposal.nonce}.`,
            );
            queue.reload();
          }}
        />
        {queue.data?.txService && (
          <button
            type="button"
            disabled={action.busy}
            onClick={async () => {
              await action.run(
                'safe/sync-service',
                {},
                (r) =>
                  `Synced: ${formatCount(r.newProposals.length, 'new proposal')}, ${formatCount(r.addedSignatures, 'new signature')}${r.refused.length ? `, ${r.refused.length} refused (${r.refused.map((x) => displayText(x.reason)).join('; ')})` : ''}.`,
              );
              queue.reload();
            }}
          >
            Sync with Transaction Service
          </button>
        )}
      </PageHeader>
      <ActionStatus action={action} working="Working…" />
      <SigningPrompt />
      <QueryView query={queue} what="the Safe queue">
        {(data) => (
          <Queue
            queue={data}
            signerId={activeSigner?.id}
            signerAddress={activeSigner?.address}
            signerKind={activeSigner?.kind}
            onChange={queue.reload}
          />
        )}
      </QueryView>
      <OwnersPanel signerAddress={activeSigner?.address} />
      <SafeHistory />
    </>
  );
}

function Queue({
  queue,
  signerId,
  signerAddress,
  signerKind,
  onChange,
}: {
  queue: QueueView;
  signerId: string | undefined;
  signerAddress: string | undefined;
  signerKind: string | undefined;
  onChange(): void;
}) {
  useLinkedProposal(queue);
  const focusedRow = useFocusAfterRowLeft(queue);
  return (
    <section aria-labelledby="queue-heading">
      <div className="card-head">
        <h2 id="queue-heading" tabIndex={-1}>
          Queue
        </h2>
        <p className="muted">
          <Address address={queue.safeAddress} /> · {queue.threshold} of {queue.owners.length} owners must
          sign · next nonce <strong>{queue.nonce}</strong> ·{' '}
          {queue.online ? (
            <Badge tone="ok">online</Badge>
          ) : (
            <Badge tone="warn">{`offline, as of ${queue.stateAsOf}`}</Badge>
          )}
        </p>
      </div>
      {!signerId && (
        <p className="banner banner-warn">
          No active signer: choose one on the <a href="#/signers">Signers page</a> to sign, approve or
          execute.
        </p>
      )}
      {queue.groups.length === 0 ? (
        <Empty title="Nothing waiting">
          Decisions proposed from Admissions, Disputes or the owners panel appear here.
        </Empty>
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: j/k move between proposals
        <div
          onKeyDown={onRowKeys}
          onFocus={(event) => rememberRow(event, focusedRow)}
          onBlur={(event) => {
            // Focus moved elsewhere on purpose (not lost with a removed card): forget the row.
            const to = event.relatedTarget as Node | null;
            if (to && !event.currentTarget.contains(to)) focusedRow.current = null;
          }}
        >
          {queue.groups.map((group) => (
            <section key={group.nonce} className="nonce-group" aria-label={`Nonce ${group.nonce}`}>
              <h3>
                Nonce {group.nonce} {group.next && <Badge tone="info">next to execute</Badge>}{' '}
                {BigInt(group.nonce) < BigInt(queue.nonce) && (
                  <Badge tone="bad">nonce already used on chain: these can no longer run</Badge>
                )}{' '}
                {group.proposals.some((p) => p.status === 'open' && stopKindOf(p)) && (
                  <Badge tone="bad">urgent: emergency stop</Badge>
                )}{' '}
                {group.competing && (
                  <Badge tone="warn">competing proposals: executing one cancels the others</Badge>
                )}
              </h3>
              {group.proposals.map((proposal: ProposalView) => (
                <ProposalCard
                  key={proposal.safeTxHash}
                  proposal={proposal}
                  owners={queue.owners}
                  signerId={signerId}
                  signerAddress={signerAddress}
                  signerKind={signerKind}
                  txService={queue.txService}
                  onChange={onChange}
                />
              ))}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

interface FocusedRow {
  safeTxHash: string;
  nonce: bigint;
}

/** Notes which proposal holds focus (its card, its buttons or its open review dialog). */
function rememberRow(event: FocusEvent<HTMLElement>, focused: RefObject<FocusedRow | null>): void {
  const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
  const safeTxHash = row?.id.replace(/^proposal-/, '');
  if (row?.dataset.nonce && safeTxHash) focused.current = { safeTxHash, nonce: BigInt(row.dataset.nonce) };
}

/**
 * When the proposal that held focus leaves the queue (executed, replaced), focus would fall to
 * <body>: it moves to the first proposal at the same or a later nonce, else to the queue's heading.
 */
function useFocusAfterRowLeft(queue: QueueView): RefObject<FocusedRow | null> {
  const focused = useRef<FocusedRow | null>(null);
  useEffect(() => {
    const left = focused.current;
    if (!left || document.getElementById(`proposal-${left.safeTxHash}`)) return;
    focused.current = null;
    if (document.activeElement && document.activeElement !== document.body) return;
    const next = queue.groups.find((group) => BigInt(group.nonce) >= left.nonce)?.proposals[0];
    const target = next && document.getElementById(`proposal-${next.safeTxHash}`);
    (
      target?.querySelector<HTMLElement>('[data-row-focus]') ?? document.getElementById('queue-heading')
    )?.focus();
  }, [queue]);
  return focused;
}

/** `#/safe/<safeTxHash>` (links from Admissions, Disputes, conflicts): scroll to that proposal and focus it. */
function useLinkedProposal(queue: QueueView) {
  const linked = location.hash.split('/')[2];
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again once the queue (re)renders the card
  useEffect(() => {
    if (!linked) return;
    const card = document.getElementById(`proposal-${linked}`);
    card?.scrollIntoView({ block: 'start' });
    card?.querySelector<HTMLElement>('[data-row-focus]')?.focus({ preventScroll: true });
  }, [linked, queue]);
}
