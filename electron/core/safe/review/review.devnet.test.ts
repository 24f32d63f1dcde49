import { JsonRpcProvider } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isGridkeeperError } from '../../api/contract/errors';
import { type Devnet, startDevnet } from '../../devnet';
import type { DemoKeySigner } from '../../signers/demo-key';
import { openStore } from '../../store';
import { SafeFlow } from '../flow';
import { SafeQueueStore } from '../queue/queue-store';
import {
  admitIntent,
  applyMany,
  decidableDisputes,
  devnetOwners,
  devnetSetup,
} from '../testing/devnet-setup';
import type { SafeSetup } from '../types';

let devnet: Devnet;
let setup: SafeSetup;
let owners: DemoKeySigner[];
let applicants: string[];
let snapshot: string;

beforeAll(async () => {
  devnet = await startDevnet({ seed: 'full', simulate: false });
  setup = devnetSetup(devnet);
  owners = devnetOwners(devnet);
  applicants = await applyMany(devnet, devnet.provider, 3);
  snapshot = await devnet.snapshot();
});
afterEach(async () => {
  await devnet.revert(snapshot);
  snapshot = await devnet.snapshot();
});
afterAll(() => devnet?.stop());

function machine(store = new SafeQueueStore(openStore(':memory:'))) {
  return new SafeFlow({ store, setup, provider: devnet.provider });
}

async function signedByTwo(flow: SafeFlow, safeTxHash: string) {
  for (const owner of owners.slice(0, 2)) await flow.sign(safeTxHash, owner);
}

