import type { Database } from 'better-sqlite3';

/**
 * How the market store keeps chain values compactly (migration 0011): hashes, addresses and bytesN
 * as BLOBs of their bytes, amounts (uint256 and other wide unsigned integers) as "ordered amounts":
 * one byte of length, then the value's big-endian bytes without leading zeros (zero is the single
 * byte 0x00). A longer number is a larger one and equal lengths compare byte by byte, so SQLite's
 * memcmp order of these BLOBs is numeric order: an index on an amount column sorts and seeks
 * numerically, and 1 POL in wei takes 9 bytes instead of the 32 of a fixed-width word.
 */

/** `0x…` hex (any case) as its bytes. */
export const hexToBlob = (hex: string): Buffer => Buffer.from(hex.slice(2), 'hex');

/** Bytes as lowercase `0x…` hex. */
export const blobToHex = (blob: Uint8Array): string =>
  `0x${Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).toString('hex')}`;

/**
 * An ordered amount as the hex of its bytes, from the hex digits of a value (no `0x`, any leading
 * zeros): the form the indexer works in and binds through SQL's `unhex`.
 */
export function orderedAmountHex(digits: string): string {
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  const value = (digits.length - start) % 2 === 1 ? `0${digits.slice(start)}` : digits.slice(start);
  return (value.length / 2).toString(16).padStart(2, '0') + value;
}

/** `orderedAmountHex` of a non-negative integer (bigint, safe number or decimal text). */
export function amountToHex(value: bigint | number | string): string {
  const n = BigInt(value);
  if (n < 0n) throw new RangeError(`an amount cannot be negative: ${n}`);
  return orderedAmountHex(n.toString(16));
}

/** The value of an ordered amount's hex (`orderedAmountHex`). */
export const hexToAmount = (hex: string): bigint => (hex.length <= 2 ? 0n : BigInt(`0x${hex.slice(2)}`));

/** An ordered amount from a non-negative integer (bigint, safe number or decimal text). */
export const amountToBlob = (value: bigint | number | string): Buffer =>
  Buffer.from(amountToHex(value), 'hex');

export function blobToAmount(blob: Uint8Array): bigint {
  if (blob.length <= 1) return 0n;
  return BigInt(`0x${Buffer.from(blob.buffer, blob.byteOffset + 1, blob.byteLength - 1).toString('hex')}`);
}

/**
 * SQL functions the migrations use: `amount_blob(text)` turns decimal text into an ordered amount
 * (NULL stays NULL). Registered by `migrate` on every connection it migrates.
 */
export function registerValueFunctions(db: Database): void {
  db.function('amount_blob', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : amountToBlob(String(value)),
  );
}
