import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from './migrate';
import { MIGRATIONS_DIR, openStore, storeFileName } from './open';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeMigrations(files: Record<string, string>): string {
  const migrations = join(dir, 'migrations');
  rmSync(migrations, { recursive: true, force: true });
  mkdirSync(migrations);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(migrations, name), sql);
  return migrations;
}

describe('store migrations', () => {
  it('applies every migration of the app to an empty database, in WAL mode', () => {
    const db = openStore(join(dir, 'a.sqlite'));
    expect(schemaVersion(db)).toBe(loadMigrations(MIGRATIONS_DIR).length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('applies only the pending migrations when reopened', () => {
    const first = writeMigrations({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' });
    const file = join(dir, 'b.sqlite');
    openStore(file, first).close();
    const second = writeMigrations({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
      '0002_b.sql': 'CREATE TABLE b (y INTEGER);',
    });
    const db = new BetterSqlite3(file);
    expect(migrate(db, loadMigrations(second)).applied).toEqual([2]);
    expect(migrate(db, loadMigrations(second)).applied).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer app, without touching it', () => {
    const newer = writeMigrations({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
      '0002_b.sql': 'CREATE TABLE b (y INTEGER);',
    });
    const file = join(dir, 'c.sqlite');
    openStore(file, newer).close();
    const older = writeMigrations({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' });
    expect(() => openStore(file, older)).toThrow(/newer Gridkeeper \(schema 2, this app knows up to 1\)/);
  });

  it('refuses a database whose history differs from the files', () => {
    const original = writeMigrations({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' });
    const file = join(dir, 'd.sqlite');
    openStore(file, original).close();
    const renamed = writeMigrations({ '0001_other.sql': 'CREATE TABLE a (x INTEGER);' });
    expect(() => openStore(file, renamed)).toThrow(/history does not match/);
  });

  it('rolls back a failing migration and records nothing of it', () => {
    const broken = writeMigrations({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
      '0002_bad.sql': 'CREATE TABLE c (z INTEGER); NOT SQL;',
    });
    const file = join(dir, 'e.sqlite');
    expect(() => openStore(file, broken)).toThrow();
    const db = new BetterSqlite3(file);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    db.close();
  });

  it('rejects gaps and badly named files', () => {
    expect(() => loadMigrations(writeMigrations({ '0001_a.sql': '', '0003_c.sql': '' }))).toThrow(
      /without gaps/,
    );
    expect(() => loadMigrations(writeMigrations({ '1_a.sql': '' }))).toThrow(/NNNN_snake_name/);
  });

  it('names one file per chain id and genesis hash', () => {
    const genesis = `0x${'ab'.repeat(32)}`;
    expect(storeFileName(137n, genesis)).toBe('chain-137-abababababab.sqlite');
    expect(storeFileName(31337, genesis, '0x5FbDB2315678afecb367f032d93F642f64180aa3')).toBe(
      'chain-31337-abababababab-5fbdb23156.sqlite',
    );
  });
});
