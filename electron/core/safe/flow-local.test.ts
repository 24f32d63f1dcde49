import { Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import { openStore } from '../store';
import { SafeChain } from './chain';
import { SafeFlow } from './flow';
import { startLocalChain } from './local-chain.fixture';
import { SafeQueueStore } from './queue-store';
import { failure, testOwners } from './testing/support';
import { startTxServiceDouble } from './transports/tx-service-double';

let chain: Awaited<ReturnType<typeof startLocalChain>>;
beforeAll(async () => {
  chain = await startLocalChain();
});
afterAll(() => chain?.stop());
let snapshot: string;
beforeEach(async () => {
  snapshot = await chain.snapshot();
});
afterEach(async () => {
  await chain.revert(snapshot);
});

const owners = testOwners();
function machine(txServiceUrl?: string) {
  const db = openStore(':memory:');
  const flow = new SafeFlow({
    store: new SafeQueueStore(db),
    setup: chain.setup,
    provider: chain.provider,
    txServiceUrl,
  });
  const audit = new AuditLog(db);
  recordEvents(flow.lifecycle, audit);
  return { db, flow, audit };
}

describe('Safe flow on a local chain', () => {
  it('replaces an owner and goes to 3-of-4 through bundles, then executes', async () => {
    const a = machine();
    const b = machine();
    const newOwner = Wallet.createRandom().address;
    const fourth = Wallet.createRandom().address;
    const p = await a.flow.propose(
      [
        { kind: 'swapOwner', oldOwner: owners[2]!.address, newOwner },
        { kind: 'addOwner', owner: fourth, threshold: 3 },
      ],
      { proposer: owners[0]!.address },
    );
    expect(p.simulation).toMatchObject({ status: 'success' });
    console.log(JSON.stringify(p.simulation?.events));
    await a.flow.sign(p.safeTxHash, owners[0]!);
    const file = await a.flow.exportBundle(p.safeTxHash);
    await b.flow.importBundle(file.content);
    await b.flow.sign(p.safeTxHash, owners[1]!);
    await a.flow.importBundle((await b.flow.exportBundle(p.safeTxHash)).content);
    const done = await a.flow.execute(p.safeTxHash, owners[2]!);
    expect(done.status).toBe('executed');
    const state = await a.flow.refreshState();
    expect(state.threshold).toBe(3);
    expect(state.owners).toEqual([fourth, owners[0]!.address, owners[1]!.address, newOwner]);
    expect(a.audit.verify().ok).toBe(true);
    console.log(
      a.audit
        .list()
        .map((e) => e.kind)
        .reverse()
        .join(' '),
    );
    await b.flow.reconcile();
    expect(b.flow.store.getProposal(p.safeTxHash)).toMatchObject({
      status: 'executed',
      executedTxHash: done.executedTxHash,
    });
  });

  it('competing rejection at the same nonce: executing it replaces the other, via approveHash and the service', async () => {
    const double = await startTxServiceDouble(new SafeChain(chain.provider, chain.setup));
    try {
      const a = machine(double.url);
      const b = machine(double.url);
      const signers = owners;
      const p = await a.flow.propose([{ kind: 'changeThreshold', threshold: 1 }], {
        proposer: signers[0]!.address,
      });
      const r = await a.flow.proposeRejection(p.tx.nonce, { proposer: signers[0]!.address });
      expect((await a.flow.queue()).groups[0]).toMatchObject({ competing: true });
      await a.flow.sign(r.safeTxHash, signers[0]!);
      expect(await a.flow.proposeToService(r.safeTxHash)).toMatchObject({ proposed: true });
      expect(await b.flow.syncService()).toMatchObject({ addedSignatures: 1, refused: [] });
      expect(await failure(a.flow.execute(r.safeTxHash, signers[0]!))).toMatchObject({
        code: 'THRESHOLD_NOT_MET',
      });
      await b.flow.approveOnChain(r.safeTxHash, owners[1]!);
      const v = await a.flow.view(r.safeTxHash);
      console.log(
        v.confirmations,
        v.threshold,
        v.signatures.map((s) => `${s.owner}:${s.source}`),
      );
      const done = await a.flow.execute(r.safeTxHash, signers[0]!);
      expect(done.status).toBe('executed');
      expect(a.flow.store.getProposal(p.safeTxHash)).toMatchObject({
        status: 'replaced',
        replacedBy: done.executedTxHash,
      });
      console.log(
        a.audit
          .list()
          .map((e) => e.kind)
          .reverse()
          .join(' '),
      );
    } finally {
      await double.close();
    }
  });
});
