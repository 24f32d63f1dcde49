import type { SerializedError } from '../api/contract';
import { adviceFor } from '../api/error-advice';

/** An error as a person can act on it: what happened, what to do, and a retry when it may help. */
export function ErrorPanel({
  error,
  title = 'That did not work',
  onRetry,
}: {
  error: SerializedError;
  title?: string;
  onRetry?: () => void;
}) {
  const advice = adviceFor(error);
  return (
    <div className="error-panel" role="alert">
      <p className="error-title">{title}</p>
      <p>{error.message}</p>
      {advice && <p className="error-advice">{advice}</p>}
      <p className="error-code">
        Code <code>{error.code}</code>
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
