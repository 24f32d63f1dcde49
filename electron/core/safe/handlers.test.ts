import { Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiContract, ApiEventName } from '../api/contract';
import { auditChannels } from '../api/contract/audit';
import { governanceChannels, type ProposalView, safeChannels } from '../api/contract/safe';
import { EventBus } from '../api/event-bus';
import { createRouter, type Handlers, type Reply } from '../api/router';
import { createAuditHandlers } from '../audit/handlers';
import { silentLogger } from '../ports/logger';
import { openStore } from '../store';
import { openSafeConcern, type SafeConcern } from './concern';
import { createSafeHandlers } from './handlers';
import { devnetOwners, startSafeDevnet } from './testing/devnet-setup';

let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
let owners: ReturnType<typeof devnetOwners>;
beforeAll(async () => {
  chain = await startSafeDevnet();
  owners = devnetOwners(chain);
});
afterAll(() => chain?.stop());

let concern: SafeConcern;
let events: { event: ApiEventName; payload: unknown }[];
let invoke: (channel: string, input: unknown) => Promise<Reply<unknown>>;
let snapshot: string;
/** What the composition root answers for the active signer (an owner's address, or null). */
let activeOwner: string | null;
beforeEach(async () => {
  activeOwner = null;
  snapshot = await chain.snapshot();
  const bus = new EventBus();
  events = [];
  bus.subscribe((event, payload) => events.push({ event, payload }));
  concern = await openSafeConcern({
    db: openStore(':memory:'),
    setup: chain.setup,
    provider: chain.provider,
    events: bus,
  });
  const handlers = {
    ...createSafeHandlers({
      flow: () => concern.flow,
      signer: (id) => owners.find((o) => o.id === id) as (typeof owners)[number],
      events: bus,
      proposer: async () => activeOwner,
    }),
    ...createAuditHandlers({ auditLog: () => concern.auditLog }),
  };
  const contract = { ...safeChannels, ...governanceChannels, ...auditChannels } as unknown as ApiContract;
  const router = createRouter(handlers as Handlers, silentLogger, contract);
  invoke = (channel, input) => router.invoke(channel, input);
});
afterEach(async () => {
  concern.close();
  await chain.revert(snapshot);
});

const data = <T>(reply: Reply<unknown>): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data as T;
};

