import { Wallet, ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { safeInterface } from '../abis';
import { encodeIntents } from '../build/encode';
import { plainTx } from '../testing/crafted';
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
