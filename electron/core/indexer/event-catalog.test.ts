import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexlify, Interface, randomBytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../store';
import { decodeLog } from './decode';
import { EVENT_CATALOG, eventTablesSql } from './event-catalog';

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
  it('is what migration 0004 creates, one table per event', () => {
    expect(readFileSync(join(MIGRATIONS_DIR, '0004_market_events.sql'), 'utf8')).toBe(eventTablesSql());
    expect(new Set(EVENT_CATALOG.map((e) => e.table)).size).toBe(EVENT_CATALOG.length);
    expect(EVENT_CATALOG.map((e) => e.table)).toEqual(
      expect.arrayContaining([
        'trade_opened',
        'dispute_resolved',
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
