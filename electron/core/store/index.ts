export { writeFileAtomically } from './atomic-file';
export { loadMigrations, type Migration, migrate, schemaVersion } from './migrate';
export { MIGRATIONS_DIR, openStore, storeFileName } from './open';
