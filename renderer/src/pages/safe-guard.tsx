import { useQuery } from '../api/hooks';
import { Address } from '../components/address';
import { Badge } from '../components/badge';
import { sameAddress } from '../format/address';

/** Whether the Safe runs with a transaction guard, as its guard storage slot says. */
export function GuardStatus() {
  const query = useQuery('safe/guard', {}, { refreshOn: ['safe/tx-updated', 'app/network-changed'] });
  const view = query.data;
  if (!view) return null;
  if (!view.online) {
    return (
      <p>
        Transaction guard: <Badge tone="neutral">unknown offline</Badge>
      </p>
    );
  }
  if (!view.guard) {
    return (
      <p>
        Transaction guard: <Badge tone="warn">none</Badge> the Safe executes whatever the threshold signs,
        including changes to its modules and fallback handler.
        {view.recordGuard && (
          <>
            {' '}
            The deployment record names <Address address={view.recordGuard} />, not installed.
          </>
        )}
      </p>
    );
  }
  const expected = sameAddress(view.guard, view.recordGuard);
  return (
    <p>
      Transaction guard: <Badge tone={expected ? 'ok' : 'warn'}>installed</Badge>{' '}
      <Address address={view.guard} />{' '}
      {expected
        ? '(the ConsortiumGuard of the deployment record: the chain refuses what the signing policy refuses)'
        : view.recordGuard
          ? 'is not the ConsortiumGuard the deployment record names'
          : '(the deployment record names no guard)'}
    </p>
  );
}
