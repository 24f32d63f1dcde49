import type { Database } from 'better-sqlite3';
import { getBytes, id, Signature, Wallet, ZeroAddress } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/log';
import { recordEvents } from '../../audit/record-events';
import { openStore } from '../../store';
import { registryInterface } from '../abis';
import { SafeFlow } from '../flow';
import { SafeQueueStore } from '../queue/queue-store';
import { offlineSetup, offlineState, storeFingerprint, testOwners } from '../testing/support';
import type { SafeTxData } from '../types';
import { decodeSafeTx } from '../verify/decode';
import { hashSafeTx, safeTxTypedData } from '../verify/hash';
import { approvedHashSignature } from '../verify/signatures';
import { createBundle, type SafeTxBundle } from './bundle';

const setup = offlineSetup();
const owners = testOwners();
const [alice, bob, carol] = owners as [(typeof owners)[0], (typeof owners)[0], (typeof owners)[0]];
const now = () => new Date('2026-03-01T10:00:00.000Z');

const admitTx = (prosumer: string, nonce = 5n, over: Partial<SafeTxData> = {}): SafeTxData => ({
  to: setup.market.registry,
  value: 0n,
  data: registryInterface.encodeFunctionData('admit', [prosumer, id(`application:${prosumer}`)]),
  operation: 0,
  safeTxGas: 0n,
  baseGas: 0n,
  gasPrice: 0n,
  gasToken: ZeroAddress,
  refundReceiver: ZeroAddress,
  nonce,
  ...over,
});

async function bundleOf(tx: SafeTxData, signers = [alice]): Promise<string> {
  const hashes = hashSafeTx(setup.safe, tx);
  const decoded = decodeSafeTx(tx, setup);
  const signatures = await Promise.all(
    signers.map(async (s) => ({
      owner: s.address,
      data: await s.signSafeTx(safeTxTypedData(setup.safe, tx)),
      type: 'eip712' as const,
      source: 'local' as const,
      addedAt: now().toISOString(),
    })),
  );
  return createBundle({
    setup,
    tx,
    hashes,
    title: decoded.title,
    intents: decoded.intents,
    signatures,
    threshold: 2,
    now: now(),
  }).content;
}

const edit = (content: string, change: (b: SafeTxBundle) => void) => {
  const bundle = JSON.parse(content) as SafeTxBundle;
  change(bundle);
  return JSON.stringify(bundle);
};

/** An air-gapped owner machine: a store that has seen the Safe once, and no provider at all. */
function airGapped(db: Database) {
  const store = new SafeQueueStore(db, now);
  store.saveSafeState(setup.safe.address, '1.4.1', offlineState(owners, 5n, 2));
  const flow = new SafeFlow({ store, setup, provider: null, now });
  recordEvents(flow.lifecycle, new AuditLog(db, now));
  return flow;
}

let db: Database;
let flow: SafeFlow;
const applicant = Wallet.createRandom().address;
beforeEach(() => {
  db = openStore(':memory:');
  flow = airGapped(db);
});
afterEach(() => db.close());

describe('air-gapped owner: import, decode, verify, sign, export without any provider', () => {
  it('imports a bundle, signs it offline and exports it with both signatures; re-importing changes nothing', async () => {
    const file = await bundleOf(admitTx(applicant));
    const imported = await flow.importBundle(file);
    expect(imported).toMatchObject({ newProposal: true, addedSignatures: [alice.address] });
    expect(imported.proposal.simulation).toMatchObject({ status: 'offline', note: 'not simulated: offline' });

    const prompts: string[] = [];
    await flow.sign(imported.proposal.safeTxHash, bob, { onPrompt: (p) => prompts.push(p.safeTxHash) });
    expect(prompts).toEqual([imported.proposal.safeTxHash]);
    const view = await flow.view(imported.proposal.safeTxHash);
    expect(view).toMatchObject({
      confirmations: 2,
      threshold: 2,
      executable: true,
      title: `Admit prosumer ${applicant.slice(0, 6)}…${applicant.slice(-4)} (application ${id(`application:${applicant}`).slice(0, 6)}…${id(`application:${applicant}`).slice(-4)})`,
    });

    const exported = await flow.exportBundle(imported.proposal.safeTxHash);
    expect(exported.fileName).toMatch(/^safe-tx-nonce5-[0-9a-f]{8}-2of2\.json$/);
    const signaturesBefore = flow.store.signatures(imported.proposal.safeTxHash);
    expect(await flow.importBundle(exported.content)).toMatchObject({
      newProposal: false,
      addedSignatures: [],
    });
    expect(await flow.importBundle(file)).toMatchObject({ newProposal: false, addedSignatures: [] });
    expect(flow.store.signatures(imported.proposal.safeTxHash)).toEqual(signaturesBefore);
    expect(flow.store.listProposals(setup.safe.address)).toHaveLength(1);
    const kinds = new AuditLog(db)
      .list()
      .map((e) => e.kind)
      .reverse();
    expect(kinds).toEqual([
      'PROPOSED',
      'DECODED',
      'SIMULATED',
      'BUNDLE_IMPORTED',
      'SIGNED',
      'BUNDLE_EXPORTED',
      'BUNDLE_IMPORTED',
      'BUNDLE_IMPORTED',
    ]);
  });

  it('carries signatures to a second machine, merging them into one owner-keyed map', async () => {
    const tx = admitTx(applicant);
    const first = await flow.importBundle(await bundleOf(tx, [alice]));
    const other = airGapped(openStore(':memory:'));
    await other.importBundle(await bundleOf(tx, [carol]));
    const merged = await other.importBundle((await flow.exportBundle(first.proposal.safeTxHash)).content);
    expect(merged.addedSignatures).toEqual([alice.address]);
    expect((await other.view(first.proposal.safeTxHash)).signatures.map((s) => s.owner).sort()).toEqual(
      [alice.address, carol.address].sort(),
    );
  });
});

