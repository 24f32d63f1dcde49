import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus } from '../api/event-bus';
import { type Devnet, startDevnet } from '../devnet';
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
