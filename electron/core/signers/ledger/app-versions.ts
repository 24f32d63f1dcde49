/**
 * Which Ethereum app versions can do what, in one place (app-ethereum's CHANGELOG.md):
 * EIP-1559 transactions since 1.9.0; EIP-712 computed and shown on the device (clear signing) since
 * 1.10.0 on the Nano S Plus and Nano X (later Stax and Flex), never on the Nano S.
 */
export const APP_FEATURES = {
  eip1559: [1, 9, 0],
  eip712ClearSigning: [1, 10, 0],
} as const satisfies Record<string, readonly [number, number, number]>;

export function versionAtLeast(version: string, minimum: readonly [number, number, number]): boolean {
  const parts = version.split('.').map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < 3; i++) {
    const have = parts[i] ?? 0;
    const need = minimum[i]!;
    if (have !== need) return have > need;
  }
  return true;
}

export function supportsClearSignedEip712(version: string, model: string | null): boolean {
  return model !== 'nanoS' && versionAtLeast(version, APP_FEATURES.eip712ClearSigning);
}