describe('review before signing, approving and executing', () => {
  it('shows all ten SafeTx fields, the hashes and the admission with named full addresses', async () => {
    const flow = machine();
    const applicant = applicants[0] as string;
    const proposal = await flow.propose([await admitIntent(devnet, devnet.provider, applicant)], {
      proposer: owners[0]!.address,
    });
    const review = await flow.review(proposal.safeTxHash, 'sign', owners[0]!.address);

    expect(review.tx.map((f) => f.name)).toEqual([
      'to',
      'value',
      'data',
      'operation',
      'safeTxGas',
      'baseGas',
      'gasPrice',
      'gasToken',
      'refundReceiver',
      'nonce',
    ]);
    expect(review.tx[0]?.value).toEqual({
      kind: 'address',
      address: { address: setup.market.registry, role: 'market-contract', name: 'Prosumer registry' },
    });
    expect(review.tx[1]?.value).toEqual({
      kind: 'amount',
      amount: { base: '0', decimals: 18, unit: 'POL', baseUnit: 'wei' },
    });
    expect(review.hashes).toEqual(proposal.hashes);
    expect(review.calls).toHaveLength(1);
    const [call] = review.calls;
    expect(call?.functionName).toBe('admit');
    expect(call?.decoded).toBe(true);
    expect(call?.args[0]).toEqual({
      name: 'prosumer',
      value: {
        kind: 'address',
        address: { address: applicant, role: 'prosumer', name: 'Prosumer (pending)' },
      },
    });
    expect(review.actor?.role).toBe('owner');
    expect(review.actor?.name).toContain('the active signer');
    expect(review.simulation.status).toBe('success');
    expect(review.simulation.blocksBehind).toBeGreaterThanOrEqual(0);
    expect(review.simulation.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(review.simulation.events.map((e) => e.name)).toContain('ProsumerAdmitted');
    expect(review.execution).toBeNull();
    expect(review.conflicts).toEqual([]);
    expect(review.confirmations).toBe(0);
  });

  it('shows a dispute split in POL with the exact wei beside it, and who pays to execute', async () => {
    const flow = machine();
    const [tradeId] = await decidableDisputes(devnet);
    if (tradeId === undefined) throw new Error('the training network has no dispute the Safe may decide');
    const proposal = await flow.propose([{ kind: 'resolveDispute', tradeId, sellerShareBps: 6000 }]);
    await signedByTwo(flow, proposal.safeTxHash);
    const review = await flow.review(proposal.safeTxHash, 'execute', owners[2]!.address);

    expect(review.calls[0]?.args).toEqual([
      { name: 'tradeId', value: { kind: 'text', text: tradeId.toString() } },
      { name: 'sellerShareBps', value: { kind: 'bps', bps: 6000 } },
    ]);
    const resolved = review.simulation.events.find((e) => e.name === 'DisputeResolved');
    const proceeds = resolved?.args.find((a) => a.name === 'sellerProceeds')?.value;
    expect(proceeds?.kind).toBe('amount');
    if (proceeds?.kind !== 'amount') throw new Error('unreachable');
    expect(proceeds.amount.unit).toBe('POL');
    expect(BigInt(proceeds.amount.base)).toBeGreaterThan(0n);
    expect(resolved?.args.find((a) => a.name === 'energyWhToBuyer')?.value).toMatchObject({
      kind: 'amount',
      amount: { unit: 'kWh', baseUnit: 'Wh', decimals: 3 },
    });
    const ended = review.simulation.events.find((e) => e.name === 'DisputeEnded');
    expect(ended?.args.find((a) => a.name === 'how')?.value).toEqual({
      kind: 'text',
      text: '0 (decided by the Safe)',
    });
    expect(ended?.args.find((a) => a.name === 'bondToSeller')?.value).toMatchObject({
      kind: 'amount',
      amount: { unit: 'POL', baseUnit: 'wei', decimals: 18 },
    });
    expect(review.confirmations).toBe(2);
    const execution = review.execution;
    expect(execution?.executor.address).toBe(owners[2]!.address);
    expect(BigInt(execution?.balance.base ?? '0')).toBe(await devnet.provider.getBalance(owners[2]!.address));
    expect(execution?.estimateError).toBeNull();
    expect(BigInt(execution?.gasLimit ?? '0')).toBeGreaterThan(21_000n);
    expect(BigInt(execution?.fee?.base ?? '0')).toBe(
      BigInt(execution?.gasLimit ?? '0') * BigInt(execution?.maxFeePerGas?.base ?? '0'),
    );
    expect(execution?.enoughBalance).toBe(true);
  });
});

describe('fresh simulations and queue conflicts', () => {
  it('finds the conflict, re-simulates after another proposal executes, and refuses a failing execution without the second confirmation', async () => {
    const flow = machine();
    const applicant = applicants[1] as string;
    const admission = await admitIntent(devnet, devnet.provider, applicant);
    const admit = await flow.propose([admission]);
    const reject = await flow.propose([
      {
        kind: 'reject',
        prosumer: applicant,
        applicationHash: admission.applicationHash,
        reason: 'duplicate meter',
      },
    ]);
    expect(reject.tx.nonce).toBe(admit.tx.nonce + 1n);

    // Proposal time: the second one names the first.
    const view = await flow.view(reject.safeTxHash);
    expect(view.conflicts).toEqual([
      {
        subject: 'prosumer',
        key: `prosumer:${applicant.toLowerCase()}`,
        label: `prosumer ${applicant}`,
        other: { safeTxHash: admit.safeTxHash, nonce: admit.tx.nonce.toString(), title: admit.title },
      },
    ]);
    expect(
      flow.pendingDecisions().filter((d) => d.key === `prosumer:${applicant.toLowerCase()}`),
    ).toHaveLength(2);

    await signedByTwo(flow, reject.safeTxHash);
    await signedByTwo(flow, admit.safeTxHash);
    await flow.execute(admit.safeTxHash, owners[2]!);
    expect((await flow.view(reject.safeTxHash)).simulation?.status).toBe('success');

    const report = await flow.refreshSimulations();
    expect(report).toMatchObject({ refreshed: 1, stale: 0, changed: [reject.safeTxHash] });
    const stale = await flow.view(reject.safeTxHash);
    expect(stale.simulation?.status).toBe('reverted');
    expect(stale.simulation?.revertReason).toMatch(/NotPending|pending/i);
    expect(stale.conflicts).toEqual([]);

    const refused = await flow.execute(reject.safeTxHash, owners[2]!).catch((e: unknown) => e);
    expect(isGridkeeperError(refused) && refused.code).toBe('SIMULATION_FAILED');
    if (!isGridkeeperError(refused)) throw refused;
    expect(refused.message).toContain(`nonce ${reject.tx.nonce}`);
    expect(refused.details).toMatchObject({ confirmationRequired: true, nonce: reject.tx.nonce.toString() });
    expect((await flow.view(reject.safeTxHash)).status).toBe('open');

    // Confirmed twice, it goes on to the chain's own check (the Safe refuses a failing call with
    // safeTxGas 0: nothing is sent, the nonce stays free).
    const confirmed = await flow
      .execute(reject.safeTxHash, owners[2]!, { confirmFailingSimulation: true })
      .catch((e: unknown) => e);
    expect(isGridkeeperError(confirmed) && confirmed.code).toBe('EXECUTION_FAILED');
  });

  it('marks a simulation stale when it cannot be refreshed', async () => {
    const store = new SafeQueueStore(openStore(':memory:'));
    const online = machine(store);
    const proposal = await online.propose([
      await admitIntent(devnet, devnet.provider, applicants[2] as string),
    ]);
    // The same store, reached through a node that does not answer (nothing listens on port 9).
    const dead = new JsonRpcProvider('http://127.0.0.1:9', Number(setup.safe.chainId), {
      staticNetwork: true,
    });
    const cut = new SafeFlow({ store, setup, provider: dead });
    const report = await cut.refreshSimulations();
    dead.destroy();
    expect(report).toMatchObject({ refreshed: 0, stale: 1 });
    const after = store.getProposal(proposal.safeTxHash);
    expect(after?.simulation?.status).toBe('success');
    expect(after?.simulation?.stale?.reason).toMatch(/could not simulate again/);
  });

  it('refreshes 50 queued proposals: cost against one simulation', async () => {
    const flow = machine();
    const base = await flow.refreshState();
    const proposals = [];
    for (let i = 0; i < 50; i++) {
      proposals.push(
        await flow.propose([{ kind: 'setMarketFee', feeBps: 10 + i }], { nonce: base.nonce + BigInt(i) }),
      );
    }
    const one = performance.now();
    await flow.simulate(proposals[0]!.safeTxHash);
    const single = performance.now() - one;
    const report = await flow.refreshSimulations();
    expect(report.refreshed).toBe(50);
    const queue = await flow.queue();
    const all = queue.groups.flatMap((g) => g.proposals);
    expect(all.every((p) => p.conflicts.some((c) => c.key === 'parameter:market-fee'))).toBe(true);
    console.log(
      `simulation refresh: 50 queued proposals in ${report.ms.toFixed(0)} ms; one simulation ${single.toFixed(0)} ms; ratio ${(report.ms / single).toFixed(1)}× (${(report.ms / 50).toFixed(1)} ms per proposal)`,
    );
  }, 300_000);
});
