import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  amountToBlob,
  amountToHex,
  blobToAmount,
  blobToHex,
  hexToAmount,
  hexToBlob,
  orderedAmountHex,
} from './values';

const samples = (): bigint[] => {
  const out = [0n, 1n, 255n, 256n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n, 2n ** 256n - 1n];
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 500; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 256n;
    out.push(x >> BigInt(i % 256));
  }
  return out;
};

describe('ordered amounts', () => {
  it('round-trip exactly, from bigints and from hex words, as BLOBs and as their hex', () => {
    for (const n of samples()) {
      expect(blobToAmount(amountToBlob(n))).toBe(n);
      expect(hexToAmount(amountToHex(n))).toBe(n);
      expect(orderedAmountHex(n.toString(16).padStart(64, '0'))).toBe(amountToBlob(n).toString('hex'));
    }
    expect(amountToHex(0n)).toBe('00');
    expect(orderedAmountHex('0'.repeat(64))).toBe('00');
    expect(amountToHex(0x1abn)).toBe('0201ab');
    expect(amountToBlob(0n)).toEqual(Buffer.from([0]));
    expect(amountToBlob(10n ** 18n)).toHaveLength(9);
    expect(() => amountToBlob(-1n)).toThrow(/negative/);
  });

  it("sort in SQLite's BLOB order exactly as numbers do", () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v BLOB)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const values = samples();
    for (const n of values) insert.run(amountToBlob(n));
    const sorted = (db.prepare('SELECT v FROM t ORDER BY v').pluck().all() as Buffer[]).map(blobToAmount);
    expect(sorted).toEqual([...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('keeps hex as its bytes', () => {
    const hex = `0x${'0a'.repeat(20)}`;
    expect(hexToBlob(hex)).toHaveLength(20);
    expect(blobToHex(hexToBlob(hex.toUpperCase().replace('0X', '0x')))).toBe(hex);
  });
});
