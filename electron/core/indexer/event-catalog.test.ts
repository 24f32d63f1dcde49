import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hexlify, Interface, randomBytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { loadMigrations, MIGRATIONS_DIR, migrate } from '../store';
import { decodeLog } from './decode';
import { COMMON_COLUMNS, EVENT_CATALOG, type EventTableColumns, eventTablesSql } from './event-catalog';

/** The catalog's tables as `db` has them, with all their columns. */
function eventTables(db: Database.Database): EventTableColumns {
  const tables = new Map<string, string[]>();
  for (const spec of EVENT_CATALOG) {
    const columns = db.prepare(`PRAGMA table_info(${spec.table})`).all() as { name: string }[];
    if (columns.length > 0)
      tables.set(
        spec.table,
        columns.map((c) => c.name),
      );
  }
  return tables;
}

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
  it('is what the migrations create: 0007 is the generator run against the schema of 0001–0006', () => {
    const migrations = loadMigrations(MIGRATIONS_DIR);
    const before = new Database(':memory:');
    migrate(
      before,
      migrations.filter((m) => m.id < 7),
    );
    expect(readFileSync(join(MIGRATIONS_DIR, '0007_market_events_v2.sql'), 'utf8')).toBe(
      eventTablesSql(eventTables(before)),
    );
    // Every table of the catalog has exactly the common columns and the event's own, once migrated.
    const after = new Database(':memory:');
    migrate(after, migrations);
    const tables = eventTables(after);
    for (const spec of EVENT_CATALOG) {
      expect(new Set(tables.get(spec.table)), spec.table).toEqual(
        new Set([...COMMON_COLUMNS, ...spec.columns.map((c) => c.name)]),
      );
    }
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

  it('decodes every event exactly as ethers does, static ones by hand included', () => {
    for (const spec of EVENT_CATALOG) {
      const iface = new Interface([spec.fragment]);
      for (let round = 0; round < 5; round++) {
        const values = spec.fragment.inputs.map((p) => randomValue(p.type));
        const { data, topics } = iface.encodeEventLog(spec.fragment, values);
        const decoded = decodeLog(
          {
            address: hexlify(randomBytes(20)),
            topics,
            data,
            blockNumber: '0x10',
            blockHash: hexlify(randomBytes(32)),
            logIndex: '0x2',
            transactionHash: hexlify(randomBytes(32)),
          },
          1_700_000_000,
        );
        const expected = iface.decodeEventLog(spec.fragment, data, topics);
        spec.fragment.inputs.forEach((p, i) => {
          const column = decoded?.columns[spec.columns[i]?.name as string];
          const want = expected[i];
          if (p.indexed && (p.type === 'string' || p.type === 'bytes' || p.type.endsWith(']'))) return;
          if (typeof want === 'bigint') expect(column).toBe(want.toString());
          else if (typeof want === 'boolean') expect(column).toBe(want ? '1' : '0');
          else if (typeof want === 'string')
            expect(column).toBe(p.type === 'string' ? want : want.toLowerCase());
          else expect(column).toBe(JSON.stringify([...want].map((v: string) => v.toLowerCase())));
        });
      }
    }
  });
});
