export { writeFileAtomically } from './atomic-file';
export { type CheckedStoreOptions, openCheckedStore, quickCheck, type StoreRole } from './integrity';
export { firstKeyAtOrAfter } from './key-by-time';
export { loadMigrations, type Migration, migrate, schemaVersion } from './migrate';
export { MIGRATIONS_DIR, openStore, storeFileName } from './open';
export {
  cachedStatement,
  cachedStatementCount,
  clearStatementCache,
  STATEMENT_CACHE_SIZE,
} from './statement-cache';
export {
  amountToBlob,
  amountToHex,
  blobToAmount,
  blobToHex,
  hexToAmount,
  hexToBlob,
  orderedAmountHex,
} from './values';
