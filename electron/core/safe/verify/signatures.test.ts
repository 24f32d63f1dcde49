import { getBytes, hexlify, keccak256, Signature, toUtf8Bytes, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { TEST_OWNER_KEYS } from '../testing/support';
import type { OwnerSignature } from '../types';
import { approvedHashSignature, recoverSignature, SignatureSet, verifyOwnerSignature } from './signatures';

const hash = keccak256(toUtf8Bytes('a safe tx'));
const [a, b, c] = TEST_OWNER_KEYS.map((k) => new Wallet(k));
const eip712 = (w: Wallet) => w.signingKey.sign(hash).serialized;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const sig = (w: Wallet, data = eip712(w)): OwnerSignature => ({
  owner: w.address,
  data,
  type: 'eip712',
  source: 'local',
  addedAt: '2026-01-01T00:00:00.000Z',
});

describe('Safe signatures', () => {
  it('recovers EIP-712, eth_sign and approved-hash signatures the way the Safe reads them', () => {
    expect(recoverSignature(hash, eip712(a!))).toEqual({ owner: a!.address, type: 'eip712' });
    const ethSign = Signature.from(a!.signMessageSync(getBytes(hash)));
    const v = ethSign.v + 4;
    expect(recoverSignature(hash, `${ethSign.r}${ethSign.s.slice(2)}${v.toString(16)}`)).toEqual({
      owner: a!.address,
      type: 'eth_sign',
    });
    expect(recoverSignature(hash, approvedHashSignature(b!.address))).toEqual({
      owner: b!.address,
      type: 'approved-hash',
    });
  });

  it('refuses malformed, malleable, contract and unknown-v signatures with a reason', () => {
    expect(() => recoverSignature(hash, '0x1234')).toThrow(/malformed \(2 bytes\)/);
    const s = Signature.from(eip712(a!));
    const highS = `0x${(N - BigInt(s.s)).toString(16).padStart(64, '0')}`;
    const flipped = `${s.r}${highS.slice(2)}${(s.v === 27 ? 28 : 27).toString(16)}`;
    expect(() => recoverSignature(hash, flipped)).toThrow(/high s value/);
    expect(() => recoverSignature(hash, `${eip712(a!).slice(0, -2)}00`)).toThrow(/Contract \(EIP-1271\)/);
    expect(() => recoverSignature(hash, `${eip712(a!).slice(0, -2)}05`)).toThrow(/v = 5/);
  });

  it('accepts only current owners, and only the claimed signer', () => {
    const owners = [a!.address, b!.address];
    expect(verifyOwnerSignature(hash, eip712(b!), owners, b!.address).owner).toBe(b!.address);
    expect(() => verifyOwnerSignature(hash, eip712(c!), owners)).toThrow(/not an owner/);
    expect(() => verifyOwnerSignature(hash, eip712(a!), owners, b!.address)).toThrow(/claims to be from/);
  });

  it('keeps one signature per owner: merging the same one twice changes nothing', () => {
    const set = new SignatureSet();
    expect(set.merge(sig(b!))).toBe(true);
    expect(set.merge(sig(b!))).toBe(false);
    expect(set.merge({ ...sig(b!), owner: b!.address.toLowerCase(), source: 'bundle' })).toBe(false);
    expect(set.merge(sig(a!))).toBe(true);
    expect(set.size).toBe(2);
    const sorted = [a!, b!].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1));
    expect(set.list().map((s) => s.owner)).toEqual(sorted.map((w) => w.address));
    expect(set.encode([a!.address, b!.address])).toBe(
      hexlify(`0x${sorted.map((w) => eip712(w).slice(2)).join('')}`),
    );
    expect(set.fromOwners([a!.address]).map((s) => s.owner)).toEqual([a!.address]);
  });
});
