import { useSyncExternalStore } from 'react';
import type { NamedAddress } from '../../../electron/core/api/contract';
import { call, subscribe } from './client';

/**
 * The names the app knows for addresses (`address-book/names`), fetched once for the whole window
 * and shared by every address shown; fetched again when the network changes or the address book is
 * edited (`reloadAddressNames`). Keyed by the lower-case address.
 */
let names: ReadonlyMap<string, NamedAddress> = new Map();
let started = false;
let generation = 0;
const listeners = new Set<() => void>();

export async function reloadAddressNames(): Promise<void> {
  const mine = ++generation;
  const reply = await call('address-book/names', {});
  // A reply that a newer reload overtook is dropped; a failed one keeps the names known so far.
  if (mine !== generation || !reply.ok) return;
  names = new Map(reply.data.names.map((n) => [n.address.toLowerCase(), n]));
  for (const listener of listeners) listener();
}

function listen(listener: () => void): () => void {
  if (!started) {
    started = true;
    subscribe('app/network-changed', () => void reloadAddressNames());
    void reloadAddressNames();
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What the app calls this address, or undefined when it has no name for it. */
export function useAddressName(address: string): NamedAddress | undefined {
  return useSyncExternalStore(listen, () => names).get(address.toLowerCase());
}
