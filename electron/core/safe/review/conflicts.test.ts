import { describe, expect, it } from 'vitest';
import type { Intent } from '../build/intents';
import { findConflicts, pendingDecisions, type QueuedDecisions } from './conflicts';

const A = '0x00000000000000000000000000000000000000aA';
const B = '0x00000000000000000000000000000000000000bB';
const HASH = `0x${'ab'.repeat(32)}`;

const queued = (hash: string, nonce: bigint, intents: Intent[]): QueuedDecisions => ({
  safeTxHash: hash,
  nonce,
  title: `proposal ${hash}`,
  intents,
});

describe('queue conflicts', () => {
  it('finds two proposals on the same prosumer, trade, parameter or nonce, naming the other', () => {
    const queue = [
      queued('0x1', 4n, [{ kind: 'admit', prosumer: A, applicationHash: HASH }]),
      queued('0x2', 6n, [{ kind: 'reject', prosumer: A.toLowerCase(), applicationHash: HASH, reason: 'no' }]),
      queued('0x3', 7n, [{ kind: 'resolveDispute', tradeId: 12n, sellerShareBps: 5000 }]),
      queued('0x4', 8n, [
        { kind: 'resolveDispute', tradeId: 12n, sellerShareBps: 7000 },
        { kind: 'setMarketFee', feeBps: 30 },
      ]),
      queued('0x5', 8n, [{ kind: 'setMarketFee', feeBps: 40 }]),
      queued('0x6', 9n, [{ kind: 'admit', prosumer: B, applicationHash: HASH }]),
    ];
    const found = findConflicts(queue);
    expect(found.get('0x1')).toEqual([
      {
        subject: 'prosumer',
        key: `prosumer:${A.toLowerCase()}`,
        label: `prosumer ${A}`,
        other: { safeTxHash: '0x2', nonce: '6', title: 'proposal 0x2' },
      },
    ]);
    expect(found.get('0x3')?.map((c) => [c.key, c.other.safeTxHash])).toEqual([['trade:12', '0x4']]);
    expect(found.get('0x4')?.map((c) => [c.key, c.other.safeTxHash])).toEqual([
      ['trade:12', '0x3'],
      ['parameter:market-fee', '0x5'],
      ['nonce:8', '0x5'],
    ]);
    expect(found.get('0x6')).toEqual([]);
  });

  it('counts a batch acting twice on one subject once', () => {
    const queue = [queued('0x1', 1n, [{ kind: 'pause' }, { kind: 'unpause' }])];
    expect(findConflicts(queue).get('0x1')).toEqual([]);
    expect(pendingDecisions(queue).map((d) => d.key)).toEqual(['parameter:market-paused', 'nonce:1']);
  });

  it('treats every owner and threshold change as acting on the owners', () => {
    const queue = [
      queued('0x1', 1n, [{ kind: 'addOwner', owner: A, threshold: 2 }]),
      queued('0x2', 2n, [{ kind: 'changeThreshold', threshold: 3 }]),
    ];
    expect(findConflicts(queue).get('0x2')?.[0]?.label).toBe('the Safe’s owners and threshold');
  });
});
