import type { JsonRpcProvider } from 'ethers';
import type { Intent, SafeSetup } from '../safe';
import { SafeFlow, SafeQueueStore } from '../safe';
import { DemoKeySigner } from '../signers';
import { openStore } from '../store';
import type { DemoAccount } from './keys';

/**
 * The consortium deciding while the training network is built: the same Safe flow the app uses
 * (propose with simulation and hash cross-checks, two demo owners sign, the third executes), on a
 * throwaway in-memory queue. Several intents become one MultiSendCallOnly batch.
 */
export async function decideAsConsortium(
  provider: JsonRpcProvider,
  setup: SafeSetup,
  owners: readonly DemoAccount[],
  intents: Intent[],
): Promise<{ txHash: string; blockNumber: number }> {
  const db = openStore(':memory:');
  try {
    const flow = new SafeFlow({ store: new SafeQueueStore(db), setup, provider });
    const [first, second, executor] = owners.map(
      (o) => new DemoKeySigner({ label: o.label, privateKey: o.privateKey }),
    );
    if (!first || !second || !executor) throw new Error('The demo consortium has three owners');
    const proposal = await flow.propose(intents, { proposer: first.address });
    if (proposal.simulation?.status !== 'success') {
      throw new Error(
        `The Safe would not execute "${proposal.title}": ${JSON.stringify(proposal.simulation)}`,
      );
    }
    await flow.sign(proposal.safeTxHash, first);
    await flow.sign(proposal.safeTxHash, second);
    const done = await flow.execute(proposal.safeTxHash, executor);
    if (done.status !== 'executed' || !done.executedTxHash) {
      throw new Error(`The Safe did not execute "${proposal.title}" (${done.status})`);
    }
    return { txHash: done.executedTxHash, blockNumber: done.executedBlock ?? 0 };
  } finally {
    db.close();
  }
}
