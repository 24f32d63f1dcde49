import { z } from 'zod';
import { channel } from './define';
import type { NamedAddress } from './review';
import { zAddress, zEmpty } from './schemas';

/** The longest name kept for an address (Safe{Wallet} allows 50; longer imports are refused by line). */
export const ADDRESS_NAME_MAX = 50;

export interface AddressBookEntry {
  chainId: number;
  /** Checksummed. */
  address: string;
  name: string;
  updatedAt: string;
}

export interface AddressBookImportView {
  /** Lines added or renamed. */
  saved: number;
  /** Lines refused, each with its line number in the file (1 is the header) and why. */
  refused: { line: number; reason: string }[];
}

export interface AddressBookExport {
  fileName: string;
  /** `address,name,chainId`, Safe{Wallet}'s address book CSV. */
  content: string;
  entries: number;
}

const zName = z.string().trim().min(1).max(ADDRESS_NAME_MAX);
const zChainId = z.number().int().positive();

export const addressBookChannels = {
  'address-book/list': channel<{ entries: AddressBookEntry[] }>()(zEmpty),
  'address-book/set': channel<AddressBookEntry>()(
    z.object({ address: zAddress, name: zName, chainId: zChainId.optional() }).strict(),
  ),
  'address-book/remove': channel<{ removed: boolean }>()(
    z.object({ address: zAddress, chainId: zChainId.optional() }).strict(),
  ),
  'address-book/import': channel<AddressBookImportView>()(
    z.object({ content: z.string().max(1_000_000) }).strict(),
  ),
  'address-book/export': channel<AddressBookExport>()(zEmpty),
  /**
   * Every address the app can name on the chain it is on (the Safe, its contracts, the market's,
   * the owners, then the address book), for showing a name wherever an address is shown.
   */
  'address-book/names': channel<{ names: NamedAddress[] }>()(zEmpty),
};
