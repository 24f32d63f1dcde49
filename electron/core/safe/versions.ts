import { GridkeeperError } from '../api/contract/errors';

/**
 * What Gridkeeper knows about each Safe version, in one place. Both versions put the chain id in
 * the EIP-712 domain and share the SafeTx type; they differ in contract addresses only.
 */
export const SUPPORTED_SAFE_VERSIONS = ['1.3.0', '1.4.1'] as const;
export type SupportedSafeVersion = (typeof SUPPORTED_SAFE_VERSIONS)[number];

export function isSupportedSafeVersion(version: string): version is SupportedSafeVersion {
  return (SUPPORTED_SAFE_VERSIONS as readonly string[]).includes(version);
}

export function assertSupportedSafeVersion(version: string): SupportedSafeVersion {
  if (!isSupportedSafeVersion(version)) {
    throw new GridkeeperError(
      'INTENT_INVALID',
      `Safe version ${version} is not supported; Gridkeeper works with Safe ${SUPPORTED_SAFE_VERSIONS.join(' and ')}.`,
      { version },
    );
  }
  return version;
}
