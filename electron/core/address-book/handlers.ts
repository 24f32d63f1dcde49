import type { Handlers } from '../api';
import type { NamedAddress } from '../api/contract/review';
import type { AddressBookStore } from './address-book-store';

export interface AddressBookHandlerDeps {
  /** The address book of the session store the app is on now, and that chain's id. */
  book(): { store: AddressBookStore; chainId: number };
  /** Every address the app can name now (the Safe flow's names; the address book alone without a Safe). */
  names(): Promise<NamedAddress[]>;
}

type AddressBookHandlers = Pick<
  Handlers,
  | 'address-book/list'
  | 'address-book/set'
  | 'address-book/remove'
  | 'address-book/import'
  | 'address-book/export'
  | 'address-book/names'
>;

export function createAddressBookHandlers(deps: AddressBookHandlerDeps): AddressBookHandlers {
  return {
    'address-book/list': async () => ({ entries: deps.book().store.list() }),
    'address-book/set': async ({ address, name, chainId }) => {
      const book = deps.book();
      return book.store.set({ address, name, chainId: chainId ?? book.chainId });
    },
    'address-book/remove': async ({ address, chainId }) => {
      const book = deps.book();
      return { removed: book.store.remove(chainId ?? book.chainId, address) };
    },
    'address-book/names': async () => ({ names: await deps.names() }),
    'address-book/import': async ({ content }) => deps.book().store.importCsv(content),
    'address-book/export': async () => {
      const store = deps.book().store;
      const content = store.exportCsv();
      return {
        fileName: `gridkeeper-address-book-${new Date().toISOString().slice(0, 10)}.csv`,
        content,
        entries: store.list().length,
      };
    },
  };
}
