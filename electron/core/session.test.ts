import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkChoice } from './api/contract/settings';
import { EventBus } from './api/event-bus';
import { demoAccounts } from './devnet';
import { Notices } from './notices';
import { silentLogger } from './ports/logger';
import { openSession, type Session } from './session';
import { DemoKeySigner } from './signers/demo-key';

const dataDir = mkdtempSync(join(tmpdir(), 'gk-session-'));
const events = new EventBus();
const open = (network: NetworkChoice, dir = dataDir) =>
  openSession({ dataDir: dir, network, log: silentLogger, events, notices: new Notices(events) });
let firstGenesis: string | undefined;
let training: Session;

beforeAll(async () => {
  const first = await open({ kind: 'training' });
  firstGenesis = first.connection?.genesisHash;
  await first.close();
  training = await open({ kind: 'training' });
}, 120_000);
afterAll(async () => {
  await training?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sessions', () => {
  it('a training start replaces the stores of the previous training chain instead of piling them up', () => {
    const genesis = training.connection?.genesisHash ?? '';
    expect(genesis).not.toBe(firstGenesis);
    const stores = readdirSync(join(dataDir, 'training', 'stores')).filter((f) => f.endsWith('.sqlite'));
    expect(stores).toHaveLength(2); // the Safe queue and audit log, and the market index
    for (const file of stores) expect(file).toContain(genesis.slice(2, 14));
    expect(readdirSync(dataDir)).not.toContain('stores');
  });

  it('an offline signing machine has no chain and no indexer, and signs a bundle from a connected one', async () => {
    const online = training.safe!.flow;
    const state = await online.owners();
    const proposal = await online.propose([{ kind: 'setMarketFee', feeBps: 150 }]);
    const [owner1, owner2] = demoAccounts().owners;
    await online.sign(proposal.safeTxHash, new DemoKeySigner(owner1!));
    const bundle = await online.exportBundle(proposal.safeTxHash);

    const offlineDir = mkdtempSync(join(tmpdir(), 'gk-offline-'));
    const offline = await open(
      {
        kind: 'offline',
        deployment: training.deployment!,
        safeState: { owners: state.owners, threshold: state.threshold, nonce: Number(state.nonce) },
      },
      offlineDir,
    );
    try {
      expect(offline).toMatchObject({ name: 'offline', chainId: 31337, connection: null, market: null });
      await offline.safe!.flow.importBundle(bundle.content);
      await offline.safe!.flow.sign(proposal.safeTxHash, new DemoKeySigner(owner2!));
      const signed = await offline.safe!.flow.view(proposal.safeTxHash);
      expect(signed.signatures.map((s) => s.owner).sort()).toEqual([owner1!.address, owner2!.address].sort());
      expect(signed.simulation).toMatchObject({ status: 'offline' });
      const back = await offline.safe!.flow.exportBundle(proposal.safeTxHash);
      expect((await online.importBundle(back.content)).addedSignatures).toEqual([owner2!.address]);
    } finally {
      await offline.close();
      rmSync(offlineDir, { recursive: true, force: true });
    }
  });
});
