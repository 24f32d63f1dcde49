import { Contract, Wallet, ZeroAddress } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/log';
import { recordEvents } from '../../audit/record-events';
import { openStore } from '../../store';
import { registryInterface, safeAbi } from '../abis';
import { SENTINEL_OWNERS } from '../build/encode';
import { SafeFlow } from '../flow';
import { SafeQueueStore } from '../queue/queue-store';
import { craftedTransactions, signedBundle } from '../testing/crafted';
import { admitIntent, applyMany, devnetOwners, startSafeDevnet } from '../testing/devnet-setup';
import { failure } from '../testing/support';
import type { SafeTxData } from '../types';
import { hashSafeTx, safeTxTypedData } from '../verify/hash';
import { CONSORTIUM_POLICY } from './consortium-policy';
import { POLICY_RULE_IDS, type PolicyRuleId } from './verdict';

let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
let owners: ReturnType<typeof devnetOwners>;
let snapshot: string;
beforeAll(async () => {
  chain = await startSafeDevnet();
  owners = devnetOwners(chain);
});
afterAll(() => chain?.stop());
beforeEach(async () => {
  snapshot = await chain.snapshot();
});
afterEach(async () => {
  await chain.revert(snapshot);
});

function machine() {
  const db = openStore(':memory:');
  const flow = new SafeFlow({ store: new SafeQueueStore(db), setup: chain.setup, provider: chain.provider });
  const audit = new AuditLog(db);
  recordEvents(flow.lifecycle, audit);
  return { flow, audit };
}

/** What an earlier Gridkeeper (without the policy) could have queued: the proposal and two signatures. */
async function queuedWithoutPolicy(flow: SafeFlow, tx: SafeTxData): Promise<string> {
  const hashes = hashSafeTx(chain.setup.safe, tx);
  flow.store.insertProposal({
    safeTxHash: hashes.safeTxHash,
    safeAddress: chain.setup.safe.address,
    safeVersion: chain.setup.safe.version,
    tx,
    hashes,
    title: 'queued before the policy',
    intents: [],
    origin: 'bundle',
    proposedBy: null,
    createdAt: new Date().toISOString(),
  });
  for (const o of owners.slice(0, 2)) {
    flow.store.addSignature(hashes.safeTxHash, {
      owner: o.address,
      data: await o.signSafeTx(safeTxTypedData(chain.setup.safe, tx)),
      type: 'eip712',
      source: 'bundle',
      addedAt: new Date().toISOString(),
    });
  }
  return hashes.safeTxHash;
}

/** What would show that the Safe was handed away: its nonce, modules, guard and fallback handler. */
async function safeConfiguration() {
  const safe = new Contract(chain.setup.safe.address, safeAbi, chain.provider);
  const guardSlot = '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8';
  const handlerSlot = '0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5';
  return {
    nonce: (await safe.getFunction('nonce')()) as bigint,
    modules: ((await safe.getFunction('getModulesPaginated')(SENTINEL_OWNERS, 10)) as [string[]])[0],
    guard: await chain.provider.getStorage(chain.setup.safe.address, guardSlot),
    fallbackHandler: await chain.provider.getStorage(chain.setup.safe.address, handlerSlot),
    balance: await chain.provider.getBalance(chain.setup.safe.address),
  };
}

/** One crafted transaction per rule, made for the training network's Safe. */
function caseFor(rule: PolicyRuleId, nonce: bigint) {
  const crafted = craftedTransactions(chain.setup, {
    nonce,
    attacker: Wallet.createRandom().address,
    prosumer: Wallet.createRandom().address,
  });
  const found = crafted.find((c) => c.rule === rule);
  if (!found) throw new Error(`no crafted transaction breaks ${rule}`);
  return found;
}

