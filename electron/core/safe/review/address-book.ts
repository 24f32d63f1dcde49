import { getAddress, ZeroAddress } from 'ethers';
import type { AddressRole, NamedAddress } from '../../api/contract/review';
import type { SafeChain } from '../safe-reader';
import type { SafeSetup } from '../types';

const SAFE_CONTRACT_NAMES: Record<string, string> = {
  safeSingletonAddress: 'Safe singleton',
  safeProxyFactoryAddress: 'Safe proxy factory',
  multiSendAddress: 'MultiSend',
  multiSendCallOnlyAddress: 'MultiSendCallOnly',
  fallbackHandlerAddress: 'Safe fallback handler',
  signMessageLibAddress: 'SignMessageLib',
  createCallAddress: 'CreateCall',
  simulateTxAccessorAddress: 'SimulateTxAccessor',
};

/**
 * The names the app knows for addresses: the Safe and its contracts, the market's contracts, the
 * Safe's owners (by position), the executing account, and (online) prosumers by their status in
 * the registry; then the owner's own address book. The consortium's names rank first: a name the
 * owner gave (or imported) never renames the Safe, its contracts or its owners, and a prosumer keeps
 * its registry status beside it. Anything else is shown as unknown, never guessed.
 */
export class AddressBook {
  readonly #known = new Map<string, { role: AddressRole; name: string }>();
  readonly #chain: SafeChain | null;
  readonly #prosumers = new Map<string, string | null>();
  readonly #userNames: ReadonlyMap<string, string>;

  constructor(
    setup: SafeSetup,
    owners: string[],
    chain: SafeChain | null,
    userNames: ReadonlyMap<string, string> = new Map(),
  ) {
    this.#chain = chain;
    this.#userNames = userNames;
    const add = (address: string, role: AddressRole, name: string) => {
      if (!this.#known.has(address.toLowerCase())) this.#known.set(address.toLowerCase(), { role, name });
    };
    add(ZeroAddress, 'zero', 'Zero address (none / native POL)');
    add(setup.safe.address, 'safe', 'The consortium Safe');
    add(setup.market.registry, 'market-contract', 'Prosumer registry');
    add(setup.market.market, 'market-contract', 'Energy market');
    add(setup.market.token, 'token', 'Energy token (kWh)');
    for (const [role, address] of Object.entries(setup.contracts)) {
      add(address, 'safe-contract', SAFE_CONTRACT_NAMES[role] ?? role);
    }
    owners.forEach((owner, i) => {
      add(owner, 'owner', `Safe owner ${i + 1} of ${owners.length}`);
    });
  }

  /** Names an address the app sees in the transaction (call it before `name` for prosumers). */
  async learn(addresses: string[]): Promise<void> {
    if (!this.#chain) return;
    const chain = this.#chain;
    const unknown = [...new Set(addresses.map((a) => a.toLowerCase()))].filter(
      (a) => !this.#known.has(a) && !this.#prosumers.has(a),
    );
    await Promise.all(
      unknown.map(async (address) => {
        const status = await chain.prosumerStatus(address).catch(() => 'None' as const);
        this.#prosumers.set(address, status === 'None' ? null : `Prosumer (${status.toLowerCase()})`);
      }),
    );
  }

  also(address: string, role: AddressRole, name: string): void {
    const key = address.toLowerCase();
    const known = this.#known.get(key);
    this.#known.set(key, known ? { role: known.role, name: `${known.name}; ${name}` } : { role, name });
  }

  /**
   * Every address this book can name without asking the chain, for showing addresses anywhere: the
   * consortium's own (Safe, its contracts, the market's, the owners) and then the owner's address
   * book, ranked as in `name`, except that an owner keeps the address book's name after its own
   * ("Safe owner 2 of 3: Alice"), so fellow owners are recognised by name and still never renamed.
   */
  all(): NamedAddress[] {
    const known = [...this.#known].map(([key, k]) => {
      const own = k.role === 'owner' ? this.#userNames.get(key) : undefined;
      return { address: getAddress(key), role: k.role, name: own ? `${k.name}: ${own}` : k.name };
    });
    const own = [...this.#userNames.keys()].filter((a) => !this.#known.has(a)).map((a) => this.name(a));
    return [...known, ...own];
  }

  name(address: string): NamedAddress {
    const checksummed = getAddress(address);
    const known = this.#known.get(checksummed.toLowerCase());
    if (known) return { address: checksummed, ...known };
    const prosumer = this.#prosumers.get(checksummed.toLowerCase());
    const own = this.#userNames.get(checksummed.toLowerCase());
    if (prosumer)
      return { address: checksummed, role: 'prosumer', name: own ? `${prosumer}: ${own}` : prosumer };
    if (own) return { address: checksummed, role: 'address-book', name: own };
    return { address: checksummed, role: 'unknown', name: null };
  }
}
