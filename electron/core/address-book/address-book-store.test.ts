import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { getAddress } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContract } from '../api/contract';
import { AddressBook } from '../safe/review/address-book';
import type { SafeSetup } from '../safe/types';
import { openStore } from '../store';
import { AddressBookStore } from './address-book-store';

const A = getAddress('0x00000000000000000000000000000000000000a1');
const B = getAddress('0x00000000000000000000000000000000000000b2');
const SAFE = getAddress('0x00000000000000000000000000000000000000c3');
const OWNER = getAddress('0x00000000000000000000000000000000000000d4');
/** A store whose book names the Safe, A and (as `owner`) the owner, on chain 137. */
function bookNaming(owner: string): AddressBookStore {
  const store = new AddressBookStore(db);
  store.set({ chainId: 137, address: SAFE, name: 'Send refunds here' });
  store.set({ chainId: 137, address: OWNER, name: owner });
  store.set({ chainId: 137, address: A, name: 'Grid Ops' });
  return store;
}

/** A Safe on chain 137 whose market contracts are all B. */
const setup = {
  safe: { chainId: 137n, address: SAFE, version: '1.4.1' },
  market: { registry: B, market: B, token: B },
  contracts: {},
} as unknown as SafeSetup;

let dir: string;
let file: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-address-book-'));
  file = join(dir, 'session.sqlite');
  db = openStore(file);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the address book', () => {
  it('round-trips Safe{Wallet} CSV (address,name,chainId), every chain kept, quotes and commas intact', () => {
    const book = new AddressBookStore(db);
    const csv = `address,name,chainId\n${A},"Grid Ops, North ""HQ""",137\n${B.toLowerCase()},Meter vendor,80002\n`;
    expect(book.importCsv(csv)).toEqual({ saved: 2, refused: [] });
    db.close();
    db = openStore(file); // what was saved is on disk
    const reopened = new AddressBookStore(db);
    const exported = reopened.exportCsv();
    expect(exported).toBe(
      `address,name,chainId\n${A},"Grid Ops, North ""HQ""",137\n${B},Meter vendor,80002\n`,
    );
    const otherDb = openStore(join(dir, 'other.sqlite'));
    const again = new AddressBookStore(otherDb);
    expect(again.importCsv(exported)).toEqual({ saved: 2, refused: [] });
    expect(again.exportCsv()).toBe(exported);
    otherDb.close();
    expect(reopened.names(137)).toEqual(new Map([[A.toLowerCase(), 'Grid Ops, North "HQ"']]));
  });

  it('refuses malformed lines with their line numbers and keeps every good one', () => {
    const book = new AddressBookStore(db);
    const csv = [
      'name,chainId,address', // columns by the header's names, in any order
      `Alice,137,${A}`,
      'Bob,137,0x1234',
      `,137,${B}`,
      `Carol,polygon,${B}`,
      `"Dave,137,${B}`,
      '',
      `Erin,137,${B}`,
    ].join('\r\n');
    expect(book.importCsv(csv)).toEqual({
      saved: 2,
      refused: [
        { line: 3, reason: '"0x1234" is not an address' },
        { line: 4, reason: 'the name is empty' },
        { line: 5, reason: '"polygon" is not a chain id' },
        { line: 6, reason: 'a quote does not close' },
      ],
    });
    expect(book.list(137).map((e) => [e.name, e.address])).toEqual([
      ['Alice', A],
      ['Erin', B],
    ]);
    expect(book.importCsv('addr,label\n')).toEqual({
      saved: 0,
      refused: [{ line: 1, reason: 'the header must name address,name,chainId' }],
    });
  });

  it('edits and removes one name; the channel refuses a bad address or an empty name before core', () => {
    const book = new AddressBookStore(db);
    book.set({ chainId: 137, address: A, name: 'Alice' });
    book.set({ chainId: 137, address: A, name: 'Alice (north feeder)' });
    expect(book.list().map((e) => e.name)).toEqual(['Alice (north feeder)']);
    expect(book.remove(137, A)).toBe(true);
    expect(book.remove(137, A)).toBe(false);
    const set = apiContract['address-book/set'].input;
    expect(set.safeParse({ address: '0x1234', name: 'x' }).success).toBe(false);
    expect(set.safeParse({ address: A, name: '   ' }).success).toBe(false);
    expect(set.safeParse({ address: A, name: 'x'.repeat(51) }).success).toBe(false);
    expect(set.parse({ address: A.toLowerCase(), name: ' Alice ' })).toEqual({ address: A, name: 'Alice' });
  });

  it("ranks below the consortium's own names: a look-alike entry cannot rename the Safe or an owner", () => {
    const store = bookNaming('Attacker');
    const book = new AddressBook(setup, [OWNER], null, store.names(137));
    expect(book.name(SAFE)).toEqual({ address: SAFE, role: 'safe', name: 'The consortium Safe' });
    expect(book.name(OWNER)).toEqual({ address: OWNER, role: 'owner', name: 'Safe owner 1 of 1' });
    expect(book.name(A)).toEqual({ address: A, role: 'address-book', name: 'Grid Ops' });
    expect(new AddressBook(setup, [OWNER], null, store.names(80002)).name(A).role).toBe('unknown');
  });

  it('lists every name it knows for showing addresses anywhere: an owner keeps its place and gains the book name', () => {
    const store = bookNaming('Alice');
    const all = new AddressBook(setup, [OWNER], null, store.names(137)).all();
    const byAddress = new Map(all.map((n) => [n.address, n]));
    expect(byAddress.get(SAFE)).toEqual({ address: SAFE, role: 'safe', name: 'The consortium Safe' });
    expect(byAddress.get(OWNER)).toEqual({ address: OWNER, role: 'owner', name: 'Safe owner 1 of 1: Alice' });
    expect(byAddress.get(A)).toEqual({ address: A, role: 'address-book', name: 'Grid Ops' });
    expect(all.filter((n) => n.address === SAFE)).toHaveLength(1);
  });
});
