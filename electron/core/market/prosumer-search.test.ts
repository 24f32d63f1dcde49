import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amountToBlob, hexToBlob, openStore } from '../store';
import { marketProsumers } from './queries';

describe('prosumers list over the compact store', () => {
  it('finds prosumers by a prefix of their address or meter id (with or without 0x, any case) and counts by status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-prosumer-search-'));
    const db = openStore(join(dir, 'market.sqlite'));
    try {
      const insert = db.prepare(
        `INSERT INTO prosumers (address, status, meter_id, kyc_hash, fee_wei, applied_at, applied_block, applied_tx,
           updated_at, applications, rejections, trades, energy_sold_wh, energy_bought_wh, energy_minted_wh, application_hash)
         VALUES (?, 'admitted', ?, ?, ?, ?, 1, ?, 0, 1, 0, 0, 0, 0, 0, ?)`,
      );
      const hash = hexToBlob(`0x${'00'.repeat(32)}`);
      const prosumers = [
        [`0xab${'01'.repeat(19)}`, `0x${'5e'.repeat(32)}`],
        [`0xab${'02'.repeat(19)}`, `0x${'77'.repeat(32)}`],
        [`0xcd${'03'.repeat(19)}`, `0x${'5e'.repeat(32)}`],
      ] as const;
      prosumers.forEach(([address, meter], i) => {
        insert.run(hexToBlob(address), hexToBlob(meter), hash, amountToBlob(10n ** 18n), 100 + i, hash, hash);
      });
      db.prepare("INSERT INTO market_params (key, value) VALUES ('count:prosumers:admitted', '3')").run();
      const search = (text: string) =>
        marketProsumers(db, { search: text, offset: 0, limit: 10 }).rows.map((r) => r.address.toLowerCase());
      expect(search('0xAB')).toEqual([prosumers[1][0], prosumers[0][0]]);
      expect(search('ab0101')).toEqual([prosumers[0][0]]);
      expect(search('0x5e5e')).toEqual([prosumers[2][0], prosumers[0][0]]);
      expect(search('0xff')).toEqual([]);
      const page = marketProsumers(db, { status: 'admitted', offset: 0, limit: 10 });
      expect(page.total).toBe(3);
      expect(page.rows[0]).toMatchObject({ feeWei: String(10n ** 18n), kycHash: `0x${'00'.repeat(32)}` });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
