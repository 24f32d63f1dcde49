import { Contract } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import { type Devnet, startDevnet } from '../devnet';
import type { DemoKeySigner } from '../signers/demo-key';
import { openStore } from '../store';
import { registryInterface } from './abis';
import { SafeFlow } from './flow';
import { SafeQueueStore } from './queue/queue-store';
import { SafeChain } from './safe-reader';
import { admitIntent, applyMany, devnetOwners, devnetSetup } from './testing/devnet-setup';
import { startTxServiceDouble, type TxServiceDouble } from './testing/tx-service-double';
import type { SafeSetup } from './types';

let devnet: Devnet;
let setup: SafeSetup;
let owners: DemoKeySigner[];
let applicants: string[];
let double: TxServiceDouble;
let snapshot: string;

beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal', simulate: false });
  setup = devnetSetup(devnet);
  owners = devnetOwners(devnet);
  applicants = await applyMany(devnet, devnet.provider, 51);
  snapshot = await devnet.snapshot();
});
// The service keeps what it was told: each test gets its own, as the chain goes back to the snapshot.
beforeEach(async () => {
  double = await startTxServiceDouble(new SafeChain(devnet.provider, setup));
});
afterEach(async () => {
  await double.close();
  await devnet.revert(snapshot);
  snapshot = await devnet.snapshot();
});
afterAll(() => devnet?.stop());

/** One owner's Gridkeeper: its own store and audit log, the same chain and tx service. */
function machine() {
  const db = openStore(':memory:');
  const flow = new SafeFlow({
    store: new SafeQueueStore(db),
    setup,
    provider: devnet.provider,
    txServiceUrl: double.url,
  });
  const audit = new AuditLog(db);
  recordEvents(flow.lifecycle, audit);
  return { flow, audit };
}
type Machine = ReturnType<typeof machine>;

/** How owner 1 (machine a) and owner 2 (machine b) bring their two signatures together. */
const TRANSPORTS: Record<string, (a: Machine, b: Machine, safeTxHash: string) => Promise<void>> = {
  'the Safe Transaction Service': async (a, b, hash) => {
    await a.flow.sign(hash, owners[0]!);
    await a.flow.proposeToService(hash);
    await b.flow.syncService();
    await b.flow.sign(hash, owners[1]!);
    await b.flow.proposeToService(hash);
    expect(await a.flow.syncService()).toMatchObject({ addedSignatures: 1, refused: [] });
  },
  'signed bundle files': async (a, b, hash) => {
    await a.flow.sign(hash, owners[0]!);
    await b.flow.importBundle((await a.flow.exportBundle(hash)).content);
    await b.flow.sign(hash, owners[1]!);
    expect(await a.flow.importBundle((await b.flow.exportBundle(hash)).content)).toMatchObject({
      addedSignatures: [owners[1]!.address],
    });
  },
  'on-chain approveHash': async (a, b, hash) => {
    await b.flow.importBundle((await a.flow.exportBundle(hash)).content);
    await a.flow.approveOnChain(hash, owners[0]!);
    await b.flow.approveOnChain(hash, owners[1]!);
  },
};

const statusOf = async (prosumer: string) => {
  const registry = new Contract(setup.market.registry, registryInterface, devnet.provider);
  return Number((await registry.getFunction('prosumerOf')(prosumer))[0]);
};

describe('admissions end to end on the training network', () => {
  for (const [transport, exchange] of Object.entries(TRANSPORTS)) {
    for (const count of [1, 50]) {
      it(`admits ${count === 1 ? 'one applicant' : `${count} applicants in one batch`} with co-signatures through ${transport}`, async () => {
        const started = performance.now();
        const a = machine();
        const b = machine();
        const chosen = applicants.slice(0, count);
        expect(await Promise.all(chosen.map(statusOf))).toEqual(chosen.map(() => 1));
        const proposal = await a.flow.propose(
          await Promise.all(chosen.map((prosumer) => admitIntent(devnet, devnet.provider, prosumer))),
          { proposer: owners[0]!.address },
        );
        expect(proposal.title).toEqual(
          count === 1 ? expect.stringMatching(/^Admit prosumer 0x/) : `Admit ${count} prosumers`,
        );
        expect(proposal.simulation).toMatchObject({ status: 'success' });
        expect(proposal.simulation?.events.filter((e) => e.name === 'ProsumerAdmitted')).toHaveLength(count);

        await exchange(a, b, proposal.safeTxHash);
        const done = await a.flow.execute(proposal.safeTxHash, owners[2]!);

        expect(done).toMatchObject({ status: 'executed', executedTxHash: expect.stringMatching(/^0x/) });
        expect(done.executedBlock).toBeGreaterThan(0);
        expect(await Promise.all(chosen.map(statusOf))).toEqual(chosen.map(() => 2));
        expect(applicants[count] && (await statusOf(applicants[count] as string))).toBe(1);
        expect(a.audit.verify().ok).toBe(true);
        expect(b.audit.verify().ok).toBe(true);
        console.log(`admission of ${count} via ${transport}: ${Math.round(performance.now() - started)} ms`);
      });
    }
  }
});
