import { shortAddress, shortHash } from '../format/address';
import { CopyButton } from './copy-button';

/** An address shortened for reading, in full on hover and for screen readers, with copy. */
export function Address({ address, mark }: { address: string; mark?: string }) {
  return (
    <span className="address">
      <code title={address}>
        <span aria-hidden="true">{shortAddress(address)}</span>
        <span className="visually-hidden">{address}</span>
      </code>
      {mark && <span className="mark">{mark}</span>}
      <CopyButton value={address} label="address" />
    </span>
  );
}

export function Hash({ hash, label = 'hash' }: { hash: string; label?: string }) {
  return (
    <span className="address">
      <code title={hash}>
        <span aria-hidden="true">{shortHash(hash)}</span>
        <span className="visually-hidden">{hash}</span>
      </code>
      <CopyButton value={hash} label={label} />
    </span>
  );
}
