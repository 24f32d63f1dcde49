import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EventBus } from './api/event-bus';
import { silentLogger } from './ports/logger';
import { openSession } from './session';

const dataDir = mkdtempSync(join(tmpdir(), 'gk-session-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('a training start replaces the stores of the previous training chain instead of piling them up', async () => {
  const open = () =>
    openSession({ dataDir, network: { kind: 'training' }, log: silentLogger, events: new EventBus() });
  const first = await open();
  const firstGenesis = first.connection.genesisHash;
  await first.close();
  const second = await open();
  try {
    expect(second.connection.genesisHash).not.toBe(firstGenesis);
    const stores = readdirSync(join(dataDir, 'training', 'stores')).filter((f) => f.endsWith('.sqlite'));
    expect(stores).toHaveLength(2); // the Safe queue and audit log, and the market index
    for (const file of stores) expect(file).toContain(second.connection.genesisHash.slice(2, 14));
    expect(readdirSync(dataDir)).not.toContain('stores');
  } finally {
    await second.close();
  }
}, 120_000);
