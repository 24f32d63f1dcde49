// One byte changed in a store's file header, and one in a table's data page: each is found at open
// with the file named; the market index store is put aside and rebuilt, the records store (Safe
// queue, audit log) is never changed, and the owner is told what it still holds and how to recover.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../api/event-bus';
import { createRouter, type Handlers } from '../api/router';
import { AuditLog } from '../audit';
import { Notices } from '../notices';
import { silentLogger } from '../ports/logger';
import { openCheckedStore, type StoreRole } from './integrity';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeWithRecords(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gk-integrity-'));
  dirs.push(dir);
  const file = join(dir, 'stores', 'chain-1-abc.sqlite');
  const db = openCheckedStore(file, {
    role: 'records',
    log: silentLogger,
    notices: new Notices(new EventBus()),
  });
  const audit = new AuditLog(db);
  for (let i = 0; i < 200; i++) audit.append({ kind: 'note', detail: { i, text: 'x'.repeat(100) } });
  db.close();
  return { file, dir };
}

/** Byte offsets to damage: the file header's magic string, or the page-type byte of a table's root page. */
function offsetOf(file: string, where: 'header' | 'data page'): number {
  if (where === 'header') return 0;
  const db = new BetterSqlite3(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = (
    db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").get() as { rootpage: number }
  ).rootpage;
  db.close();
  return (root - 1) * pageSize;
}

function damage(file: string, offset: number): void {
  const fd = openSync(file, 'r+');
  const byte = readFileSync(file).subarray(offset, offset + 1)[0] as number;
  writeSync(fd, Buffer.from([byte ^ 0xff]), 0, 1, offset);
  closeSync(fd);
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.each(['header', 'data page'] as const)('one byte changed in the %s', (where) => {
  it.each(['records', 'index'] as StoreRole[])('is found at open of a %s store', (role) => {
    const { file, dir } = storeWithRecords();
    damage(file, offsetOf(file, where));
    const before = sha(file);
    const events = new EventBus();
    const notices = new Notices(events);
    const open = () => openCheckedStore(file, { role, log: silentLogger, notices });

    if (role === 'records') {
      let thrown: unknown;
      try {
        open();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'STORE_CORRUPT' });
      const message = (thrown as Error).message;
      expect(message).toContain(file);
      expect(message).toMatch(/did not change it/);
      expect(message).toMatch(/To recover/);
      // Never overwritten: the file is byte for byte what it was, and a copy sits beside it.
      expect(sha(file)).toBe(before);
      const copies = readdirSync(join(dir, 'stores')).filter(
        (f) => /\.corrupt-[^-]/.test(f) && !/-(wal|shm)$/.test(f),
      );
      expect(copies).toHaveLength(1);
      expect(sha(join(dir, 'stores', copies[0] as string))).toBe(before);
      if (where === 'data page') expect(message).toMatch(/audit log cannot be read|entries up to/);
      expect(notices.list()).toMatchObject([{ kind: 'store-corrupt', tone: 'bad', file }]);
    } else {
      const db = open();
      // Rebuilt: an empty store of the current schema, the damaged one kept aside, the owner told.
      expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(0);
      db.close();
      expect(notices.list()).toMatchObject([{ kind: 'store-rebuilt', tone: 'warn', file }]);
      expect(notices.list()[0]?.message).toMatch(/rebuilt from the chain/);
      const aside = readdirSync(join(dir, 'stores')).filter((f) => f.includes('.corrupt-'));
      expect(aside.length).toBeGreaterThan(0);
    }
  });
});

describe('a store damaged while the app runs', () => {
  it('answers STORE_CORRUPT, not INTERNAL, and the log has the cause', async () => {
    const { file } = storeWithRecords();
    damage(file, offsetOf(file, 'data page'));
    const db = new BetterSqlite3(file); // opened past the check, as if it broke after the open
    const logged: Record<string, unknown>[] = [];
    const log = {
      ...silentLogger,
      error: (message: string, fields?: Record<string, unknown>) => void logged.push({ message, ...fields }),
    };
    const router = createRouter(
      { 'audit/list': async () => new AuditLog(db).list() } as unknown as Handlers,
      log,
    );
    const reply = await router.invoke('audit/list', {});
    db.close();
    expect(reply).toMatchObject({ ok: false, error: { code: 'STORE_CORRUPT' } });
    expect(logged).toMatchObject([
      { code: 'STORE_CORRUPT', causes: [expect.stringMatching(/SqliteError \[SQLITE_CORRUPT.*malformed/)] },
    ]);
  });
});

describe('store files', () => {
  it('are 0600 in a 0700 folder, and a sound store opens without a notice', () => {
    const { file } = storeWithRecords();
    const notices = new Notices(new EventBus());
    const db = openCheckedStore(file, { role: 'records', log: silentLogger, notices });
    new AuditLog(db).append({ kind: 'note', detail: {} });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (existsSync(`${file}-wal`)) expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(notices.list()).toEqual([]);
    db.close();
  });

  it('checkpoint their WAL periodically', async () => {
    const { file } = storeWithRecords();
    const notices = new Notices(new EventBus());
    const db = openCheckedStore(file, { role: 'records', log: silentLogger, notices, checkpointEveryMs: 50 });
    db.pragma('wal_autocheckpoint = 0');
    const audit = new AuditLog(db);
    for (let i = 0; i < 500; i++) audit.append({ kind: 'note', detail: { i, text: 'y'.repeat(500) } });
    // With automatic checkpoints off, the new pages sit in the WAL until the timer's checkpoint
    // copies them into the database file, which grows then.
    const before = statSync(file).size;
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(250_000);
    await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeGreaterThan(before + 200_000);
    db.close();
  });
});
