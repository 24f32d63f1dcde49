import { buildSignatureBytes, EthSafeSignature } from '@safe-global/protocol-kit';
import {
  dataLength,
  getAddress,
  getBytes,
  hashMessage,
  isHexString,
  recoverAddress,
  Signature,
} from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import type { OwnerSignature, SignatureType } from '../types';

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export interface RecoveredSignature {
  owner: string;
  type: SignatureType;
}

const bad = (message: string, details?: Record<string, string>) =>
  new GridkeeperError('SIGNATURE_INVALID', message, details);

/**
 * Who a Safe signature speaks for, exactly as the Safe's `checkNSignatures` reads it: v 27/28 an
 * EIP-712 signature of the safeTxHash, v 31/32 an eth_sign signature of it, v 1 an on-chain
 * approval by the owner in r. Contract signatures (v 0) are refused: the owners are accounts.
 * High-s signatures are refused too, so one owner cannot be counted twice through malleability.
 */
export function recoverSignature(safeTxHash: string, signature: string): RecoveredSignature {
  if (!isHexString(signature) || dataLength(signature) !== 65) {
    const length = isHexString(signature) ? `${dataLength(signature)} bytes` : 'not hex';
    throw bad(`The signature is malformed (${length}); a Safe signature is 65 bytes.`, {
      signature: signature.slice(0, 140),
    });
  }
  const r = `0x${signature.slice(2, 66)}`;
  const s = `0x${signature.slice(66, 130)}`;
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (v === 0)
    throw bad(
      'Contract (EIP-1271) signatures are not accepted: every owner of this Safe signs with an account.',
    );
  if (v === 1) {
    if (BigInt(r) >> 160n !== 0n) throw bad('The on-chain approval signature does not hold an address.');
    return { owner: getAddress(`0x${r.slice(26)}`), type: 'approved-hash' };
  }
  if (BigInt(s) > SECP256K1_N / 2n)
    throw bad('The signature uses a high s value (a malleable copy of a signature).');
  if (BigInt(r) === 0n || BigInt(s) === 0n) throw bad('The signature has a zero r or s.');
  if (v === 27 || v === 28) {
    return { owner: recoverAddress(safeTxHash, Signature.from({ r, s, v })), type: 'eip712' };
  }
  if (v === 31 || v === 32) {
    const digest = hashMessage(getBytes(safeTxHash));
    return { owner: recoverAddress(digest, Signature.from({ r, s, v: v - 4 })), type: 'eth_sign' };
  }
  throw bad(`The signature has v = ${v}, which no Safe signature uses.`);
}

/** Recovers a signature and checks it speaks for a current owner (and for the claimed one, if any). */
export function verifyOwnerSignature(
  safeTxHash: string,
  signature: string,
  owners: readonly string[],
  claimedSigner?: string,
): RecoveredSignature {
  const recovered = recoverSignature(safeTxHash, signature);
  if (claimedSigner && getAddress(claimedSigner) !== recovered.owner) {
    throw bad(
      `The signature claims to be from ${getAddress(claimedSigner)} but recovers to ${recovered.owner}.`,
      {
        claimed: getAddress(claimedSigner),
        recovered: recovered.owner,
      },
    );
  }
  if (!owners.some((o) => o.toLowerCase() === recovered.owner.toLowerCase())) {
    throw new GridkeeperError(
      'NOT_SAFE_OWNER',
      `The signature recovers to ${recovered.owner}, which is not an owner of this Safe.`,
      { recovered: recovered.owner },
    );
  }
  return recovered;
}

/** The signature the Safe accepts from whoever sends execTransaction, for that sender. */
export function approvedHashSignature(owner: string): string {
  return `0x${'0'.repeat(24)}${getAddress(owner).slice(2).toLowerCase()}${'0'.repeat(64)}01`;
}

/**
 * Co-signatures from every transport in one owner-keyed map: merging the same owner's signature
 * again (from the service, a bundle, the chain) changes nothing.
 */
export class SignatureSet {
  readonly #byOwner = new Map<string, OwnerSignature>();

  constructor(initial: Iterable<OwnerSignature> = []) {
    for (const signature of initial) this.merge(signature);
  }

  /** Adds the owner's signature unless one is already held; returns whether it was added. */
  merge(signature: OwnerSignature): boolean {
    const key = signature.owner.toLowerCase();
    if (this.#byOwner.has(key)) return false;
    this.#byOwner.set(key, { ...signature, owner: getAddress(signature.owner) });
    return true;
  }

  has(owner: string): boolean {
    return this.#byOwner.has(owner.toLowerCase());
  }

  get size(): number {
    return this.#byOwner.size;
  }

  /** Sorted by owner address, the order the Safe requires. */
  list(): OwnerSignature[] {
    return [...this.#byOwner.values()].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
  }

  /** The signatures of addresses that are owners now (an owner removed since signing no longer counts). */
  fromOwners(owners: readonly string[]): OwnerSignature[] {
    const current = new Set(owners.map((o) => o.toLowerCase()));
    return this.list().filter((s) => current.has(s.owner.toLowerCase()));
  }

  /** The packed `signatures` argument of execTransaction. */
  encode(owners: readonly string[]): string {
    return buildSignatureBytes(this.fromOwners(owners).map((s) => new EthSafeSignature(s.owner, s.data)));
  }
}
