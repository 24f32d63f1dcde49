import type { Database } from 'better-sqlite3';
import { getBytes, id, Signature, Wallet } from 'ethers';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayText } from '../../api/contract/display-text';
import { AuditLog } from '../../audit/log';
import { recordEvents } from '../../audit/record-events';
import { openStore } from '../../store';
import { registryInterface, safeInterface } from '../abis';
import { SafeFlow } from '../flow';
import type { PolicyRuleId } from '../policy/verdict';
import { type Proposal, SafeQueueStore } from '../queue/queue-store';
import { craftedTransactions, lookAlike, plainTx, signedBundle } from '../testing/crafted';
import { offlineSetup, offlineState, QUEUE_TABLES, storeFingerprint, testOwners } from '../testing/support';
import type { SafeTxData } from '../types';
import { hashSafeTx } from '../verify/hash';
import { approvedHashSignature } from '../verify/signatures';
import type { BundleRejection, SafeTxBundle } from './bundle';

const setup = offlineSetup();
const owners = testOwners();
const [alice, bob, carol] = owners as [(typeof owners)[0], (typeof owners)[0], (typeof owners)[0]];
const now = () => new Date('2026-03-01T10:00:00.000Z');

const admitTx = (prosumer: string, nonce = 5n, over: Partial<SafeTxData> = {}): SafeTxData =>
  plainTx({
    to: setup.market.registry,
    data: registryInterface.encodeFunctionData('admit', [prosumer, id(`application:${prosumer}`)]),
    nonce,
    ...over,
  });

const bundleOf = (tx: SafeTxData, signers = [alice]) => signedBundle(setup, tx, signers, now());

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

type CraftedCase = { name: string; content: string; flow?: SafeFlow } & (
  | { code: 'BUNDLE_REJECTED'; reason: BundleRejection; message: RegExp }
  | { code: 'POLICY_REFUSED'; reason: PolicyRuleId; message: RegExp }
  | { code: 'accepted'; reason?: undefined; outcome: string; check?: (p: Proposal) => void }
);

/**
 * The crafted bundles beyond tampering: every class the signing policy refuses (testing/crafted.ts),
 * and text and addresses made to deceive, which import but are shown as they are.
 */
async function policyCases(attacker: string): Promise<CraftedCase[]> {
  const crafted = craftedTransactions(setup, { nonce: 5n, attacker, prosumer: applicant });
  const refused: CraftedCase[] = await Promise.all(
    crafted.map(async (c) => ({
      name: c.name,
      content: await bundleOf(c.tx),
      code: 'POLICY_REFUSED' as const,
      reason: c.rule,
      message: c.message,
    })),
  );
  const rlo = 'duplicate meter\u202e 0x5B20…EB2x0 timda\u202c\nAdmit prosumer 0x2BE0…02B5';
  const rejectTx = admitTx(applicant, 7n, {
    data: registryInterface.encodeFunctionData('reject', [applicant, id(`application:${applicant}`), rlo]),
  });
  const ownerLookAlike = lookAlike(alice.address);
  const good = await bundleOf(admitTx(applicant, 8n));
  return [
    ...refused,
    {
      name: 'reject reason with an RLO and a newline faking a second decision',
      content: await bundleOf(rejectTx),
      code: 'accepted',
      outcome:
        'accepted: the decision as encoded; its title is stored as entered and shown with ⟦U+202E⟧ and ⏎',
      check: (p) => {
        expect(p.title).toContain('\u202e');
        expect(displayText(p.title)).toMatch(/⟦U\+202E⟧.*⟦U\+202C⟧ ⏎ Admit prosumer/);
      },
    },
    {
      name: 'file title with an RLO claiming another decision',
      content: edit(await bundleOf(admitTx(applicant, 9n)), (b) =>
        Object.assign(b, { title: 'Set market fee to 0%\u202e' }),
      ),
      code: 'accepted',
      outcome: 'accepted: the file title is ignored, the title comes from the data',
      check: (p) => expect(p.title).toMatch(/^Admit prosumer/),
    },
    {
      name: 'displayed decisions altered, title reversed with an RLO',
      content: edit(await bundleOf(admitTx(applicant, 10n)), (b) => {
        Object.assign(b.intents[0] as object, { prosumer: attacker });
        b.title = `Admit prosumer \u202e${applicant}`;
      }),
      code: 'BUNDLE_REJECTED',
      reason: 'intents-mismatch',
      message: new RegExp(
        `Expected \\(decoded from its data\\): “Admit prosumer ${applicant.slice(0, 6)}…${applicant.slice(-4)} \\(application [^)]+\\)”\\. Found in the file: “Admit prosumer ${attacker.slice(0, 6)}…${attacker.slice(-4)} \\(application [^)]+\\)” \\(titled “Admit prosumer ⟦U\\+202E⟧`,
      ),
    },
    {
      name: `owner look-alike (${ownerLookAlike} for ${alice.address}) added as owner`,
      content: await bundleOf(
        admitTx(applicant, 11n, {
          to: setup.safe.address,
          data: safeInterface.encodeFunctionData('addOwnerWithThreshold', [ownerLookAlike, 2]),
        }),
      ),
      code: 'accepted',
      outcome: 'accepted: an owner change the owners decide, decoded with the full address',
      check: (p) => expect(p.intents).toEqual([{ kind: 'addOwner', owner: ownerLookAlike, threshold: 2 }]),
    },
    {
      name: 'the Safe address written in lower case',
      content: edit(good, (b) => Object.assign(b.safe, { address: setup.safe.address.toLowerCase() })),
      code: 'accepted',
      outcome: 'accepted: the same Safe, whatever the case',
    },
    {
      name: 'another Safe, written in lower case',
      content: edit(good, (b) => Object.assign(b.safe, { address: attacker.toLowerCase() })),
      code: 'BUNDLE_REJECTED',
      reason: 'other-safe',
      message: new RegExp(`is for the Safe ${attacker}; this Safe is ${setup.safe.address}`),
    },
    {
      name: 'claims Polygon PoS (chain 137)',
      content: edit(good, (b) => Object.assign(b, { chainId: '137' })),
      code: 'BUNDLE_REJECTED',
      reason: 'other-chain',
      message: /for chain 137; this Safe is on chain 31337/,
    },
    {
      name: 'chain id written in hex',
      content: edit(good, (b) => Object.assign(b, { chainId: '0x7a69' })),
      code: 'BUNDLE_REJECTED',
      reason: 'malformed',
      message: /malformed at chainId/,
    },
    {
      name: 'APPROVED_HASH labelled as an EIP-712 signature',
      content: edit(good, (b) =>
        b.signatures.push({
          signer: carol.address,
          type: 'eip712',
          data: approvedHashSignature(carol.address),
        }),
      ),
      code: 'BUNDLE_REJECTED',
      reason: 'signature-type-mismatch',
      message: /labelled eip712 but is an approved-hash/,
    },
  ];
}

