import type { SerializedError } from '../api/contract';
import { adviceFor } from '../api/error-advice';

/** An error as a person can act on it: what happened, what to do, and a retry when it may help. */
export function ErrorPanel({
  error,
  title = 'That did not work',
  onRetry,
  compact,
}: {
  error: SerializedError;
  title?: string;
  onRetry?: () => void;
  /** One short block, for small cards (charts): title, code and retry; the message on hover. */
  compact?: boolean;
}) {
  const advice = adviceFor(error);
  if (compact)
    return (
      <div
        className="error-panel compact"
        role="alert"
        title={`${error.message}${advice ? ` ${advice}` : ''}`}
      >
        <p className="error-title">{title}</p>
        <p className="error-code">
          <code>{error.code}</code>
        </p>
        {onRetry && (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    );
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
