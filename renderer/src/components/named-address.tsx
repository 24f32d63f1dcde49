import { useState } from 'react';
import type { NamedAddress } from '../../../electron/core/api/contract';
import { shortAddress } from '../format/address';
import { CopyButton } from './copy-button';
import { FingerprintIcon } from './fingerprint';

const ROLE_WORDS: Record<NamedAddress['role'], string> = {
  safe: 'Safe',
  'safe-contract': 'Safe contract',
  'market-contract': 'market contract',
  token: 'token',
  owner: 'owner',
  prosumer: 'prosumer',
  executor: 'you',
  zero: 'none',
  'address-book': 'your address book',
  unknown: 'unknown address',
};

/**
 * An address on the review: its fingerprint, the name the app knows it by (or "unknown address"),
 * the address (shortened until "Show full" is pressed, unless unknown; in full for screen readers), and copy.
 */
export function NamedAddressView({
  named,
  full: initiallyFull = false,
}: {
  named: NamedAddress;
  full?: boolean;
}) {
  // An address the app does not know is shown in full from the start: nothing to recognise it by but its digits.
  const [full, setFull] = useState(initiallyFull || named.role === 'unknown');
  return (
    <span className={`named-address role-${named.role}`} data-address={named.address}>
      <FingerprintIcon address={named.address} />
      <span className={named.name ? 'address-name' : 'address-name unknown'}>
        {named.name ?? ROLE_WORDS[named.role]}
      </span>
      <code title={named.address} className={full ? 'address-full' : undefined}>
        {full ? (
          named.address
        ) : (
          <>
            <span aria-hidden="true">{shortAddress(named.address)}</span>
            <span className="visually-hidden">{named.address}</span>
          </>
        )}
      </code>
      <button
        type="button"
        className="link-button small"
        aria-pressed={full}
        aria-label={full ? `Shorten ${named.address}` : `Show full address ${named.address}`}
        onClick={() => setFull(!full)}
      >
        {full ? 'Shorten' : 'Show full'}
      </button>
      <CopyButton value={named.address} label="address" />
    </span>
  );
}
