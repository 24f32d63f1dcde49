import { Wallet, ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { safeInterface } from '../abis';
import { encodeIntents } from '../build/encode';
import { batchData, plainTx } from '../testing/crafted';
import { offlineSetup, testOwners } from '../testing/support';
import type { SafeSetup } from '../types';
import { decodeSafeTx } from '../verify/decode';
import { evaluatePolicy } from './evaluate';

const guard = Wallet.createRandom().address;
const setup: SafeSetup = { ...offlineSetup(), guard };
const state = { owners: testOwners().map((o) => o.address), threshold: 2 };
const outsider = Wallet.createRandom().address;

describe('the policy with a recorded ConsortiumGuard and its Safe-governed allowlist', () => {
  it('lets the Safe change the allowlist, shown as such with the full address', () => {
    const [call] = encodeIntents(
      [{ kind: 'setTargetAllowed', target: outsider, allowed: true }],
      setup,
      state,
    );
    const tx = plainTx({ to: call!.to, data: call!.data, nonce: 1n });
    expect(tx.to).toBe(guard);
    expect(decodeSafeTx(tx, setup)).toMatchObject({
      title: `Allow the Safe to call ${outsider} (signing policy allowlist, ConsortiumGuard)`,
      intents: [{ kind: 'setTargetAllowed', target: outsider, allowed: true }],
    });
    expect(evaluatePolicy(tx, { setup, gasNeed: 0n })).toMatchObject({ allowed: true, violations: [] });
  });

  it('refuses an allowlist change where no guard is recorded', () => {
    expect(() =>
      encodeIntents([{ kind: 'setTargetAllowed', target: outsider, allowed: true }], offlineSetup(), state),
    ).toThrow(/names no ConsortiumGuard/);
  });

  it('lets a call to an allowlisted target through, and only that one', () => {
    const tx = plainTx({ to: outsider, data: '0x', value: 10n, nonce: 1n });
    expect(evaluatePolicy(tx, { setup, allowlisted: [outsider.toLowerCase()] }).allowed).toBe(true);
    expect(evaluatePolicy(tx, { setup, allowlisted: [Wallet.createRandom().address] })).toMatchObject({
      allowed: false,
      violations: [{ rule: 'unknown-target', values: { to: outsider, value: '10' } }],
    });
  });

  it('lets the Safe set the recorded guard, and no other', () => {
    const setGuard = (address: string) =>
      plainTx({
        to: setup.safe.address,
        data: safeInterface.encodeFunctionData('setGuard', [address]),
        nonce: 1n,
      });
    expect(evaluatePolicy(setGuard(guard), { setup }).allowed).toBe(true);
    expect(evaluatePolicy(setGuard(ZeroAddress), { setup }).violations).toMatchObject([
      { rule: 'safe-guard', values: { address: ZeroAddress, recordedGuard: guard } },
    ]);
    expect(evaluatePolicy(setGuard(outsider), { setup }).violations).toMatchObject([
      { rule: 'safe-guard', values: { address: outsider, recordedGuard: guard } },
    ]);
    // Without a recorded guard, every setGuard is refused.
    expect(evaluatePolicy(setGuard(guard), { setup: offlineSetup() }).violations).toMatchObject([
      { rule: 'safe-guard', values: { address: guard, recordedGuard: 'none' } },
    ]);
    // The decoder names the guard a setGuard installs: the recorded one (a known call, no warning)…
    const short = `${guard.slice(0, 6)}…${guard.slice(-4)}`;
    expect(decodeSafeTx(setGuard(guard), setup)).toMatchObject({
      calls: [
        {
          kind: 'guard',
          guard,
          description: `Set transaction guard to ConsortiumGuard ${short} (the deployment record's)`,
        },
      ],
      title: `Set transaction guard to ConsortiumGuard ${short} (the deployment record's)`,
      warnings: [],
    });
    // …or one that is not (not decoded, with a warning naming both).
    expect(decodeSafeTx(setGuard(outsider), setup).warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `setGuard(${outsider}) installs a guard that is not the ConsortiumGuard the deployment record names (${guard})`,
        ),
      ]),
    );
    expect(decodeSafeTx(setGuard(ZeroAddress), setup).warnings).toEqual(
      expect.arrayContaining([expect.stringContaining("removes the Safe's transaction guard")]),
    );
  });

  it('refuses any other call to the guard, and leaves safe-tx-gas unchecked until simulated', () => {
    const verdict = evaluatePolicy(plainTx({ to: guard, data: '0x12345678', safeTxGas: 1n, nonce: 1n }), {
      setup,
    });
    expect(verdict).toMatchObject({
      allowed: false,
      violations: [{ rule: 'undecoded-call', message: /unknown function 0x12345678 on the ConsortiumGuard/ }],
      unchecked: [{ rule: 'safe-tx-gas', reason: 'not simulated yet' }],
    });
  });
});

