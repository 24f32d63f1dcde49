import type { ReactNode } from 'react';
import type { SerializedError } from '../api/contract';
import type { Query } from '../api/hooks';
import { ErrorPanel } from './error-panel';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <p>{children}</p>}
    </div>
  );
}

/**
 * The three states of a query in one place: its first load, its error (keeping the last good data
 * visible under the error when there is some) and its data.
 */
export function QueryView<T>({
  query,
  what,
  children,
  compact,
}: {
  query: Query<T>;
  what: string;
  children: (data: T) => ReactNode;
  /** Errors as one short block (for small cards). */
  compact?: boolean;
}) {
  const { data, error } = query;
  if (data === undefined && error)
    return compact ? (
      <ErrorPanel error={error} title={`Could not load ${what}`} onRetry={query.reload} compact />
    ) : (
      <QueryError error={error} what={what} onRetry={query.reload} />
    );
  if (data === undefined) return <Loading what={what} />;
  return (
    <>
      {error && <QueryError error={error} what={what} onRetry={query.reload} stale />}
      {children(data)}
    </>
  );
}

function QueryError({
  error,
  what,
  onRetry,
  stale,
}: {
  error: SerializedError;
  what: string;
  onRetry: () => void;
  stale?: boolean;
}) {
  return (
    <ErrorPanel
      error={error}
      title={stale ? `Could not refresh ${what}; showing the last answer` : `Could not load ${what}`}
      onRetry={onRetry}
    />
  );
}
