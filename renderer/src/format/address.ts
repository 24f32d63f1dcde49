/** Addresses and hashes shortened for reading; the full value stays available to copy. */

/** 0x1234567890…abcd -> "0x1234…abcd". */
export function shortAddress(address: string): string {
  if (address.length <= 13) return address;
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** A 32-byte hash shortened a little less, since hashes are compared by eye: "0x1a2b3c…7d8e9f". */
export function shortHash(hash: string): string {
  if (hash.length <= 17) return hash;
  return `${hash.slice(0, 8)}…${hash.slice(-6)}`;
}

/** Hex in groups of 4 characters (after 0x), the way owners read hashes aloud to each other. */
export function groupedHex(hex: string, size = 4): string[] {
  const body = hex.startsWith('0x') ? hex.slice(2) : hex;
  const groups: string[] = [];
  for (let i = 0; i < body.length; i += size) groups.push(body.slice(i, i + size));
  return groups;
}

export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
