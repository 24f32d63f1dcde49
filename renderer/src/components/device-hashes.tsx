import { useQuery } from '../api/hooks';
import { groupedHex } from '../format/address';
import { CopyButton } from './copy-button';

/**
 * The three hashes of a Safe transaction. The domain and message hashes are laid out in the
 * Ledger's own screens (from core's `signer/device-display`: the connected model, else a Nano S
 * Plus / X), so the owner compares them with the device screen by screen; the safeTxHash in groups
 * of four to read aloud to co-owners.
 */
export function DeviceHashes({
  hashes,
}: {
  hashes: { safeTxHash: string; domainHash: string; messageHash: string };
}) {
  const display = useQuery('signer/device-display', {
    domainHash: hashes.domainHash,
    messageHash: hashes.messageHash,
  });
  const fallback = [
    { title: 'Domain hash', text: hashes.domainHash, pages: [[hashes.domainHash]] },
    { title: 'Message hash', text: hashes.messageHash, pages: [[hashes.messageHash]] },
  ];
  const shown = display.data?.hashes ?? fallback;
  return (
    <div className="device-hashes">
      {shown.map((hash) => (
        <section key={hash.title} aria-label={hash.title} className="device-hash">
          <h4>
            {hash.title} <CopyButton value={hash.text} label={hash.title} />
          </h4>
          <ol className="device-pages">
            {hash.pages.map((page, i) => (
              <li key={`${hash.title}-${page.join('')}`}>
                <span className="visually-hidden">
                  Screen {i + 1} of {hash.pages.length}:
                </span>
                {page.map((line) => (
                  <code key={line} className="device-line">
                    {line}
                  </code>
                ))}
              </li>
            ))}
          </ol>
        </section>
      ))}
      <section aria-label="Safe transaction hash" className="device-hash">
        <h4>
          safeTxHash <CopyButton value={hashes.safeTxHash} label="safeTxHash" />
        </h4>
        <code className="hash-groups">
          0x{' '}
          {groupedHex(hashes.safeTxHash).map((group, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: groups repeat; their position is their identity
            <span key={i}>{group} </span>
          ))}
        </code>
      </section>
      {display.error && (
        <p className="muted">
          Device layout unavailable ({display.error.code}); compare the full hashes above.
        </p>
      )}
    </div>
  );
}
