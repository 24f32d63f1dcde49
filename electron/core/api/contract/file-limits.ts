/**
 * The largest files the app reads, in bytes. No imports: the renderer checks a chosen file against
 * these before reading it, and names the limit when it refuses.
 */
/** A signed bundle or proposal file. */
export const MAX_SAFE_FILE_BYTES = 4 * 1024 * 1024;
/** A deployment record. */
export const MAX_DEPLOYMENT_RECORD_BYTES = 64 * 1024;