describe('the consortium signing policy on the training network’s Safe', () => {
  it('has a title and a description for each rule, and a crafted case for each', () => {
    expect(Object.keys(CONSORTIUM_POLICY.rules).sort()).toEqual([...POLICY_RULE_IDS].sort());
  });

  // guard-allowlist needs the guard's allowlist changed on chain first: its own test below.
  it.each(POLICY_RULE_IDS.filter((rule) => rule !== 'guard-allowlist'))(
    'rule %s: refused at import, sign, on-chain approval and execution, each refusal in the audit log',
    async (rule) => {
      const { flow, audit } = machine();
      const before = await safeConfiguration();
      const c = caseFor(rule, before.nonce);

      const imported = await failure(
        flow.importBundle(await signedBundle(chain.setup, c.tx, owners.slice(0, 2))),
      );
      expect(imported).toMatchObject({ code: 'POLICY_REFUSED', details: { rule, stage: 'import-bundle' } });
      expect((imported as Error).message).toMatch(c.message);
      expect((imported as Error).message).toContain(`(${rule}`);
      expect(flow.store.listProposals(chain.setup.safe.address)).toEqual([]);

      const safeTxHash = await queuedWithoutPolicy(flow, c.tx);
      for (const [stage, step] of [
        ['sign', () => flow.sign(safeTxHash, owners[2]!)],
        ['approve-on-chain', () => flow.approveOnChain(safeTxHash, owners[2]!)],
        ['execute', () => flow.execute(safeTxHash, owners[2]!)],
      ] as const) {
        const error = await failure(step());
        expect(error, stage).toMatchObject({ code: 'POLICY_REFUSED', details: { rule, stage, safeTxHash } });
      }
      expect(flow.store.signatures(safeTxHash).map((s) => s.owner)).toEqual(
        owners.slice(0, 2).map((o) => o.address),
      );
      expect(await safeConfiguration()).toEqual(before);
      const refusals = audit.list().filter((e) => e.kind === 'POLICY_REFUSED');
      expect(refusals.map((e) => JSON.parse(e.detail).stage).reverse()).toEqual([
        'import-bundle',
        'sign',
        'approve-on-chain',
        'execute',
      ]);
      expect(refusals.every((e) => e.safeTxHash === safeTxHash)).toBe(true);
      // The review every owner reads before signing shows the same refusal.
      expect((await flow.review(safeTxHash, 'sign', null)).policy).toMatchObject({
        allowed: false,
        violations: expect.arrayContaining([expect.objectContaining({ rule })]),
      });
      expect(JSON.parse(refusals[0]!.detail)).toMatchObject({
        rules: expect.arrayContaining([rule]),
        violations: expect.arrayContaining([expect.objectContaining({ rule, values: expect.any(Object) })]),
      });
    },
  );

  it('guard-allowlist: once the Safe takes the market off its guard’s allowlist, market decisions are refused, naming the market and the guard', async () => {
    const { flow, audit } = machine();
    const { market } = chain.setup.market;
    const guard = chain.setup.guard!;
    const off = await flow.propose([{ kind: 'setTargetAllowed', target: market, allowed: false }]);
    // Queued while the guard still allowed the market: it passed the policy then.
    const queued = await flow.propose([{ kind: 'pause' }]);
    for (const o of owners.slice(0, 2)) await flow.sign(off.safeTxHash, o);
    await expect(flow.execute(off.safeTxHash, owners[2]!)).resolves.toMatchObject({ status: 'executed' });

    const proposing = await failure(flow.propose([{ kind: 'setMarketFee', feeBps: 30 }]));
    expect(proposing).toMatchObject({
      code: 'POLICY_REFUSED',
      details: { rule: 'guard-allowlist', stage: 'propose' },
    });
    expect((proposing as Error).message).toContain(`the energy market ${market}`);
    expect((proposing as Error).message).toContain(`ConsortiumGuard ${guard}`);
    expect(await failure(flow.sign(queued.safeTxHash, owners[0]!))).toMatchObject({
      code: 'POLICY_REFUSED',
      details: { rule: 'guard-allowlist', stage: 'sign', safeTxHash: queued.safeTxHash },
    });
    expect(flow.store.signatures(queued.safeTxHash)).toEqual([]);
    expect((await flow.review(queued.safeTxHash, 'sign', null)).policy).toMatchObject({
      allowed: false,
      violations: [{ rule: 'guard-allowlist', values: { to: market, guard } }],
    });
    const refusals = audit.list().filter((e) => e.kind === 'POLICY_REFUSED');
    expect(refusals.map((e) => JSON.parse(e.detail).rules)).toEqual([
      ['guard-allowlist'],
      ['guard-allowlist'],
    ]);
  });

  it('safe-tx-gas: refuses a safeTxGas below the simulated need, accepts one above it and executes', async () => {
    const { flow } = machine();
    const { nonce } = await safeConfiguration();
    const [applicant] = await applyMany(chain, chain.provider, 1);
    const { applicationHash } = await admitIntent(chain, chain.provider, applicant!);
    const admit = {
      to: chain.setup.market.registry,
      data: registryInterface.encodeFunctionData('admit', [applicant, applicationHash]),
    };
    const low = { ...caseFor('safe-tx-gas', nonce).tx, ...admit, safeTxGas: 5_000n };
    const error = await failure(flow.importBundle(await signedBundle(chain.setup, low, owners.slice(0, 2))));
    expect((error as Error).message).toMatch(/safeTxGas is 5000, below the \d+ its calls need \(simulated\)/);
    const enough = { ...low, safeTxGas: 200_000n };
    const { proposal } = await flow.importBundle(await signedBundle(chain.setup, enough, owners.slice(0, 2)));
    expect(proposal.simulation).toMatchObject({ status: 'success' });
    await expect(flow.execute(proposal.safeTxHash, owners[2]!)).resolves.toMatchObject({
      status: 'executed',
    });
  });

  it('refuses the same at Transaction Builder and Safe Transaction Service import', async () => {
    const { flow, audit } = machine();
    const { nonce } = await safeConfiguration();
    const module = caseFor('safe-module', nonce);
    const batch = JSON.stringify({
      version: '1.0',
      chainId: chain.setup.safe.chainId.toString(),
      createdAt: 0,
      meta: { name: 'Module', createdFromSafeAddress: chain.setup.safe.address },
      transactions: [{ to: module.tx.to, value: '0', data: module.tx.data }],
    });
    expect(await failure(flow.importTxBuilder(batch))).toMatchObject({
      code: 'POLICY_REFUSED',
      details: { rule: 'safe-module', stage: 'import-tx-builder' },
    });
    expect(JSON.parse(audit.list()[0]!.detail)).toMatchObject({
      stage: 'import-tx-builder',
      rules: ['safe-module'],
    });
    expect(flow.store.listProposals(chain.setup.safe.address)).toEqual([]);
  });

  it('lets through what the app builds: decisions, owner changes, rejections', async () => {
    const { flow } = machine();
    const rejection = await flow.proposeRejection((await safeConfiguration()).nonce);
    const owner = await flow.propose([{ kind: 'changeThreshold', threshold: 3 }]);
    for (const o of owners.slice(0, 2)) {
      await flow.sign(rejection.safeTxHash, o);
      await flow.sign(owner.safeTxHash, o);
    }
    expect(rejection.tx).toMatchObject({ gasPrice: 0n, gasToken: ZeroAddress, safeTxGas: 0n });
    await expect(flow.execute(rejection.safeTxHash, owners[2]!)).resolves.toMatchObject({
      status: 'executed',
    });
    await expect(flow.execute(owner.safeTxHash, owners[2]!)).resolves.toMatchObject({ status: 'executed' });
  });
});
