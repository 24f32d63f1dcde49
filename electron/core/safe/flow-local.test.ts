import { Wallet, ZeroAddress } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import { readSafeGuard } from '../chain';
import { execTransactionSignedByOwners, setGuardSafeTx } from '../devnet/guard-deployment';
import { openStore } from '../store';
import { safeInterface } from './abis';
import { execTransactionData } from './execute/execute';
import { SafeFlow } from './flow';
import { SafeQueueStore } from './queue/queue-store';
import { SafeChain } from './safe-reader';
import { devnetOwners, startSafeDevnet } from './testing/devnet-setup';
import { failure } from './testing/support';
import { startTxServiceDouble } from './testing/tx-service-double';
import { createBundle } from './transports/bundle';
import { plainSafeCall, type SafeTxData } from './types';
import { decodeSafeTx } from './verify/decode';
import { hashSafeTx, safeTxTypedData } from './verify/hash';
import { approvedHashSignature, SignatureSet } from './verify/signatures';

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

  /** A bundle of `tx` from elsewhere, signed by the first two owners. */
  async function bundleSignedByTwo(tx: SafeTxData) {
    const signed = await Promise.all(
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
      hashes: hashSafeTx(chain.setup.safe, tx),
      title: decoded.title,
      intents: decoded.intents,
      signatures: signed,
      threshold: 2,
      now: new Date(),
    });
    return { signed, file };
  }

  async function removeGuardOutsideTheApp(): Promise<void> {
    const removal = await execTransactionSignedByOwners(
      chain.provider,
      chain.setup,
      chain.owners,
      setGuardSafeTx(chain.setup.safe.address, ZeroAddress),
    );
    await (await new Wallet(chain.owners[2]!.privateKey, chain.provider).sendTransaction(removal)).wait();
    expect(await readSafeGuard(chain.provider, chain.setup.safe.address)).toBe(null);
  }

  it('counts an APPROVED_HASH confirmation from the service only once approvedHashes says so on chain', async () => {
    const double = await startTxServiceDouble(new SafeChain(chain.provider, chain.setup));
    try {
      const a = machine(double.url);
      const b = machine(double.url);
      const p = await a.flow.propose([{ kind: 'changeThreshold', threshold: 3 }]);
      await a.flow.sign(p.safeTxHash, owners[0]!);
      await a.flow.proposeToService(p.safeTxHash);
      // A service that lies (or was lied to): an approval by the second owner that the chain never saw.
      double.transactions.get(p.safeTxHash)?.confirmations.push({
        owner: owners[1]!.address,
        signature: approvedHashSignature(owners[1]!.address),
        signatureType: 'APPROVED_HASH',
        submissionDate: new Date().toISOString(),
      });
      expect(await b.flow.syncService()).toMatchObject({ newProposals: [p.safeTxHash], addedSignatures: 1 });
      expect((await b.flow.view(p.safeTxHash)).confirmations).toBe(1);
      expect(await failure(b.flow.execute(p.safeTxHash, owners[2]!))).toMatchObject({
        code: 'THRESHOLD_NOT_MET',
      });
      // The owner approves on chain, outside the app: now it counts.
      const owner = new Wallet(chain.owners[1]!.privateKey, chain.provider);
      await (
        await owner.sendTransaction({
          to: chain.setup.safe.address,
          data: safeInterface.encodeFunctionData('approveHash', [p.safeTxHash]),
        })
      ).wait();
      expect(await b.flow.syncService()).toMatchObject({ addedSignatures: 1 });
      await expect(b.flow.execute(p.safeTxHash, owners[2]!)).resolves.toMatchObject({ status: 'executed' });
    } finally {
      await double.close();
    }
  });

  it('refuses to execute a transaction whose safeTxGas would let its failing call burn the nonce; run outside the app, it closes as failed', async () => {
    // The owners remove the training Safe's guard first (with their keys, outside the app: its policy
    // refuses setGuard(0)); without it, nothing on chain stops the failing call from using up the nonce.
    await removeGuardOutsideTheApp();
    const a = machine();
    const state = await a.flow.refreshState();
    // From elsewhere, at the next nonce but one: raise the threshold to 3, with safeTxGas set (enough today).
    const tx = {
      ...plainSafeCall(chain.setup.safe.address, safeInterface.encodeFunctionData('changeThreshold', [3])),
      safeTxGas: 100_000n,
      nonce: state.nonce + 1n,
    };
    const { file } = await bundleSignedByTwo(tx);
    const { proposal } = await a.flow.importBundle(file.content);
    expect(proposal.simulation).toMatchObject({ status: 'success' });

    // The owners remove the third owner first: a threshold of 3 can no longer be met, the call would fail.
    const removal = await a.flow.propose([{ kind: 'removeOwner', owner: owners[2]!.address, threshold: 2 }]);
    for (const o of owners.slice(0, 2)) await a.flow.sign(removal.safeTxHash, o);
    await a.flow.execute(removal.safeTxHash, owners[0]!);

    const error = await failure(a.flow.execute(proposal.safeTxHash, owners[0]!));
    expect(error).toMatchObject({
      code: 'POLICY_REFUSED',
      details: { rule: 'safe-tx-gas', stage: 'execute' },
    });
    expect((error as Error).message).toMatch(/safeTxGas is 100000 and its calls fail in the simulation/);
    expect((await a.flow.refreshState()).nonce).toBe(state.nonce + 1n);
    expect(a.audit.list()[0]).toMatchObject({ kind: 'POLICY_REFUSED', safeTxHash: proposal.safeTxHash });

    // Someone executes it straight on the Safe with the owners' keys: the call fails, the nonce is used up.
    const outsider = new Wallet(chain.owners[1]!.privateKey, chain.provider);
    const sent = await outsider.sendTransaction({
      to: chain.setup.safe.address,
      data: execTransactionData(
        tx,
        new SignatureSet(a.flow.store.signatures(proposal.safeTxHash)).encode(
          (await a.flow.refreshState()).owners,
        ),
      ),
    });
    await sent.wait();
    await a.flow.reconcile();
    expect(a.flow.store.getProposal(proposal.safeTxHash)).toMatchObject({
      status: 'failed',
      executedTxHash: sent.hash,
    });
    expect((await a.flow.refreshState()).nonce).toBe(state.nonce + 2n);
  });

  it("refuses on chain, under the training Safe's guard, a failing call that safeTxGas would let burn the nonce; the app refuses to import it", async () => {
    const a = machine();
    const state = await a.flow.refreshState();
    // Threshold 5 of 3 owners fails; with safeTxGas set and no guard the Safe would record the failure.
    const tx = {
      ...plainSafeCall(chain.setup.safe.address, safeInterface.encodeFunctionData('changeThreshold', [5])),
      safeTxGas: 100_000n,
      nonce: state.nonce,
    };
    const { signed, file } = await bundleSignedByTwo(tx);
    expect(await failure(a.flow.importBundle(file.content))).toMatchObject({
      code: 'POLICY_REFUSED',
      details: { rule: 'safe-tx-gas', stage: 'import-bundle' },
    });
    // Executed with the owners' keys outside the app, the guard reverts it: the nonce is kept.
    const outsider = new Wallet(chain.owners[1]!.privateKey, chain.provider);
    await expect(
      outsider
        .sendTransaction({
          to: chain.setup.safe.address,
          data: execTransactionData(tx, new SignatureSet(signed).encode(state.owners)),
          gasLimit: 1_000_000n,
        })
        .then((sent) => sent.wait()),
    ).rejects.toThrow();
    expect((await a.flow.refreshState()).nonce).toBe(state.nonce);
  });
});
