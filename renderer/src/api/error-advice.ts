import type { SerializedError } from './contract';

/**
 * What to do about an error, by its code. Core's messages say what happened (and often what to
 * do); this adds the next step where the message alone may not.
 */
const ADVICE: Partial<Record<SerializedError['code'], string>> = {
  UNKNOWN_CHANNEL:
    'This build of Gridkeeper’s core does not offer this yet. Update the app, or use the page once the feature lands.',
  NOT_CONFIGURED:
    'Open Settings (Ctrl+,) and set the consortium’s Safe and market, or import a deployment record.',
  RPC_UNAVAILABLE:
    'Check the network connection and the RPC URLs in Settings; Gridkeeper retries the fallbacks.',
  OFFLINE: 'Reconnect, or continue in offline signer mode: import, verify, sign and export bundles.',
  CHAIN_MISMATCH: 'The RPC answers for another chain. Check the RPC URLs in Settings.',
  NOT_SAFE_OWNER: 'Choose a signer whose address is an owner of the Safe (Signers page).',
  SIGNER_LOCKED: 'Unlock the keystore on the Signers page, or unlock the Ledger with its PIN.',
  SIGNER_WRONG_APP: 'Open the Ethereum app on the Ledger, then try again.',
  SIGNER_APP_CLOSED: 'Open the Ethereum app on the Ledger, then try again.',
  SIGNER_DISCONNECTED: 'Plug the Ledger in, unlock it and open the Ethereum app.',
  SIGNER_REJECTED: 'The signature was refused on the device. Nothing was signed.',
  SIGNER_BLIND_SIGNING_DISABLED: 'Enable blind signing in the Ethereum app’s settings on the Ledger.',
  SIGNER_PERMISSION_DENIED: 'On Linux, install the Ledger udev rules, then unplug and replug the device.',
  SIGNER_NOT_FOUND: 'Choose an active signer on the Signers page.',
  THRESHOLD_NOT_MET:
    'Collect more signatures first: sign, import a bundle, or sync with the Transaction Service.',
  NONCE_SPENT:
    'Another transaction with this nonce was executed. Sync the queue; this one can no longer run.',
  BUNDLE_REJECTED: 'Do not use this file. Ask its sender for a fresh export and compare the hashes by phone.',
  HASH_MISMATCH: 'Do not sign. Compare the hashes with your co-owners before going on.',
  TX_SERVICE_ERROR: 'Check the Transaction Service URL in Settings, or exchange a bundle file instead.',
  INPUT_INVALID: 'Correct the highlighted value and try again.',
  AUDIT_TAMPERED:
    'Stop and export the audit log for investigation; do not sign anything until it is explained.',
  INTERNAL: 'Try again. If it keeps happening, send Gridkeeper’s log to whoever supports your installation.',
};

export function adviceFor(error: SerializedError): string | undefined {
  return ADVICE[error.code];
}
