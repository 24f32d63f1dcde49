import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { AuditLog, parseAuditJsonLines, verifyAuditChain } from './log';
import { recordEvents } from './record-events';

let db: Database;
let log: AuditLog;
beforeEach(() => {
  db = openStore(':memory:');
  log = new AuditLog(db);
  for (let i = 0; i < 5; i++) {
    log.append({
      kind: 'SIGNED',
      safeTxHash: `0x${String(i).repeat(64)}`,
      actor: `0xowner${i}`,
      detail: { i },
    });
  }
});
afterEach(() => db.close());

/** An attacker with the database file in hand: the triggers are theirs to drop. */
function tamper(sql: string, ...params: unknown[]) {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.prepare(sql).run(...params);
}

describe('audit log', () => {
  it('chains every entry to the one before and verifies clean', () => {
    const entries = log.list().reverse();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.entryHash);
    expect(log.verify()).toMatchObject({ ok: true, entries: 5, problems: [] });
  });

  it('refuses updates and deletes through the database itself', () => {
    expect(() => db.prepare("UPDATE audit_log SET detail = '{}' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('detects an edited entry', () => {
    tamper(`UPDATE audit_log SET actor = '0xmallory' WHERE seq = 3`);
    const result = log.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ seq: 3, kind: 'edited', message: expect.stringMatching(/changed after/) }),
    ]);
  });

  it('detects a removed entry in the middle', () => {
    tamper('DELETE FROM audit_log WHERE seq = 2');
    const kinds = log.verify().problems.map((p) => [p.seq, p.kind]);
    expect(kinds).toEqual([
      [3, 'missing'],
      [3, 'broken-link'],
    ]);
  });

  it('detects reordered entries even when their sequence numbers are swapped back', () => {
    tamper('UPDATE audit_log SET seq = -2 WHERE seq = 2');
    db.prepare('UPDATE audit_log SET seq = 2 WHERE seq = 4').run();
    db.prepare('UPDATE audit_log SET seq = 4 WHERE seq = -2').run();
    const problems = log.verify().problems;
    expect(problems.some((p) => p.kind === 'edited' && p.seq === 2)).toBe(true);
    expect(problems.some((p) => p.kind === 'broken-link')).toBe(true);
  });

  it('detects entries removed from the end', () => {
    tamper('DELETE FROM audit_log WHERE seq >= 4');
    expect(log.verify().problems).toEqual([expect.objectContaining({ seq: 5, kind: 'truncated' })]);
  });

  it('exports JSON Lines that verify on their own and reveal edits in the copy', () => {
    const text = log.exportJsonLines();
    expect(text.trimEnd().split('\n')).toHaveLength(5);
    expect(verifyAuditChain(parseAuditJsonLines(text)).ok).toBe(true);
    const edited = text.replace('"0xowner1"', '"0xowner9"');
    expect(verifyAuditChain(parseAuditJsonLines(edited)).problems[0]).toMatchObject({
      seq: 2,
      kind: 'edited',
    });
  });

  it('exports owners’ text exactly but inert: bidi controls and line separators escaped, still verifying', () => {
    const title = 'Reject 0x2BE0…02B5: \u202edlrow\u202c\u2028Admit prosumer 0x1234…5678';
    log.append({ kind: 'PROPOSED', safeTxHash: null, actor: null, detail: { title } });
    const text = log.exportJsonLines();
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(text).toContain('\\u202e');
    const entries = parseAuditJsonLines(text);
    expect(JSON.parse(entries.at(-1)!.detail)).toEqual({ title });
    expect(verifyAuditChain(entries)).toMatchObject({ ok: true });
  });

  it('records lifecycle events as a wrapper, inside the caller’s transaction', () => {
    const listeners = new Set<(e: { type: string; safeTxHash: string; actor: string; n: number }) => void>();
    const source = {
      subscribe(l: (e: { type: string; safeTxHash: string; actor: string; n: number }) => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const stop = recordEvents(source, log);
    const emit = (n: number) => {
      for (const l of listeners)
        l({ type: 'EXECUTED', safeTxHash: `0x${'a'.repeat(64)}`, actor: '0xexec', n });
    };
    emit(1);
    expect(() =>
      db.transaction(() => {
        emit(2);
        throw new Error('step failed after its event');
      })(),
    ).toThrow('step failed');
    stop();
    emit(3);
    const newest = log.list({ limit: 1 })[0];
    expect(newest).toMatchObject({ seq: 6, kind: 'EXECUTED', actor: '0xexec', detail: '{"n":1}' });
    expect(log.verify().ok).toBe(true);
  });
});
