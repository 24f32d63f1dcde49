import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hexlify, Interface, randomBytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { loadMigrations, MIGRATIONS_DIR, migrate } from '../store';
import { decodeLog, insertSql, rowValues } from './decode';
import { COMMON_COLUMNS, compactEventTablesSql, EVENT_CATALOG } from './event-catalog';
import { eventTextRow, workingText } from './stored-values';

/** The catalog's tables as `db` has them: table → `name TYPE` of each column. */
function eventTables(db: Database.Database): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const spec of EVENT_CATALOG) {
    const columns = db.prepare(`PRAGMA table_info(${spec.table})`).all() as { name: string; type: string }[];
    if (columns.length > 0)
      tables.set(
        spec.table,
        columns.map((c) => `${c.name} ${c.type}`),
      );
  }
  return tables;
}

const SQL_TYPES = { hex: 'BLOB', amount: 'BLOB', integer: 'INTEGER', text: 'TEXT' } as const;
const COMMON_TYPES = ['INTEGER', 'INTEGER', 'BLOB', 'INTEGER', 'INTEGER'];

function randomValue(type: string): unknown {
  if (type === 'address') return hexlify(randomBytes(20));
  if (type === 'bool') return Math.random() < 0.5;
  if (type === 'string') return `reason ${Math.random()}`;
  if (type === 'bytes') return hexlify(randomBytes(37));
  if (type.endsWith('[]')) return [randomValue(type.slice(0, -2)), randomValue(type.slice(0, -2))];
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return hexlify(randomBytes(Number(bytes[1])));
  const bits = Number(/\d+$/.exec(type)?.[0] ?? 256);
  const raw = BigInt(hexlify(randomBytes(bits / 8)));
  return type.startsWith('int') ? BigInt.asIntN(bits, raw) : raw;
}

describe('event catalog', () => {
  it('is what the migrations create: 0011 holds the compact event tables of the generator', () => {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    expect(readFileSync(join(MIGRATIONS_DIR, '0011_compact_storage.sql'), 'utf8')).toContain(
      compactEventTablesSql(),
    );
    // Every table of the catalog has exactly the common columns and the event's own, in their
    // compact types, once migrated.
    const after = new Database(':memory:');
    migrate(after, migrations);
    const tables = eventTables(after);
    for (const spec of EVENT_CATALOG) {
      expect(tables.get(spec.table), spec.table).toEqual([
        ...COMMON_COLUMNS.map((c, i) => `${c} ${COMMON_TYPES[i]}`),
        ...spec.columns.map((c) => `${c.name} ${SQL_TYPES[c.storage]}`),
      ]);
    }
    // Hashes, addresses and wide amounts are BLOBs; ids, flags and small integers INTEGER.
    const storage = (table: string, column: string) =>
      EVENT_CATALOG.find((s) => s.table === table)?.columns.find((c) => c.name === column)?.storage;
    expect(storage('trade_opened', 'seller')).toBe('hex');
    expect(storage('trade_opened', 'payment_amount')).toBe('amount');
    expect(storage('trade_opened', 'trade_id')).toBe('integer');
    expect(storage('trade_opened', 'fee_bps')).toBe('integer');
    expect(storage('prosumer_applied', 'kyc_hash')).toBe('hex');
    expect(storage('prosumer_rejected', 'reason')).toBe('text');
    expect(new Set(EVENT_CATALOG.map((e) => e.table)).size).toBe(EVENT_CATALOG.length);
    expect(EVENT_CATALOG.map((e) => e.table)).toEqual(
      expect.arrayContaining([
        'trade_opened',
        'dispute_resolved',
        'dispute_ended',
        'prosumer_applied',
        'execution_success',
        'added_owner',
      ]),
    );
  });

  it('decodes every event exactly as ethers does, static ones by hand included, and stores it so', () => {
    const db = new Database(':memory:');
    migrate(db, loadMigrations(MIGRATIONS_DIR));
    let block = 16;
    for (const spec of EVENT_CATALOG) {
      const iface = new Interface([spec.fragment]);
      const insert = db.prepare(insertSql(spec));
      const read = db.prepare(`SELECT * FROM ${spec.table} WHERE block_number = ?`);
      for (let round = 0; round < 5; round++) {
        const values = spec.fragment.inputs.map((p) => randomValue(p.type));
        const { data, topics } = iface.encodeEventLog(spec.fragment, values);
        const txHash = hexlify(randomBytes(32));
        const decoded = decodeLog(
          {
            address: hexlify(randomBytes(20)),
            topics,
            data,
            blockNumber: `0x${(++block).toString(16)}`,
            blockHash: hexlify(randomBytes(32)),
            logIndex: '0x2',
            transactionHash: txHash,
          },
          1_700_000_000,
        );
        if (!decoded) throw new Error(`${spec.name} was not decoded`);
        insert.run(rowValues(decoded, 1));
        const stored = eventTextRow(read.get(block)) as Record<string, unknown>;
        expect(stored.tx_hash).toBe(txHash);
        const expected = iface.decodeEventLog(spec.fragment, data, topics);
        spec.fragment.inputs.forEach((p, i) => {
          const name = spec.columns[i]?.name as string;
          const working = workingText(name, decoded.values[i]);
          const column = typeof working === 'string' ? working : String(working);
          const want = expected[i];
          if (p.indexed && (p.type === 'string' || p.type === 'bytes' || p.type.endsWith(']'))) return;
          // Ids are bounded by the contracts (far below 2^53), not by this test's random words.
          if ((name === 'trade_id' || name === 'offer_id') && want > BigInt(Number.MAX_SAFE_INTEGER)) return;
          if (typeof want === 'bigint') expect(column, name).toBe(want.toString());
          else if (typeof want === 'boolean') expect(column, name).toBe(want ? '1' : '0');
          else if (typeof want === 'string')
            expect(column, name).toBe(p.type === 'string' ? want : want.toLowerCase());
          else expect(column, name).toBe(JSON.stringify([...want].map((v: string) => v.toLowerCase())));
          // The stored row reads back as the same text.
          expect(stored[name], name).toBe(column);
        });
      }
    }
  });
});
