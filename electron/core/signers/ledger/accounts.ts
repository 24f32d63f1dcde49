import { computeAddress, getAddress } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import type { LedgerAccount } from '../../api/contract/signer';
import { derivationPath, PATH_FAMILIES, type PathFamily, toDevicePath } from './derivation-paths';
import type { LedgerDevice } from './ledger-device';
import type { Eth } from './ledger-libs';

/**
 * The address at `path`, checked against the public key the device returned with it: the app sends
 * the address as ASCII hex and hw-app-eth passes it on unverified.
 */
export async function verifiedAddress(eth: Eth, path: string): Promise<string> {
  const reply = await eth.getAddress(toDevicePath(path), false, false);
  const derived = computeAddress(`0x${reply.publicKey}`);
  if (reply.address.toLowerCase() !== derived.toLowerCase()) {
    throw new GridkeeperError(
      'SIGNATURE_INVALID',
      `The Ledger reported address ${reply.address} at ${path}, which does not belong to the public key it returned (${derived}). Do not use this device until it is checked.`,
      { path, reported: reply.address, derived },
    );
  }
  return getAddress(derived);
}

export interface AccountListing {
  families?: readonly PathFamily[];
  start: number;
  count: number;
  /** Reads balances; without it (or when it fails) balances are null. */
  balanceOf?: (address: string) => Promise<bigint>;
  /** Owners of the consortium Safe, any case. */
  owners?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The first addresses of each derivation path family, with balance and Safe-owner mark. */
export async function listLedgerAccounts(
  device: LedgerDevice,
  listing: AccountListing,
): Promise<LedgerAccount[]> {
  const families = listing.families ?? PATH_FAMILIES;
  const owners = new Set((listing.owners ?? []).map((owner) => owner.toLowerCase()));
  const wanted: { family: PathFamily; index: number; path: string }[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    for (let index = listing.start; index < listing.start + listing.count; index++) {
      const path = derivationPath(family, index);
      // m/44'/60'/0'/0/0 is both Ledger Live's and BIP-44's first account: list it once.
      if (seen.has(path)) continue;
      seen.add(path);
      wanted.push({ family, index, path });
    }
  }
  const addresses = await device.run(
    { label: 'read its addresses', timeoutMs: listing.timeoutMs ?? 30_000, signal: listing.signal },
    async (eth) => {
      const found: string[] = [];
      for (const account of wanted) found.push(await verifiedAddress(eth, account.path));
      return found;
    },
  );
  return Promise.all(
    wanted.map(async (account, i) => {
      const address = addresses[i]!;
      let balanceWei: string | null = null;
      if (listing.balanceOf) {
        balanceWei = await listing.balanceOf(address).then(
          (balance) => balance.toString(),
          () => null,
        );
      }
      return { ...account, address, balanceWei, isOwner: owners.has(address.toLowerCase()) };
    }),
  );
}
