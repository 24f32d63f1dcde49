import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus } from '../api/event-bus';
import { type Devnet, startDevnet } from '../devnet';
import type { Signer } from '../signers';
import { openStore } from '../store';
import { openSafeConcern } from './concern';
import { admitIntent, applyMany, devnetOwners, devnetSetup } from './testing/devnet-setup';

let devnet: Devnet;
beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal', simulate: false });
}, 60_000);
afterAll(() => devnet?.stop());

it("closes a queued transaction another owner's app executed, when the indexer reports the Safe's execution", async () => {
  const setup = devnetSetup(devnet);
  const owners = devnetOwners(devnet);
  const [applicant] = await applyMany(devnet, devnet.provider, 1);
  const events = new EventBus();
  const mine = await openSafeConcern({ db: openStore(':memory:'), setup, provider: devnet.provider, events });
  const theirs = await openSafeConcern({ db: openStore(':memory:'), setup, provider: devnet.provider });
  try {
    const proposal = await mine.flow.propose([await admitIntent(devnet, devnet.provider, applicant!)]);
    await mine.flow.sign(proposal.safeTxHash, owners[0]!);
    await theirs.flow.importBundle((await mine.flow.exportBundle(proposal.safeTxHash)).content);
    await theirs.flow.sign(proposal.safeTxHash, owners[1]!);
    const executed = await theirs.flow.execute(proposal.safeTxHash, owners[1]!);

    const statusHere = async () => (await mine.flow.view(proposal.safeTxHash)).status;
    expect(await statusHere()).toBe('open');
    // An indexed block without Safe events changes nothing; the one with the execution closes it.
    const block = { blockHash: '0x', timestamp: 0, finalizedBlock: 0, rolledBackTo: null };
    events.emit('market/updated', { ...block, indexedBlock: 1, events: { TradeOpened: 1 } });
    await new Promise((r) => setTimeout(r, 300));
    expect(await statusHere()).toBe('open');
    events.emit('market/updated', {
      ...block,
      indexedBlock: executed.executedBlock!,
      events: { ExecutionSuccess: 1 },
    });
    await expect.poll(statusHere, { timeout: 10_000 }).toBe('executed');
  } finally {
    mine.close();
    theirs.close();
  }
}, 60_000);

it('records one EXECUTED, by the executor, when a reconcile after the indexer report runs while execute still waits for its receipt', async () => {
  const setup = devnetSetup(devnet);
  const owners = devnetOwners(devnet);
  const [applicant] = await applyMany(devnet, devnet.provider, 1);
  const dir = mkdtempSync(join(tmpdir(), 'gridkeeper-audit-'));
  const db = openStore(join(dir, 'chain.sqlite'));
  const events = new EventBus();
  const app = await openSafeConcern({ db, setup, provider: devnet.provider, events });
  try {
    const proposer = owners[0]!;
    const proposal = await app.flow.propose([await admitIntent(devnet, devnet.provider, applicant!)], {
      proposer: proposer.address,
    });
    await app.flow.sign(proposal.safeTxHash, owners[0]!);
    await app.flow.sign(proposal.safeTxHash, owners[1]!);
    // The execution waits in the mempool until the test mines it, the way a real block takes time.
    await devnet.provider.send('evm_setAutomine', [false]);
    const executing = app.flow.execute(proposal.safeTxHash, owners[1]!);
    const sent = async () => {
      const chainTxHash = (await app.flow.view(proposal.safeTxHash)).execution?.chainTxHash;
      return chainTxHash ? Boolean(await devnet.provider.getTransaction(chainTxHash)) : false;
    };
    await expect.poll(sent, { timeout: 20_000 }).toBe(true);
    await devnet.provider.send('evm_mine', []);
    await devnet.provider.send('evm_setAutomine', [true]);
    // Blocks keep coming, as on a real chain: a receipt wait that subscribed just after the block
    // holding its transaction otherwise sees no further block on this idle chain.
    const blocks = setInterval(() => void devnet.provider.send('evm_mine', []).catch(() => {}), 500);
    // What the indexer does on the block with ExecutionSuccess, racing execute's own receipt wait.
    const block = { blockHash: '0x', timestamp: 0, finalizedBlock: 0, rolledBackTo: null, indexedBlock: 1 };
    events.emit('market/updated', { ...block, events: { ExecutionSuccess: 1 } });
    await app.flow.reconcile();
    const executed = await executing.finally(() => clearInterval(blocks));
    expect(executed.status).toBe('executed');

    const entries = app.auditLog.list({ safeTxHash: proposal.safeTxHash });
    const kinds = entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'EXECUTED')).toHaveLength(1);
    expect(entries.find((e) => e.kind === 'EXECUTED')?.actor).toBe(owners[1]!.address);
    expect(entries.find((e) => e.kind === 'PROPOSED')?.actor).toBe(proposer.address);
    expect(app.auditLog.verify().ok).toBe(true);
  } finally {
    await devnet.provider.send('evm_setAutomine', [true]);
    app.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

/** A signer that, like a Ledger waiting for its owner's button, answers only after `release()`. */
function heldSigner(signer: Signer) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = false;
  const held: Signer = {
    id: signer.id,
    kind: signer.kind,
    address: signer.address,
    status: () => signer.status(),
    summary: () => signer.summary(),
    close: () => signer.close(),
    signSafeTx: async (typedData, opts) => {
      asked = true;
      await released;
      return signer.signSafeTx(typedData, opts);
    },
    signTransaction: async (tx, opts) => {
      asked = true;
      await released;
      return signer.signTransaction(tx, opts);
    },
  };
  return { signer: held, release, asked: () => asked };
}

