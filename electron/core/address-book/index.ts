export { AddressBookStore } from './address-book-store';
export { ADDRESS_BOOK_HEADER, type AddressBookLine, formatAddressBookCsv, parseAddressBookCsv } from './csv';
export { type AddressBookHandlerDeps, createAddressBookHandlers } from './handlers';