/** Case → outcome, printed after the suite (the closing note's table). */
const table: [string, string][] = [];
afterAll(() => {
  console.log(
    `Crafted bundles (${table.length} cases, air-gapped owner machine):\n${table.map(([c, o], i) => `| ${i + 1} | ${c} | ${o} |`).join('\n')}`,
  );
});

describe('bundle import refuses tampered, foreign, replayed and policy-breaking files', () => {
  it('refuses each crafted case with its reason or rule, writing nothing but a policy refusal’s audit entry', async () => {
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

    const cases: {
      name: string;
      content: string;
      reason: BundleRejection;
      message: RegExp;
      flow?: SafeFlow;
    }[] = [
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
    ];
    const all: CraftedCase[] = [
      ...cases.map((c) => ({ ...c, code: 'BUNDLE_REJECTED' as const })),
      ...(await policyCases(stranger.address)),
    ];
    expect(all.length).toBeGreaterThanOrEqual(50);
    for (const c of all) {
      const target = c.flow ?? flow;
      const before = storeFingerprint(target.store.db);
      const queueBefore = storeFingerprint(target.store.db, QUEUE_TABLES);
      const auditBefore = new AuditLog(target.store.db).list().length;
      const outcome = await target.importBundle(c.content).then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      if (c.code === 'accepted') {
        expect(outcome.ok, c.name).toBe(true);
        if (outcome.ok) c.check?.(outcome.r.proposal);
        table.push([c.name, c.outcome ?? 'accepted']);
        continue;
      }
      const error = outcome.ok ? null : outcome.e;
      if (c.code === 'BUNDLE_REJECTED') {
        expect(error, c.name).toMatchObject({ code: 'BUNDLE_REJECTED', details: { reason: c.reason } });
        expect(storeFingerprint(target.store.db), c.name).toBe(before);
      } else {
        // A policy refusal writes one thing: its audit entry.
        expect(error, c.name).toMatchObject({ code: 'POLICY_REFUSED', details: { rule: c.reason } });
        expect(storeFingerprint(target.store.db, QUEUE_TABLES), c.name).toBe(queueBefore);
        const audit = new AuditLog(target.store.db).list();
        expect(audit.length, c.name).toBe(auditBefore + 1);
        expect(audit[0], c.name).toMatchObject({ kind: 'POLICY_REFUSED' });
        expect(JSON.parse(audit[0]!.detail), c.name).toMatchObject({ stage: 'import-bundle' });
      }
      expect((error as Error).message, c.name).toMatch(c.message);
      table.push([c.name, `refused: ${c.code} ${c.reason}`]);
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
