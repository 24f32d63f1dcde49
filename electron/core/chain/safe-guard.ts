import { getAddress, type Provider, ZeroAddress } from 'ethers';

/**
 * Where Safe v1.4.1 keeps its transaction guard: keccak256("guard_manager.guard.address"). The Safe has
 * no getter for it (GuardManager.sol); its storage is read directly, as Safe documents.
 */
export const GUARD_STORAGE_SLOT = '0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8';

/** The guard `safe` runs with, checksummed, or null when it has none. */
export async function readSafeGuard(
  provider: Pick<Provider, 'getStorage'>,
  safe: string,
): Promise<string | null> {
  const word = await provider.getStorage(safe, GUARD_STORAGE_SLOT);
  const guard = getAddress(`0x${word.slice(-40)}`);
  return guard === ZeroAddress ? null : guard;
}