const safeEventBlock = {
  blockHash: '0x',
  timestamp: 0,
  finalizedBlock: 0,
  rolledBackTo: null,
  indexedBlock: 1,
  events: { ApproveHash: 1 },
};

it('leaves a sign and an execution this app is still carrying out to them when a Safe event reconciles meanwhile', async () => {
  const setup = devnetSetup(devnet);
  const owners = devnetOwners(devnet);
  const [applicant] = await applyMany(devnet, devnet.provider, 1);
  const db = openStore(':memory:');
  const events = new EventBus();
  const app = await openSafeConcern({ db, setup, provider: devnet.provider, events });
  try {
    const proposal = await app.flow.propose([await admitIntent(devnet, devnet.provider, applicant!)]);
    await app.flow.sign(proposal.safeTxHash, owners[0]!);

    // The second owner's device shows the transaction; another owner's Safe event is indexed meanwhile.
    const device = heldSigner(owners[1]!);
    const signing = app.flow.sign(proposal.safeTxHash, device.signer);
    await expect.poll(device.asked, { timeout: 20_000 }).toBe(true);
    events.emit('market/updated', safeEventBlock);
    await app.flow.reconcile();
    expect(app.auditLog.list({ safeTxHash: proposal.safeTxHash }).map((e) => e.kind)).not.toContain(
      'ACTION_ABANDONED',
    );
    device.release();
    await signing;

    // The same for an execution whose chain transaction waits on the executor's device.
    const executor = heldSigner(owners[2]!);
    const executing = app.flow.execute(proposal.safeTxHash, executor.signer);
    await expect.poll(executor.asked, { timeout: 20_000 }).toBe(true);
    events.emit('market/updated', safeEventBlock);
    await app.flow.reconcile();
    executor.release();
    expect((await executing).status).toBe('executed');

    const kinds = app.auditLog.list({ safeTxHash: proposal.safeTxHash }).map((e) => e.kind);
    expect(kinds).not.toContain('ACTION_ABANDONED');
    expect(kinds.filter((k) => k === 'SIGNED')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'EXECUTED')).toHaveLength(1);
    expect(app.flow.store.openActions()).toEqual([]);
    expect(app.auditLog.verify().ok).toBe(true);
  } finally {
    app.close();
    db.close();
  }
}, 90_000);

it('abandons at start-up a sign left over from a previous process', async () => {
  const setup = devnetSetup(devnet);
  const owners = devnetOwners(devnet);
  const [applicant] = await applyMany(devnet, devnet.provider, 1);
  const db = openStore(':memory:');
  const previous = await openSafeConcern({ db, setup, provider: devnet.provider });
  const proposal = await previous.flow.propose([await admitIntent(devnet, devnet.provider, applicant!)]);
  // The previous process asked the device and ended before its owner confirmed: its action stays open.
  const device = heldSigner(owners[0]!);
  void previous.flow.sign(proposal.safeTxHash, device.signer);
  await expect.poll(device.asked, { timeout: 20_000 }).toBe(true);
  previous.close();
  const app = await openSafeConcern({ db, setup, provider: devnet.provider, events: new EventBus() });
  try {
    expect(app.flow.store.openActions()).toEqual([]);
    const abandoned = app.auditLog
      .list({ safeTxHash: proposal.safeTxHash })
      .filter((e) => e.kind === 'ACTION_ABANDONED');
    expect(abandoned).toHaveLength(1);
    expect(JSON.parse(abandoned[0]!.detail)).toMatchObject({ action: 'sign' });
    await app.flow.sign(proposal.safeTxHash, owners[0]!);
    expect(app.flow.store.signatures(proposal.safeTxHash).map((s) => s.owner)).toEqual([owners[0]!.address]);
  } finally {
    app.close();
    db.close();
  }
}, 90_000);
