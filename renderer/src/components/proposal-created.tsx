import type { ProposalView } from '../../../electron/core/api/contract';

/** After a decision became a Safe proposal: what it is, where to sign it, and what else in the queue it meets. */
export function ProposalCreated({ proposal }: { proposal: ProposalView }) {
  return (
    <>
      <p className="banner banner-ok" role="status">
        Proposed as Safe transaction <strong>#{proposal.nonce}</strong>: {proposal.title}. It needs{' '}
        {proposal.threshold} signature{proposal.threshold === 1 ? '' : 's'} ({proposal.confirmations} so far).{' '}
        <a href={`#/safe/${proposal.safeTxHash}`}>Review and sign it in the Safe queue</a>.
      </p>
      {proposal.conflicts
        .filter((c) => c.subject !== 'nonce')
        .map((c) => (
          <p key={`${c.key}-${c.other.safeTxHash}`} className="banner banner-warn" role="alert">
            Another proposal already acts on {c.label}:{' '}
            <a href={`#/safe/${c.other.safeTxHash}`}>
              #{c.other.nonce} {c.other.title}
            </a>
            . Only one of them can be right; reject the other one if this one replaces it.
          </p>
        ))}
    </>
  );
}
