import { describe, expect, it } from 'vitest';
import type {
  DisputeView,
  IndexerStatusView,
  ProposalView,
  QueueView,
  SafeGuardView,
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
  guard: undefined,
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

describe('guard missing', () => {
  const RECORD = '0x00000000000000000000000000000000000000d1';
  const view = (guard: string | null, over: Partial<SafeGuardView> = {}): SafeGuardView => ({
    safeAddress: '0x00000000000000000000000000000000000000e1',
    online: true,
    guard,
    recordGuard: RECORD,
    readAt: '2026-11-30T23:00:00.000Z',
    ...over,
  });
  const guardItems = (guard: SafeGuardView) =>
    attentionItems({ ...base, guard }).filter((i) => i.kind === 'guard');

  it('says so when the Safe holds no guard or another one than the record names, linking to the Safe', () => {
    const none = guardItems(view(null));
    expect(none).toEqual([
      {
        kind: 'guard',
        tone: 'bad',
        text: 'Guard missing: the Safe runs without the ConsortiumGuard 0x0000…00d1 of the deployment record, so the chain does not enforce the signing policy',
        href: '#/safe',
        count: 1,
      },
    ]);
    const other = guardItems(view('0x00000000000000000000000000000000000000f9'));
    expect(other.map((i) => [i.text, i.href])).toEqual([
      [
        'Guard missing: the Safe runs with guard 0x0000…00f9, not the ConsortiumGuard 0x0000…00d1 of the deployment record',
        '#/safe',
      ],
    ]);
  });

  it('is absent when the guard of the record is installed (in any case), when the record names none, and offline', () => {
    expect(guardItems(view(RECORD.toUpperCase().replace('0X', '0x')))).toEqual([]);
    expect(guardItems(view(null, { recordGuard: null }))).toEqual([]);
    expect(guardItems(view('0x00000000000000000000000000000000000000f9', { recordGuard: null }))).toEqual([]);
    expect(guardItems(view(null, { online: false }))).toEqual([]);
    expect(attentionItems({ ...base, guard: undefined })).toEqual([]);
  });

  it('comes right after the emergency stop, before signatures', () => {
    const items = attentionItems({
      ...base,
      guard: view(null),
      queue: queue([proposal('5'), proposal('6', { kinds: ['pause'] })]),
    });
    expect(items.map((i) => i.kind)).toEqual(['stop', 'guard', 'sign']);
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
