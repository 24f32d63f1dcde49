import { useState } from 'react';
import type { ApiEvents } from '../api/contract';
import { useEvent } from '../api/hooks';
import { DeviceHashes } from './device-hashes';
import { Dialog } from './dialog';

/**
 * While a signer asks for confirmation: what the device shows, to compare screen by screen.
 * Closes itself when the signing step reports back (`safe/tx-updated`).
 */
export function SigningPrompt() {
  const [prompt, setPrompt] = useState<ApiEvents['safe/signing-prompt']>();
  useEvent('safe/signing-prompt', setPrompt);
  // Functional update: a demo key signs at once, so the step's event can arrive before the prompt rendered.
  useEvent('safe/tx-updated', ({ safeTxHash }) =>
    setPrompt((current) => (current?.safeTxHash === safeTxHash ? undefined : current)),
  );
  const device = prompt?.mode !== 'local';
  return (
    <Dialog
      open={!!prompt}
      title={device ? 'Confirm on your Ledger' : 'Signing'}
      onClose={() => setPrompt(undefined)}
    >
      {prompt && (
        <>
          <p role="status">
            <span className="spinner" aria-hidden="true" />{' '}
            {device
              ? prompt.mode === 'clear'
                ? 'The device shows the transaction’s fields, then the hashes. Check each screen against this one, then approve on the device.'
                : 'The device shows only hashes. Check each screen against the lines below, then approve on the device.'
              : 'Signing with the keystore on this computer.'}
          </p>
          <DeviceHashes hashes={prompt} />
          <button type="button" onClick={() => setPrompt(undefined)}>
            Hide (the device still waits)
          </button>
        </>
      )}
    </Dialog>
  );
}
