import { encodeMultiSendData } from '@safe-global/protocol-kit';
import { id, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { marketInterface, multiSendCallOnlyInterface, registryInterface, safeInterface } from '../abis';
import { type Call, encodeIntents, SENTINEL_OWNERS } from '../build/encode';
import { describeIntent, type Intent, intentSchema } from '../build/intents';
import { offlineSetup, testOwners } from '../testing/support';
import type { SafeTxData } from '../types';
import { decodeSafeTx } from './decode';

const setup = offlineSetup();
const owners = testOwners().map((o) => o.address);
const state = { owners, threshold: 2 };
const applicant = Wallet.createRandom().address;
const newOwner = Wallet.createRandom().address;

const tx = (over: Partial<SafeTxData>): SafeTxData => ({
  to: setup.market.registry,
  value: 0n,
  data: '0x',
  operation: 0,
  safeTxGas: 0n,
  baseGas: 0n,
  gasPrice: 0n,
  gasToken: '0x0000000000000000000000000000000000000000',
  refundReceiver: '0x0000000000000000000000000000000000000000',
  nonce: 7n,
  ...over,
});

const batch = (calls: Call[]) =>
  tx({
    to: setup.contracts.multiSendCallOnlyAddress,
    operation: 1,
    data: multiSendCallOnlyInterface.encodeFunctionData('multiSend', [
      encodeMultiSendData(calls.map((c) => ({ ...c, value: c.value.toString() }))),
    ]),
  });

const every: Intent[] = [
  { kind: 'admit', prosumer: applicant, applicationHash: id('application') },
  {
    kind: 'reject',
    prosumer: Wallet.createRandom().address,
    applicationHash: id('another application'),
    reason: 'meter id not on the grid register',
  },
  { kind: 'remove', prosumer: Wallet.createRandom().address, reason: 'moved away' },
  { kind: 'suspend', prosumer: Wallet.createRandom().address, reason: 'tampered meter' },
  { kind: 'reinstate', prosumer: Wallet.createRandom().address },
  { kind: 'setRegistrationFee', feeWei: 10n ** 16n },
  { kind: 'withdrawRegistrationFees' },
  { kind: 'resolveDispute', tradeId: 17n, sellerShareBps: 6000 },
  { kind: 'setMarketFee', feeBps: 150 },
  { kind: 'setDisputeWindow', disputeWindowSeconds: 86_400n },
  { kind: 'setDisputeBond', bond: 10n ** 17n },
  { kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: 604_800n },
  { kind: 'acceptOwnership', contract: 'registry' },
  { kind: 'acceptOwnership', contract: 'token' },
  { kind: 'acceptOwnership', contract: 'market' },
  { kind: 'pause' },
  { kind: 'unpause' },
  { kind: 'setMeterOracle', oracle: Wallet.createRandom().address, authorised: true },
  { kind: 'swapOwner', oldOwner: owners[1] as string, newOwner },
  { kind: 'addOwner', owner: Wallet.createRandom().address, threshold: 3 },
  { kind: 'removeOwner', owner: owners[0] as string, threshold: 2 },
  { kind: 'changeThreshold', threshold: 3 },
].map((i) =>
  intentSchema.parse(JSON.parse(JSON.stringify(i, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))),
);

describe('encode and decode', () => {
  it('decodes every kind of decision back from a MultiSendCallOnly batch, in order', () => {
    const calls = encodeIntents(every, setup, state);
    const decoded = decodeSafeTx(batch(calls), setup);
    expect(decoded.batch).toBe(true);
    expect(decoded.danger).toBeNull();
    expect(decoded.warnings).toEqual([]);
    expect(decoded.intents).toEqual(every);
    expect(decoded.title).toMatch(/^22 decisions: Admit prosumer, Reject application, Remove prosumer/);
  });

  it('decodes a single call and titles a batch of admissions', () => {
    const one = encodeIntents([every[0] as Intent], setup, state);
    expect(decodeSafeTx(tx({ data: one[0]?.data }), setup)).toMatchObject({
      batch: false,
      intents: [every[0]],
    });
    const fifty = Array.from({ length: 50 }, () => ({
      kind: 'admit' as const,
      prosumer: Wallet.createRandom().address,
      applicationHash: id('application'),
    }));
    expect(decodeSafeTx(batch(encodeIntents(fifty, setup, state)), setup).title).toBe('Admit 50 prosumers');
  });

  it('applies owner changes in order, with the right previous owner in the list', () => {
    const calls = encodeIntents(
      [
        { kind: 'swapOwner', oldOwner: owners[0] as string, newOwner },
        { kind: 'addOwner', owner: Wallet.createRandom().address, threshold: 3 },
        { kind: 'removeOwner', owner: owners[2] as string, threshold: 2 },
      ],
      setup,
      state,
    );
    expect(safeInterface.decodeFunctionData('swapOwner', calls[0]!.data)[0]).toBe(SENTINEL_OWNERS);
    // after the add, the new owner heads the list: owners[2]'s predecessor is owners[1]
    expect(safeInterface.decodeFunctionData('removeOwner', calls[2]!.data)[0]).toBe(owners[1]);
  });

  it('refuses impossible decisions before building, in plain words', () => {
    const bad: [Intent[], RegExp][] = [
      [[], /nothing to propose/],
      [[{ kind: 'addOwner', owner: owners[0] as string, threshold: 2 }], /already an owner/],
      [[{ kind: 'removeOwner', owner: newOwner, threshold: 1 }], /is not an owner/],
      [
        [{ kind: 'removeOwner', owner: owners[0] as string, threshold: 3 }],
        /threshold of 3 is impossible with 2 owners/,
      ],
      [[{ kind: 'changeThreshold', threshold: 2 }], /already 2/],
      [[{ kind: 'addOwner', owner: setup.safe.address, threshold: 1 }], /cannot be an owner/],
      [
        [
          { kind: 'admit', prosumer: applicant, applicationHash: id('application') },
          { kind: 'reject', prosumer: applicant, applicationHash: id('application'), reason: 'x' },
        ],
        /same prosumer/,
      ],
      [[{ kind: 'resolveDispute', tradeId: 1n, sellerShareBps: 10_001 }], /more than the whole/],
    ];
    for (const [intents, message] of bad) {
      expect(() => encodeIntents(intents, setup, state)).toThrow(message);
    }
  });

  it('shows unknown targets and selectors as such', () => {
    const stranger = Wallet.createRandom().address;
    const decoded = decodeSafeTx(
      batch([
        { to: stranger, value: 0n, data: '0x12345678', operation: 0 },
        { to: setup.market.registry, value: 0n, data: '0xdeadbeef', operation: 0 },
        {
          to: setup.market.registry,
          value: 5n,
          data: registryInterface.encodeFunctionData('admit', [applicant, id('application')]),
          operation: 0,
        },
        {
          to: setup.market.market,
          value: 0n,
          data: marketInterface.encodeFunctionData('transferOwnership', [stranger]),
          operation: 0,
        },
        {
          to: setup.safe.address,
          value: 0n,
          data: safeInterface.encodeFunctionData('enableModule', [stranger]),
          operation: 0,
        },
      ]),
      setup,
    );
    expect(decoded.calls.map((c) => (c.kind === 'unknown' ? c.reason : c.kind))).toEqual([
      `${stranger} is not a contract of this market or the Safe`,
      'unknown function 0xdeadbeef on the Prosumer registry',
      'admit with 5 wei attached, which Gridkeeper never sends',
      'transferOwnership on the Energy market is not a decision Gridkeeper builds',
      'enableModule on the Safe is not a decision Gridkeeper builds',
    ]);
    expect(decoded.warnings[0]).toMatch(/nominates 0x[0-9a-fA-F]{40} as the next owner of the Energy market/);
    expect(decoded.warnings[1]).toMatch(/calls enableModule on the Safe/);
    expect(decoded.title).toBe('5 unknown call(s)');
  });

  it('flags a delegatecall to anything but MultiSendCallOnly as dangerous', () => {
    const decoded = decodeSafeTx(
      tx({ to: setup.contracts.multiSendAddress, operation: 1, data: '0x8d80ff0a' }),
      setup,
    );
    expect(decoded.danger).toMatch(/run its own code as the Safe \(delegatecall\)/);
    const malformed = decodeSafeTx(
      tx({ to: setup.contracts.multiSendCallOnlyAddress, operation: 1, data: '0x8d80ff0a00' }),
      setup,
    );
    expect(malformed.danger).toBeNull();
    expect(malformed.calls[0]).toMatchObject({
      kind: 'unknown',
      reason: 'a malformed MultiSendCallOnly batch',
    });
  });

  it('recognises an on-chain rejection and a gas refund', () => {
    expect(decodeSafeTx(tx({ to: setup.safe.address }), setup).title).toBe(
      'Cancel nonce 7 (on-chain rejection)',
    );
    expect(
      decodeSafeTx(
        tx({
          gasPrice: 1n,
          data: encodeIntents([every[9] as Intent], setup, state)[0]!.data,
          to: setup.market.market,
        }),
        setup,
      ).warnings,
    ).toEqual([expect.stringMatching(/refunds gas from the Safe/)]);
  });

  it("describes the installation of the deployment record's guard, also batched with allowlist changes", () => {
    const guard = Wallet.createRandom().address;
    const guarded = { ...setup, guard };
    const short = `${guard.slice(0, 6)}…${guard.slice(-4)}`;
    const install = {
      to: setup.safe.address,
      value: 0n,
      data: safeInterface.encodeFunctionData('setGuard', [guard]),
      operation: 0 as const,
    };
    const alone = decodeSafeTx(tx({ ...install, operation: 0 }), guarded);
    expect(alone).toMatchObject({
      calls: [{ kind: 'guard', to: setup.safe.address, guard }],
      intents: [],
      title: `Set transaction guard to ConsortiumGuard ${short} (the deployment record's)`,
      warnings: [],
      danger: null,
    });
    const [allow] = encodeIntents(
      [{ kind: 'setTargetAllowed', target: applicant, allowed: true }],
      guarded,
      state,
    );
    const both = decodeSafeTx(batch([install, allow as Call]), { ...guarded });
    expect(both.calls.map((c) => c.kind)).toEqual(['guard', 'intent']);
    expect(both.title).toBe(
      `Allow the Safe to call ${applicant} (signing policy allowlist, ConsortiumGuard) + Set transaction guard to ConsortiumGuard ${short} (the deployment record's)`,
    );
    expect(both.warnings).toEqual([]);
    // Without a recorded guard, or with value attached, it is not the installation Gridkeeper proposes.
    expect(decodeSafeTx(tx(install), setup).calls[0]).toMatchObject({ kind: 'unknown' });
    expect(decodeSafeTx(tx({ ...install, value: 1n }), guarded).title).toBe('1 unknown call(s)');
  });

  it("describes durations in people's units with the exact seconds", () => {
    expect(describeIntent({ kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: 7_200n })).toBe(
      'Set arbitration period to 2 h (7200 s)',
    );
    expect(describeIntent({ kind: 'setDisputeWindow', disputeWindowSeconds: 5_430n })).toBe(
      'Set dispute window to 1 h 30 min (5430 s)',
    );
  });
});