describe('the policy and the guard the Safe runs with agree on the market’s contracts', () => {
  const [pause] = encodeIntents([{ kind: 'pause' }], setup, state);
  const tx = plainTx({ to: pause!.to, data: pause!.data, nonce: 1n });

  it('refuses a call to a contract the installed guard no longer allows, naming the target and the guard', () => {
    expect(tx.to).toBe(setup.market.market);
    expect(evaluatePolicy(tx, { setup, allowlisted: [], guardInstalled: true, gasNeed: 0n })).toMatchObject({
      allowed: false,
      violations: [
        {
          rule: 'guard-allowlist',
          call: 0,
          message: expect.stringContaining(`the energy market ${setup.market.market}`),
          values: { to: setup.market.market, guard },
        },
      ],
    });
    const inBatch = evaluatePolicy(
      plainTx({
        to: setup.contracts.multiSendCallOnlyAddress,
        data: batchData([{ to: tx.to, value: 0n, data: tx.data, operation: 0 }]),
        operation: 1,
        nonce: 1n,
      }),
      { setup, allowlisted: [], guardInstalled: true },
    );
    expect(inBatch.violations).toMatchObject([{ rule: 'guard-allowlist', call: 1 }]);
    expect(inBatch.violations[0]!.message).toContain(guard);
  });

  it('lets it through when the guard allows it or is not installed, and says offline that it is unchecked', () => {
    const allowed = [setup.market.market.toLowerCase()];
    expect(evaluatePolicy(tx, { setup, allowlisted: allowed, guardInstalled: true }).allowed).toBe(true);
    expect(evaluatePolicy(tx, { setup, allowlisted: [], guardInstalled: false }).allowed).toBe(true);
    expect(evaluatePolicy(tx, { setup })).toMatchObject({
      allowed: true,
      unchecked: [{ rule: 'guard-allowlist', reason: expect.stringContaining('offline') }],
    });
    expect(evaluatePolicy(tx, { setup: offlineSetup(), guardInstalled: true })).toMatchObject({
      allowed: true,
      unchecked: [],
    });
  });
});

describe('the policy lets through what owners do every day', () => {
  it('allows the empty rejection transaction (to the Safe, value 0, data 0x) that cancels a nonce', () => {
    const tx = plainTx({ to: setup.safe.address, data: '0x', nonce: 3n });
    expect(decodeSafeTx(tx, setup).calls).toMatchObject([{ kind: 'rejection' }]);
    expect(evaluatePolicy(tx, { setup, gasNeed: 0n })).toMatchObject({ allowed: true, violations: [] });
  });

  it('allows the market-governance intents of the contracts work: remove, dispute bond, arbitration period, acceptOwnership', () => {
    const prosumer = Wallet.createRandom().address;
    const calls = encodeIntents(
      [
        { kind: 'remove', prosumer, reason: 'left the grid' },
        { kind: 'setDisputeBond', bond: 10n ** 17n },
        { kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: 86_400n },
        { kind: 'acceptOwnership', contract: 'registry' },
        { kind: 'acceptOwnership', contract: 'token' },
        { kind: 'acceptOwnership', contract: 'market' },
      ],
      setup,
      state,
    );
    expect(calls).toHaveLength(6);
    for (const call of calls) {
      const tx = plainTx({ to: call.to, data: call.data, nonce: 1n });
      expect(decodeSafeTx(tx, setup).calls).toMatchObject([{ kind: 'intent' }]);
      expect(evaluatePolicy(tx, { setup, gasNeed: 0n }), tx.data.slice(0, 10)).toMatchObject({
        allowed: true,
        violations: [],
      });
    }
  });
});
