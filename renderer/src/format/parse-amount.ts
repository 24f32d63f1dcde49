/**
 * What an owner types as an amount, exactly: "1.5" POL -> 1500000000000000000n wei, "0.25" % with
 * 2 decimals -> 25n bps. Null when the text is not a plain non-negative decimal or has more
 * fraction digits than the unit allows (never rounded: a proposal must say what was typed).
 */
export function parseDecimal(text: string, decimals: number): bigint | null {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/[,_\s]/g, ''));
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > decimals) return null;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
