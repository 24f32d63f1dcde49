import { Wallet, ZeroAddress } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import { openStore } from '../store';
import { safeInterface } from './abis';
import { SafeFlow } from './flow';
import { SafeQueueStore } from './queue/queue-store';
import { SafeChain } from './safe-reader';
import { devnetOwners, startSafeDevnet } from './testing/devnet-setup';
import { failure } from './testing/support';
import { startTxServiceDouble } from './testing/tx-service-double';
import { createBundle } from './transports/bundle';
import { decodeSafeTx } from './verify/decode';
import { hashSafeTx, safeTxTypedData } from './verify/hash';

let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
let owners: ReturnType<typeof devnetOwners>;
beforeAll(async () => {
  chain = await startSafeDevnet();
  owners = devnetOwners(chain);
});
afterAll(() => chain?.stop());
let snapshot: string;
beforeEach(async () => {
  snapshot = await chain.snapshot();
});
afterEach(async () => {
  await chain.revert(snapshot);
});

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
      expect(await a.flow.queue()).toMatchObject({ txService: true, groups: [{ competing: true }] });
      expect(await machine().flow.owners()).toMatchObject({ online: true, txService: false });
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

  it('surfaces ExecutionFailure: the nonce is spent, the proposal closes as failed', async () => {
    const a = machine();
    const state = await a.flow.refreshState();
    // A transaction from elsewhere with safeTxGas set: the Safe runs it, its call fails, the nonce is used.
    const tx = {
      to: chain.setup.safe.address,
      value: 0n,
      data: safeInterface.encodeFunctionData('changeThreshold', [5]),
      operation: 0 as const,
      safeTxGas: 100_000n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: ZeroAddress,
      refundReceiver: ZeroAddress,
      nonce: state.nonce,
    };
    const hashes = hashSafeTx(chain.setup.safe, tx);
    const signatures = await Promise.all(
      owners.slice(0, 2).map(async (o) => ({
        owner: o.address,
        data: await o.signSafeTx(safeTxTypedData(chain.setup.safe, tx)),
        type: 'eip712' as const,
        source: 'local' as const,
        addedAt: new Date().toISOString(),
      })),
    );
    const decoded = decodeSafeTx(tx, chain.setup);
    const file = createBundle({
      setup: chain.setup,
      tx,
      hashes,
      title: decoded.title,
      intents: decoded.intents,
      signatures,
      threshold: 2,
      now: new Date(),
    });
    const { proposal } = await a.flow.importBundle(file.content);
    expect(proposal.simulation).toMatchObject({
      status: 'reverted',
      revertReason: expect.stringMatching(/GS201/),
    });
    expect(await failure(a.flow.sign(proposal.safeTxHash, owners[2]!))).toMatchObject({
      code: 'SIMULATION_FAILED',
    });
    // Refused in core until the owner confirms a second time that the nonce will be used.
    expect(await failure(a.flow.execute(proposal.safeTxHash, owners[2]!))).toMatchObject({
      code: 'SIMULATION_FAILED',
      message: expect.stringMatching(/use up nonce \d+/),
      details: { confirmationRequired: true },
    });
    expect(a.flow.store.getProposal(proposal.safeTxHash)?.status).toBe('open');
    const error = await failure(
      a.flow.execute(proposal.safeTxHash, owners[2]!, { confirmFailingSimulation: true }),
    );
    expect(error).toMatchObject({
      code: 'EXECUTION_FAILED',
      message: expect.stringMatching(/ExecutionFailure .* nonce \d+ is now used up/),
    });
    expect(a.flow.store.getProposal(proposal.safeTxHash)).toMatchObject({
      status: 'failed',
      executedTxHash: expect.stringMatching(/^0x/),
    });
    expect((await a.flow.refreshState()).nonce).toBe(state.nonce + 1n);
  });
});
