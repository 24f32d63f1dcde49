import type { Action } from '../api/hooks';
import { ErrorPanel } from './error-panel';

/** The outcome line of a user action: working, its error, or what it did. */
export function ActionStatus({ action, working }: { action: Action; working: string }) {
  return (
    <div aria-live="polite" className="action-status">
      {action.busy && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> {working}
        </p>
      )}
      {action.error && <ErrorPanel error={action.error} />}
      {action.done && (
        <p className="done" role="status">
          ✓ {action.done}
        </p>
      )}
    </div>
  );
}
