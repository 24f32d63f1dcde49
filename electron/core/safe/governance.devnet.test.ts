import { Contract, type Log, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import { type Devnet, startDevnet } from '../devnet';
import type { DemoKeySigner } from '../signers/demo-key';
import { openStore } from '../store';
import { marketInterface, tokenInterface } from './abis';
import { SafeFlow } from './flow';
import { SafeQueueStore } from './queue/queue-store';
import { decidableDisputes, devnetOwners, devnetSetup, openDisputes } from './testing/devnet-setup';
import { deployHandedOverMarket } from './testing/handed-over-market';
import type { SafeSetup } from './types';

let devnet: Devnet;
let setup: SafeSetup;
let owners: DemoKeySigner[];
let snapshot: string;

beforeAll(async () => {
  devnet = await startDevnet({ seed: 'full', simulate: false });
  setup = devnetSetup(devnet);
  owners = devnetOwners(devnet);
  snapshot = await devnet.snapshot();
});
afterEach(async () => {
  await devnet.revert(snapshot);
  snapshot = await devnet.snapshot();
});
afterAll(() => devnet?.stop());

function machine(over: SafeSetup = setup) {
  const db = openStore(':memory:');
  const flow = new SafeFlow({ store: new SafeQueueStore(db), setup: over, provider: devnet.provider });
  const audit = new AuditLog(db);
  recordEvents(flow.lifecycle, audit);
  return { flow, audit };
}

/** Proposes, has owners 1 and 2 sign, owner 3 execute; returns the execution receipt's logs. */
async function decide(flow: SafeFlow, intents: Parameters<SafeFlow['propose']>[0]): Promise<Log[]> {
  const proposal = await flow.propose(intents, { proposer: owners[0]!.address });
  for (const owner of owners.slice(0, 2)) await flow.sign(proposal.safeTxHash, owner);
  const done = await flow.execute(proposal.safeTxHash, owners[2]!);
  const receipt = await devnet.provider.getTransactionReceipt(done.executedTxHash as string);
  return [...(receipt?.logs ?? [])];
}

const parse = (logs: Log[], name: string) =>
  logs
    .filter((l) => l.address.toLowerCase() === setup.market.market.toLowerCase())
    .map((l) => marketInterface.parseLog(l))
    .find((e) => e?.name === name);

describe('governance decisions end to end on the training network', () => {
  it('resolves a dispute at 60/40: proceeds, refund, fee and energy split as decided', async () => {
    const { flow, audit } = machine();
    const [tradeId] = await decidableDisputes(devnet);
    expect(tradeId).toBeDefined();
    const market = new Contract(setup.market.market, marketInterface, devnet.provider);
    const token = new Contract(setup.market.token, tokenInterface, devnet.provider);
    const [opened] = await market.queryFilter(market.filters.TradeOpened!(tradeId), setup.fromBlock);
    const [, , seller, buyer, energyWh, paymentAmount] = (
      opened as unknown as { args: [bigint, bigint, string, string, bigint, bigint] }
    ).args;
    const before = await Promise.all([
      market.getFunction('withdrawable')(seller),
      market.getFunction('withdrawable')(buyer),
      token.getFunction('balanceOf')(seller),
      token.getFunction('balanceOf')(buyer),
    ]);

    const logs = await decide(flow, [
      { kind: 'resolveDispute', tradeId: tradeId as bigint, sellerShareBps: 6000 },
    ]);

    const resolved = parse(logs, 'DisputeResolved');
    expect(resolved?.args.tradeId).toBe(tradeId);
    expect(resolved?.args.sellerShareBps).toBe(6000n);
    const { sellerProceeds, buyerRefund, feeAmount, energyWhToBuyer, energyWhToSeller } = resolved!.args;
    expect(sellerProceeds + buyerRefund + feeAmount).toBe(paymentAmount);
    expect(energyWhToBuyer + energyWhToSeller).toBe(energyWh);
    expect(energyWhToBuyer).toBe((energyWh * 6000n) / 10_000n);
    // The seller is paid for exactly the energy the buyer gets.
    expect(buyerRefund).toBe(paymentAmount - (paymentAmount * energyWhToBuyer) / energyWh);
    const ended = parse(logs, 'DisputeEnded');
    const { bond } = (await market.getFunction('disputeOf')(tradeId)) as { bond: bigint };
    expect(ended?.args.bondToSeller).toBe((bond * 6000n) / 10_000n);
    expect(ended?.args.bondToSeller + ended?.args.bondToBuyer).toBe(bond);
    const after = await Promise.all([
      market.getFunction('withdrawable')(seller),
      market.getFunction('withdrawable')(buyer),
      token.getFunction('balanceOf')(seller),
      token.getFunction('balanceOf')(buyer),
    ]);
    expect(after[0] - before[0]).toBe(sellerProceeds + ended?.args.bondToSeller);
    expect(after[1] - before[1]).toBe(buyerRefund + ended?.args.bondToBuyer);
    expect(after[2] - before[2]).toBe(energyWhToSeller);
    expect(after[3] - before[3]).toBe(energyWhToBuyer);
    expect(audit.verify().ok).toBe(true);
  });

  it('changes the market fee, the dispute bond and the arbitration period', async () => {
    const { flow } = machine();
    const logs = await decide(flow, [
      { kind: 'setMarketFee', feeBps: 275 },
      { kind: 'setDisputeBond', bond: 5n * 10n ** 17n },
      { kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: 3n * 86_400n },
    ]);
    expect(parse(logs, 'MarketFeeChanged')?.args.newFeeBps).toBe(275n);
    expect(parse(logs, 'DisputeBondChanged')?.args.newBond).toBe(5n * 10n ** 17n);
    expect(parse(logs, 'ArbitrationPeriodChanged')?.args.newSeconds).toBe(3n * 86_400n);
  });

  it('refuses to propose a decision on a dispute past its arbitration deadline, naming the rule', async () => {
    const { flow } = machine();
    const decidable = new Set((await decidableDisputes(devnet)).map(String));
    const closed = (await openDisputes(devnet)).find((t) => !decidable.has(String(t)));
    expect(closed).toBeDefined();
    await expect(
      flow.propose([{ kind: 'resolveDispute', tradeId: closed as bigint, sellerShareBps: 5000 }], {
        proposer: owners[0]!.address,
      }),
    ).rejects.toMatchObject({
      code: 'INTENT_INVALID',
      message: expect.stringMatching(/arbitration deadline/),
    });
  });

  it('accepts, as a Safe transaction, ownership of market contracts it was nominated for', async () => {
    // A market deployed by someone else, who hands it to the consortium: step one is theirs, and the
    // owners put its three contracts on the guard's allowlist…
    const handed = await deployHandedOverMarket(devnet, { contracts: ['registry', 'token', 'market'] });
    const contracts = [handed.deployment.registry, handed.deployment.token, handed.deployment.market].map(
      (address) => new Contract(address, marketInterface, devnet.provider),
    );
    expect(await contracts[0]!.getFunction('owner')()).toBe(handed.deployer.address);
    // …then one Safe transaction accepts all three.
    const { flow } = machine(handed.setup);
    const proposal = await flow.propose(
      [
        { kind: 'acceptOwnership', contract: 'registry' },
        { kind: 'acceptOwnership', contract: 'token' },
        { kind: 'acceptOwnership', contract: 'market' },
      ],
      { proposer: owners[0]!.address },
    );
    expect(proposal.title).toBe('3 decisions: Accept ownership');
    for (const owner of owners.slice(0, 2)) await flow.sign(proposal.safeTxHash, owner);
    await flow.execute(proposal.safeTxHash, owners[2]!);
    for (const c of contracts) expect(await c.getFunction('owner')()).toBe(setup.safe.address);
  });

  it('replaces an owner and raises the threshold to 3-of-4 in one transaction', async () => {
    const { flow } = machine();
    const replacement = Wallet.createRandom().address;
    const fourth = Wallet.createRandom().address;
    await decide(flow, [
      { kind: 'swapOwner', oldOwner: owners[1]!.address, newOwner: replacement },
      { kind: 'addOwner', owner: fourth, threshold: 3 },
    ]);
    const state = await flow.refreshState();
    expect(state.threshold).toBe(3);
    expect([...state.owners].sort()).toEqual(
      [owners[0]!.address, owners[2]!.address, replacement, fourth].sort(),
    );
  });

  it('a competing rejection for the same nonce replaces the proposal it cancels', async () => {
    const { flow } = machine();
    const proposal = await flow.propose([{ kind: 'pause' }], { proposer: owners[0]!.address });
    const rejection = await flow.proposeRejection(proposal.tx.nonce, { proposer: owners[1]!.address });
    const queue = await flow.queue();
    expect(queue.groups).toEqual([
      expect.objectContaining({ nonce: proposal.tx.nonce.toString(), next: true, competing: true }),
    ]);
    expect((await flow.view(proposal.safeTxHash)).competitors).toEqual([rejection.safeTxHash]);
    for (const owner of owners.slice(0, 2)) {
      await flow.sign(proposal.safeTxHash, owner);
      await flow.sign(rejection.safeTxHash, owner);
    }
    const done = await flow.execute(rejection.safeTxHash, owners[2]!);
    expect(flow.store.getProposal(proposal.safeTxHash)).toMatchObject({
      status: 'replaced',
      replacedBy: done.executedTxHash,
    });
    const market = new Contract(
      setup.market.market,
      ['function paused() view returns (bool)'],
      devnet.provider,
    );
    expect(await market.getFunction('paused')()).toBe(false);
    expect((await flow.queue()).groups).toEqual([]);
  });
});
