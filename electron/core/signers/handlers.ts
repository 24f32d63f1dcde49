import type { Handler } from '../api';
import type { Signers } from './signers';

type SignerChannel =
  | 'signer/list'
  | 'signer/ledger-status'
  | 'signer/ledger-accounts'
  | 'signer/select'
  | 'signer/keystore-create'
  | 'signer/keystore-import'
  | 'signer/keystore-unlock'
  | 'signer/keystore-lock'
  | 'signer/keystore-backup'
  | 'signer/keystore-backup-confirm'
  | 'signer/keystore-auto-lock'
  | 'signer/device-display';

/** The `signer/*` channels over the app's signers. */
export function createSignerHandlers(signers: Signers): { [C in SignerChannel]: Handler<C> } {
  return {
    'signer/list': () => signers.list(),
    'signer/ledger-status': () => signers.ledgerStatus(),
    'signer/ledger-accounts': (input, ctx) => signers.ledgerAccounts(input, ctx.signal),
    'signer/select': (input, ctx) => signers.select(input, ctx.signal),
    'signer/keystore-create': ({ label, password }) => signers.createKeystore(label, password),
    'signer/keystore-import': ({ label, password, ...source }) =>
      signers.importKeystore(source, label, password),
    'signer/keystore-unlock': ({ id, password }) => signers.unlock(id, password),
    'signer/keystore-lock': async ({ id }) => signers.lock(id),
    'signer/keystore-backup': async ({ id }) => signers.keystoreBackup(id),
    'signer/keystore-backup-confirm': async ({ id }) => signers.confirmKeystoreBackup(id),
    'signer/keystore-auto-lock': ({ minutes }) => signers.setAutoLockMinutes(minutes),
    'signer/device-display': async (input) => signers.deviceDisplay(input),
  };
}
