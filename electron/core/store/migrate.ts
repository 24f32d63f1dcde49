import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GridkeeperError } from '../api/contract/errors';
import { registerValueFunctions } from './values';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_snake_name.sql` files; ids must run 1, 2, 3… without gaps or repeats. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new Error(`Migration file ${file} is not named NNNN_snake_name.sql`);
      return { id: Number(match[1]), name: match[2] as string, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.id - b.id);
  migrations.forEach((m, i) => {
    if (m.id !== i + 1)
      throw new Error(
        `Migrations must be numbered 0001, 0002, … without gaps; found ${m.id} at position ${i + 1}`,
      );
  });
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction, recording it in `schema_migrations`.
 * Refuses a database that is newer than the app or whose history differs from the files:
 * such a database is never silently altered.
 */
export function migrate(db: Database, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const recorded = db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as {
    id: number;
    name: string;
  }[];
  const latestKnown = migrations.at(-1)?.id ?? 0;
  recorded.forEach((row, i) => {
    if (row.id > latestKnown) {
      throw new GridkeeperError(
        'STORE_VERSION_UNSUPPORTED',
        `This database was written by a newer Gridkeeper (schema ${row.id}, this app knows up to ${latestKnown}). Update Gridkeeper to open it.`,
        { schemaVersion: recorded.at(-1)?.id ?? 0, supportedVersion: latestKnown },
      );
    }
    const expected = migrations[i];
    if (!expected || row.id !== expected.id || row.name !== expected.name) {
      throw new GridkeeperError(
        'STORE_CORRUPT',
        `The database's migration history does not match this app (at ${row.id}_${row.name}).`,
        {
          migration: `${row.id}_${row.name}`,
        },
      );
    }
  });
  registerValueFunctions(db);
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (id, name) VALUES (?, ?)');
  for (const m of migrations.slice(recorded.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name);
    })();
    applied.push(m.id);
  }
  return { applied };
}

export function schemaVersion(db: Database): number {
  const row = db.prepare('SELECT MAX(id) AS v FROM schema_migrations').get() as
    | { v: number | null }
    | undefined;
  return row?.v ?? 0;
}
