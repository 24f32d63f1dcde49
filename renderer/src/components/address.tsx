import { useAddressName } from '../api/address-names';
import { shortAddress, shortHash } from '../format/address';
import { CopyButton } from './copy-button';

/**
 * An address wherever one is shown: the name the app knows it by (address book, owners, the Safe and
 * the contracts) or else its shortened form, the full address on hover and for screen readers, and
 * copy. In a table row (`inRow`) copy is out of the Tab order: one Tab stop per row.
 */
export function Address({
  address,
  mark,
  inRow,
  href,
}: {
  address: string;
  mark?: string;
  inRow?: boolean;
  /** Where the name leads (the prosumer's page), when it is a link. */
  href?: string;
}) {
  return (
    <span className="address" data-address={address}>
      {href ? (
        <a href={href}>
          <AddressLabel address={address} />
        </a>
      ) : (
        <AddressLabel address={address} />
      )}
      {mark && <span className="mark">{mark}</span>}
      <CopyButton value={address} label="address" inRow={inRow} />
    </span>
  );
}

/** The name or shortened address alone (inside a link or button of its own), in full on hover and for screen readers. */
export function AddressLabel({ address }: { address: string }) {
  const named = useAddressName(address)?.name;
  return named ? (
    <span className="address-name" title={`${named}: ${address}`}>
      <span aria-hidden="true">{named}</span>
      <span className="visually-hidden">
        {named}, {address}
      </span>
    </span>
  ) : (
    <code title={address}>
      <span aria-hidden="true">{shortAddress(address)}</span>
      <span className="visually-hidden">{address}</span>
    </code>
  );
}

export function Hash({ hash, label = 'hash', inRow }: { hash: string; label?: string; inRow?: boolean }) {
  return (
    <span className="address">
      <code title={hash}>
        <span aria-hidden="true">{shortHash(hash)}</span>
        <span className="visually-hidden">{hash}</span>
      </code>
      <CopyButton value={hash} label={label} inRow={inRow} />
    </span>
  );
}
