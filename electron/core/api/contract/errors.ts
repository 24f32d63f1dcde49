/**
 * The one error shape of Gridkeeper. Every failure that crosses the api boundary is a
 * GridkeeperError with a stable `code`, a message a person can act on and serialisable `details`.
 * Anything else thrown inside core becomes `INTERNAL` at the router (and is logged there).
 */
export const ERROR_CODES = [
  'INPUT_INVALID',
  'NOT_CONFIGURED',
  'UNSUPPORTED_CHAIN',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'CONFLICT',
  'RPC_UNAVAILABLE',
  'OFFLINE',
  'CHAIN_MISMATCH',
  'NOT_SAFE_OWNER',
  'INTENT_INVALID',
  'HASH_MISMATCH',
  'SIGNATURE_INVALID',
  'THRESHOLD_NOT_MET',
  'NONCE_SPENT',
  'DANGEROUS_TRANSACTION',
  'POLICY_REFUSED',
  'DEPLOYMENT_MISMATCH',
  'SIMULATION_FAILED',
  'EXECUTION_FAILED',
  'BUNDLE_REJECTED',
  'TX_SERVICE_ERROR',
  'SIGNER_NOT_FOUND',
  'SIGNER_LOCKED',
  'SIGNER_WRONG_PASSWORD',
  'SIGNER_REJECTED',
  'SIGNER_WRONG_APP',
  'SIGNER_APP_CLOSED',
  'SIGNER_APP_TOO_OLD',
  'SIGNER_BLIND_SIGNING_DISABLED',
  'SIGNER_DISCONNECTED',
  'SIGNER_BUSY',
  'SIGNER_TIMEOUT',
  'SIGNER_PERMISSION_DENIED',
  'STORE_VERSION_UNSUPPORTED',
  'STORE_CORRUPT',
  'AUDIT_TAMPERED',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Record<string, string | number | boolean | null | string[]>;

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class GridkeeperError extends Error {
  override readonly name = 'GridkeeperError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): SerializedError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isGridkeeperError(value: unknown): value is GridkeeperError {
  return value instanceof GridkeeperError;
}

/** Normalises anything thrown into a GridkeeperError; unknown throws become INTERNAL. */
export function asGridkeeperError(value: unknown): GridkeeperError {
  if (value instanceof GridkeeperError) return value;
  // DOMException from AbortSignal/fetch, Node's own AbortError from timers, events and streams.
  if (value instanceof Error && value.name === 'AbortError') {
    return new GridkeeperError('CANCELLED', 'The operation was cancelled.');
  }
  // SQLite's SQLITE_CORRUPT / SQLITE_NOTADB (and their extended codes): a damaged store, not a bug.
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(String((value as { code?: unknown } | null)?.code ?? ''))) {
    return new GridkeeperError(
      'STORE_CORRUPT',
      `A store file is damaged (${(value as Error).message}). Restart Gridkeeper: it checks every store when it opens it, names the damaged file and says how to recover.`,
      undefined,
      { cause: value },
    );
  }
  return new GridkeeperError(
    'INTERNAL',
    'Something went wrong inside Gridkeeper; the details are in the log.',
    undefined,
    {
      cause: value,
    },
  );
}
