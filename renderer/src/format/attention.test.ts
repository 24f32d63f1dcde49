import { describe, expect, it } from 'vitest';
import type {
  DisputeView,
  IndexerStatusView,
  ProposalView,
  QueueView,
} from '../../../electron/core/api/contract';
import { type AttentionInputs, type AttentionItem, attentionItems, itemsToNotify } from './attention';

const ME = '0x00000000000000000000000000000000000000A1';
const OTHER = '0x00000000000000000000000000000000000000B2';

function proposal(nonce: string, over: Partial<ProposalView> & { kinds?: string[] } = {}): ProposalView {
  const { kinds = ['admit'], ...rest } = over;
  return {
    safeTxHash: `0x${nonce.padStart(64, '0')}`,
    nonce,
    title: kinds.includes('pause') ? 'Pause market' : `Decision ${nonce}`,
    status: 'open',
    signatures: [],
    executable: false,
    decoded: { intents: kinds.map((kind) => ({ kind })) },
    ...rest,
  } as unknown as ProposalView;
}

function queue(proposals: ProposalView[], nonce = '5'): QueueView {
  return {
    owners: [ME, OTHER],
    nonce,
    groups: proposals.map((p) => ({
      nonce: p.nonce,
      next: p.nonce === nonce,
      competing: false,
      proposals: [p],
    })),
  } as unknown as QueueView;
}

const base: AttentionInputs = {
  queue: undefined,
  signer: ME,
  openDisputes: [],
  disputeAgeSeconds: 86_400,
  applicationsWaiting: 0,
  indexer: undefined,
  paused: false,
  now: 1_000_000,
};

describe('what needs me', () => {
  it('counts transactions waiting for my signature (the emergency stop first), and those ready to run', () => {
    const signedByMe = { owner: ME.toLowerCase(), counts: true } as ProposalView['signatures'][number];
    const items = attentionItems({
      ...base,
      queue: queue([
        proposal('5', { executable: true, signatures: [signedByMe] }),
        proposal('6'),
        proposal('7', { kinds: ['pause'] }),
        proposal('8', { status: 'executed' }),
        proposal('4'),
      ]),
    });
    expect(items.map((i) => [i.kind, i.count])).toEqual([
      ['stop', 1],
      ['sign', 1],
      ['execute', 1],
    ]);
    expect(items[0]?.text).toBe('Emergency stop waiting for your signature: #7 Pause market');
    expect(items[1]?.text).toBe('1 Safe transaction waits for your signature');
  });

  it('asks nothing of a signer who is not an owner, or of no signer', () => {
    const q = queue([proposal('5')]);
    expect(attentionItems({ ...base, queue: q, signer: null })).toEqual([]);
    expect(
      attentionItems({ ...base, queue: q, signer: '0x00000000000000000000000000000000000000C3' }),
    ).toEqual([]);
  });

  it('flags disputes past the age threshold only, with the oldest age, and the rest of the desk', () => {
    const dispute = (openedAt: number) => ({ openedAt }) as DisputeView;
    const items = attentionItems({
      ...base,
      openDisputes: [dispute(1_000_000 - 3600), dispute(1_000_000 - 2 * 86_400), dispute(1_000_000 - 90_000)],
      applicationsWaiting: 3,
      paused: true,
      indexer: { lagBlocks: 42, lagSeconds: 84, lastError: 'timeout from 127.0.0.1' } as IndexerStatusView,
    });
    expect(items.map((i) => i.kind)).toEqual(['paused', 'disputes', 'applications', 'indexer', 'rpc']);
    expect(items.find((i) => i.kind === 'disputes')?.text).toBe(
      '2 disputes have been open longer than 1 d (oldest 2 d)',
    );
    expect(items.find((i) => i.kind === 'indexer')?.text).toBe(
      'Chain data is 42 blocks behind the chain (1 min)',
    );
    expect(
      attentionItems({ ...base, disputeAgeSeconds: 3 * 86_400, openDisputes: [dispute(0)] }),
    ).toHaveLength(1);
  });
});

describe('desktop notifications', () => {
  const item = (kind: AttentionItem['kind'], count: number) =>
    ({ kind, count, tone: 'warn', text: kind, href: '#/' }) as AttentionItem;
  it('announce only kinds turned on whose count grew, and nothing on the first look', () => {
    const now = [item('sign', 2), item('disputes', 1), item('applications', 4)];
    const on = new Set<AttentionItem['kind']>(['sign', 'disputes']);
    expect(itemsToNotify(null, now, on)).toEqual([]);
    const before = new Map<AttentionItem['kind'], number>([
      ['sign', 1],
      ['disputes', 1],
      ['applications', 1],
    ]);
    expect(itemsToNotify(before, now, on).map((i) => i.kind)).toEqual(['sign']);
    expect(itemsToNotify(new Map(), now, new Set())).toEqual([]);
  });
});