describe('bundle import refuses tampered, foreign and replayed files, writing nothing', () => {
  it('rejects each case with its reason and leaves the store unchanged', async () => {
    const tx = admitTx(applicant);
    const good = await bundleOf(tx, [alice, bob]);
    const otherTx = await bundleOf(admitTx(applicant, 6n), [bob]);
    const stranger = new Wallet(Wallet.createRandom().privateKey);
    const { safeTxHash } = hashSafeTx(setup.safe, tx);
    const aliceSig = JSON.parse(good).signatures[0].data as string;
    const s = Signature.from(aliceSig);
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = `${s.r}${(N - BigInt(s.s)).toString(16).padStart(64, '0')}${(s.v === 27 ? 28 : 27).toString(16)}`;

    // A transaction already executed on this Safe: known to the store as executed.
    const executed = admitTx(Wallet.createRandom().address, 5n);
    const executedFile = await bundleOf(executed, [alice]);
    const spentFlow = airGapped(openStore(':memory:'));
    const spent = await spentFlow.importBundle(executedFile);
    spentFlow.store.setStatus(spent.proposal.safeTxHash, 'executed', {
      txHash: `0x${'ab'.repeat(32)}`,
      block: 9,
    });

    const cases: { name: string; content: string; reason: string; message: RegExp; flow?: SafeFlow }[] = [
      {
        name: 'file over 1 MiB',
        content: good + ' '.repeat(1024 * 1024),
        reason: 'too-large',
        message: /at most 1 MiB/,
      },
      { name: 'bad JSON', content: good.slice(0, -20), reason: 'bad-json', message: /not valid JSON/ },
      {
        name: 'not a bundle (a Transaction Builder file)',
        content: JSON.stringify({ version: '1.0', transactions: [] }),
        reason: 'not-a-bundle',
        message: /not a Gridkeeper Safe transaction bundle/,
      },
      {
        name: 'unknown version',
        content: edit(good, (b) => Object.assign(b, { version: 2 })),
        reason: 'unknown-version',
        message: /format version 2/,
      },
      {
        name: 'missing field',
        content: edit(good, (b) => Object.assign(b.hashes, { safeTxHash: undefined })),
        reason: 'malformed',
        message: /malformed at hashes.safeTxHash/,
      },
      {
        name: 'unknown field',
        content: edit(good, (b) => Object.assign(b, { extra: 1 })),
        reason: 'malformed',
        message: /malformed/,
      },
      {
        name: 'another chain',
        content: edit(good, (b) => Object.assign(b, { chainId: '137' })),
        reason: 'other-chain',
        message: /for chain 137; this Safe is on chain 31337/,
      },
      {
        name: 'another Safe',
        content: edit(good, (b) => Object.assign(b.safe, { address: stranger.address })),
        reason: 'other-safe',
        message: /is for the Safe 0x/,
      },
      {
        name: 'another Safe version',
        content: edit(good, (b) => Object.assign(b.safe, { version: '1.3.0' })),
        reason: 'other-safe-version',
        message: /Safe version 1.3.0/,
      },
      {
        name: 'data swapped, hashes kept',
        content: edit(good, (b) =>
          Object.assign(b.tx, {
            data: registryInterface.encodeFunctionData('admit', [stranger.address, id('application')]),
          }),
        ),
        reason: 'hash-mismatch',
        message: /safeTxHash does not match the transaction in it/,
      },
      {
        name: 'nonce changed',
        content: edit(good, (b) => Object.assign(b.tx, { nonce: '9' })),
        reason: 'hash-mismatch',
        message: /the file was altered/,
      },
      {
        name: 'safeTxHash edited',
        content: edit(good, (b) => Object.assign(b.hashes, { safeTxHash: `0x${'11'.repeat(32)}` })),
        reason: 'hash-mismatch',
        message: /safeTxHash does not match/,
      },
      {
        name: 'domain hash edited',
        content: edit(good, (b) => Object.assign(b.hashes, { domainHash: `0x${'22'.repeat(32)}` })),
        reason: 'hash-mismatch',
        message: /domainHash does not match/,
      },
      {
        name: 'displayed decisions altered',
        content: edit(good, (b) => Object.assign(b.intents[0] as object, { prosumer: stranger.address })),
        reason: 'intents-mismatch',
        message: /are not what its transaction does/,
      },
      {
        name: 'signature by a non-owner',
        content: edit(good, (b) =>
          b.signatures.push({
            signer: stranger.address,
            type: 'eip712',
            data: stranger.signingKey.sign(safeTxHash).serialized,
          }),
        ),
        reason: 'non-owner',
        message: new RegExp(`from ${stranger.address}, which is not an owner`),
      },
      {
        name: 'signature relabelled to another owner',
        content: edit(good, (b) => Object.assign(b.signatures[1] as object, { signer: carol.address })),
        reason: 'signer-mismatch',
        message: /claims to be from .* but recovers to/,
      },
      {
        name: 'signature replayed from another transaction',
        content: edit(good, (b) => b.signatures.push(JSON.parse(otherTx).signatures[0])),
        reason: 'signer-mismatch',
        message: /made for another transaction/,
      },
      {
        name: 'duplicate signature',
        content: edit(good, (b) => b.signatures.push(b.signatures[0] as SafeTxBundle['signatures'][number])),
        reason: 'duplicate-signature',
        message: /two signatures from/,
      },
      {
        name: 'truncated signature',
        content: edit(good, (b) =>
          Object.assign(b.signatures[0] as object, { data: aliceSig.slice(0, 100) }),
        ),
        reason: 'malformed-signature',
        message: /Signature 1 is malformed: .*49 bytes/,
      },
      {
        name: 'malleable (high-s) copy of a signature',
        content: edit(good, (b) => Object.assign(b.signatures[0] as object, { data: highS })),
        reason: 'malformed-signature',
        message: /high s value/,
      },
      {
        name: 'contract signature',
        content: edit(good, (b) =>
          Object.assign(b.signatures[0] as object, { data: `${aliceSig.slice(0, -2)}00` }),
        ),
        reason: 'malformed-signature',
        message: /EIP-1271/,
      },
      {
        name: 'on-chain approval smuggled in a file',
        content: edit(good, (b) =>
          b.signatures.push({
            signer: carol.address,
            type: 'approved-hash',
            data: approvedHashSignature(carol.address),
          }),
        ),
        reason: 'approval-in-file',
        message: /read from the chain, never from a file/,
      },
      {
        name: 'signature type mislabelled',
        content: edit(good, (b) => Object.assign(b.signatures[0] as object, { type: 'eth_sign' })),
        reason: 'signature-type-mismatch',
        message: /labelled eth_sign but is an eip712/,
      },
      {
        name: 'nonce below the Safe’s nonce',
        content: await bundleOf(admitTx(applicant, 4n)),
        reason: 'nonce-executed',
        message: /Nonce 4 was already executed/,
      },
      {
        name: 'replay of an executed transaction',
        content: executedFile,
        reason: 'nonce-executed',
        message: /already executed/,
        flow: spentFlow,
      },
      {
        name: 'delegatecall to an unknown contract',
        content: await bundleOf(admitTx(applicant, 5n, { to: stranger.address, operation: 1 })),
        reason: 'dangerous',
        message: /delegatecall.*Import refused/,
      },
    ];
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const c of cases) {
      const target = c.flow ?? flow;
      const before = storeFingerprint(target.store.db);
      const error = await target.importBundle(c.content).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, c.name).toMatchObject({ code: 'BUNDLE_REJECTED', details: { reason: c.reason } });
      expect((error as Error).message, c.name).toMatch(c.message);
      expect(storeFingerprint(target.store.db), c.name).toBe(before);
    }
    // The untampered file still imports (the cases above did not pass by accident).
    expect(await flow.importBundle(good)).toMatchObject({ newProposal: true });
  });

  it('reads the file as bytes too, and never trusts its title', async () => {
    const content = edit(await bundleOf(admitTx(applicant)), (b) => Object.assign(b, { title: 'Harmless' }));
    const { proposal } = await flow.importBundle(new TextEncoder().encode(content));
    expect(proposal.title).toMatch(/^Admit prosumer/);
    expect(getBytes(proposal.safeTxHash)).toHaveLength(32);
  });
});
