import type { ProposalView } from '../../../electron/core/api/contract';
import { displayText } from '../../../electron/core/api/contract/display-text';

/** After a decision became a Safe proposal: what it is and where to sign it. */
export function ProposalCreated({ proposal }: { proposal: ProposalView }) {
  return (
    <p className="banner banner-ok" role="status">
      Proposed as Safe transaction <strong>#{proposal.nonce}</strong>: {displayText(proposal.title)}. It needs{' '}
      {proposal.threshold} signature{proposal.threshold === 1 ? '' : 's'} ({proposal.confirmations} so far).{' '}
      <a href="#/safe">Review and sign it in the Safe queue</a>.
    </p>
  );
}