describe('safe/* and audit/* over the api router', () => {
  it('proposes, signs, moves a bundle and executes, with typed results, push events and a clean audit', async () => {
    const proposal = data<ProposalView>(
      await invoke('safe/change-threshold', { threshold: 1, proposer: owners[0]!.address.toLowerCase() }),
    );
    expect(proposal).toMatchObject({
      title: 'Change threshold to 1',
      status: 'open',
      confirmations: 0,
      threshold: 2,
    });
    expect(proposal.simulation).toMatchObject({
      status: 'success',
      events: [{ name: 'ChangedThreshold', args: { threshold: '1' } }],
    });
    expect(proposal.decoded.intents).toEqual([{ kind: 'changeThreshold', threshold: 1 }]);

    const signed = data<ProposalView>(
      await invoke('safe/sign', { safeTxHash: proposal.safeTxHash, signerId: owners[0]!.id }),
    );
    expect(signed.confirmations).toBe(1);
    expect(events.some((e) => e.event === 'safe/signing-prompt')).toBe(true);

    const file = data<{ content: string; sha256: string }>(
      await invoke('safe/export-bundle', { safeTxHash: proposal.safeTxHash }),
    );
    const imported = data<{ newProposal: boolean; addedSignatures: string[] }>(
      await invoke('safe/import-bundle', { content: file.content }),
    );
    expect(imported).toMatchObject({ newProposal: false, addedSignatures: [] });

    data(await invoke('safe/sign', { safeTxHash: proposal.safeTxHash, signerId: owners[1]!.id }));
    const queue = data<{ groups: { next: boolean; proposals: ProposalView[] }[] }>(
      await invoke('safe/queue', {}),
    );
    expect(queue.groups[0]).toMatchObject({ next: true, proposals: [{ executable: true }] });

    const executed = data<ProposalView>(
      await invoke('safe/execute', { safeTxHash: proposal.safeTxHash, signerId: owners[2]!.id }),
    );
    expect(executed).toMatchObject({ status: 'executed', execution: { executedBy: owners[2]!.address } });
    expect(data<{ owners: string[]; threshold: number }>(await invoke('safe/owners', {}))).toMatchObject({
      threshold: 1,
    });
    expect(
      data<{ proposals: ProposalView[] }>(await invoke('safe/history', {})).proposals[0]?.safeTxHash,
    ).toBe(proposal.safeTxHash);

    const steps = events
      .filter((e) => e.event === 'safe/tx-updated')
      .map((e) => (e.payload as { step: string }).step);
    expect(steps).toEqual(
      expect.arrayContaining(['PROPOSED', 'SIGNED', 'BUNDLE_EXPORTED', 'EXECUTING', 'EXECUTED']),
    );
    expect(data<{ ok: boolean; entries: number }>(await invoke('audit/verify', {}))).toMatchObject({
      ok: true,
    });
    const exported = data<{ content: string; entries: number }>(await invoke('audit/export', {}));
    expect(exported.content.trim().split('\n')).toHaveLength(exported.entries);
    const listed = data<{ entries: { kind: string; actor: string | null }[] }>(
      await invoke('audit/list', { safeTxHash: proposal.safeTxHash, limit: 2 }),
    );
    expect(listed.entries.map((e) => e.kind)).toEqual(['EXECUTED', 'EXECUTING']);
  });

  it("safe/guard: the guard in the Safe's guard slot, and the one the deployment record names", async () => {
    expect(data(await invoke('safe/guard', {}))).toMatchObject({
      safeAddress: chain.setup.safe.address,
      online: true,
      guard: chain.guard,
      recordGuard: chain.guard,
    });
  });

  it('answers bad input and refused steps with typed errors, never a throw', async () => {
    expect(await invoke('safe/sign', { safeTxHash: '0x12', signerId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INPUT_INVALID' },
    });
    expect(await invoke('dispute/resolve', { tradeId: '1', sellerShareBps: 10_001 })).toMatchObject({
      ok: false,
      error: { code: 'INPUT_INVALID' },
    });
    expect(await invoke('safe/import-bundle', { content: '{' })).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_REJECTED', details: { reason: 'bad-json' } },
    });
    expect(await invoke('safe/add-owner', { owner: owners[0]!.address, threshold: 2 })).toMatchObject({
      ok: false,
      error: { code: 'INTENT_INVALID', message: expect.stringMatching(/already an owner/) },
    });
    expect(
      await invoke('safe/change-threshold', { threshold: 1, proposer: Wallet.createRandom().address }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_SAFE_OWNER' },
    });
    expect(await invoke('safe/get', { safeTxHash: `0x${'00'.repeat(32)}` })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('names the active owner as the proposer when the input names nobody, in the proposal and its audit entry', async () => {
    activeOwner = owners[2]!.address;
    const proposal = data<ProposalView>(await invoke('safe/change-threshold', { threshold: 1 }));
    expect(proposal.proposedBy).toBe(owners[2]!.address);
    const rejection = data<ProposalView>(await invoke('safe/propose-rejection', { nonce: proposal.nonce }));
    expect(rejection.proposedBy).toBe(owners[2]!.address);
    const listed = data<{ entries: { kind: string; actor: string | null }[] }>(
      await invoke('audit/list', { safeTxHash: proposal.safeTxHash }),
    );
    expect(listed.entries.find((e) => e.kind === 'PROPOSED')?.actor).toBe(owners[2]!.address);

    activeOwner = null;
    expect(data<ProposalView>(await invoke('safe/change-threshold', { threshold: 3 })).proposedBy).toBeNull();
  });
});
