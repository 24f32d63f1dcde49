import { z } from 'zod';
import { channel } from './define';
import { zBytes32, zEmpty } from './schemas';

export type SignerKind = 'ledger' | 'keystore' | 'demo';

export type SignerStatus =
  | 'ready'
  | 'locked'
  | 'disconnected'
  | 'app-closed'
  | 'wrong-app'
  | 'busy'
  | 'permission-denied'
  | 'needs-attention'
  /** Ledger USB support is not available in this build (optional USB module missing). */
  | 'unavailable';

/** What the owner should see on screen while the device asks for confirmation. */
export interface SigningPrompt {
  mode: 'clear' | 'hashed' | 'local';
  domainHash: string;
  messageHash: string;
  safeTxHash: string;
  /** For a Ledger: what the device itself will show, to compare page by page. */
  device?: DeviceDisplay;
}

/** What a Ledger shows while it asks to sign, in its own format and layout. */
export interface DeviceDisplay {
  /** How the screen cuts text: one line per page (Nano S), three (Nano S Plus, X), one page (Stax, Flex). */
  screen: 'nano-s' | 'nano-sp-x' | 'stax-flex';
  /** Hashes as the device prints them ("0x" + upper-case hex), cut into its pages of lines. */
  hashes: { title: 'Domain hash' | 'Message hash'; text: string; pages: string[][] }[];
  /** In clear-signing mode: the typed-data fields, titled and formatted as the device shows them. */
  fields: { title: string; value: string }[];
}

/** A plain, serialisable view of a signer for the UI. */
export interface SignerSummary {
  id: string;
  kind: SignerKind;
  label: string;
  address: string;
  status: SignerStatus;
  /** Demo keys of the training network: never use on a real network. */
  demo: boolean;
  detail?: string;
  /**
   * A keystore created here whose file the owner has not confirmed saving elsewhere: that file is
   * the key's only copy ("no backup confirmed").
   */
  backupPending?: boolean;
}

/** A keystore file to save elsewhere: the file itself (v3, scrypt-encrypted), never the password or key. */
export interface KeystoreBackup {
  fileName: string;
  content: string;
}

/** A Ledger device as the UI sees it; pushed as `signer/device` whenever it changes. */
export interface LedgerDeviceState {
  /** The USB path of the device (stable while it stays plugged in). */
  deviceId: string;
  /** @ledgerhq/devices model id: 'nanoS', 'nanoSP', 'nanoX', 'stax', 'europa' (Flex)… */
  model: string | null;
  status: SignerStatus;
  /** The app running on the device ('BOLOS' is the dashboard). */
  app: { name: string; version: string } | null;
  blindSigningEnabled: boolean | null;
  /** What is wrong and what to do, when the status is not 'ready'. */
  message: string | null;
}

export type LedgerDeviceChange = 'plugged' | 'unplugged' | 'status';

export interface LedgerDeviceEvent {
  change: LedgerDeviceChange;
  device: LedgerDeviceState;
}

export type PathFamily = 'ledger-live' | 'legacy' | 'bip44';

/** One address of the connected Ledger, with what the owner needs to pick the right one. */
export interface LedgerAccount {
  family: PathFamily;
  index: number;
  /** Derivation path with the leading `m/`. */
  path: string;
  address: string;
  /** Decimal string; null when no provider was available. */
  balanceWei: string | null;
  /** Whether the address is an owner of the consortium Safe. */
  isOwner: boolean;
}

export interface SignerList {
  signers: SignerSummary[];
  activeId: string | null;
  /** null when no Ledger is connected. */
  ledger: LedgerDeviceState | null;
  /** Why Ledger devices cannot be used at all in this build, or null. */
  ledgerUnavailable: string | null;
  /** The derivation path chosen last time (remembered across launches). */
  ledgerPath: string | null;
  /** Unlocked keystores lock themselves after this many idle minutes. */
  autoLockMinutes: number;
}

/** The Linux udev rule shipped with the app, shown when the Ledger cannot be opened (permission denied). */
export interface UdevRule {
  /** Absolute path of the rules file in the installed app's resources. */
  file: string;
  /** The exact shell command that installs it. */
  command: string;
}

export interface LedgerStatus {
  devices: LedgerDeviceState[];
  /** Why Ledger devices cannot be used at all in this build (USB module missing), or null. */
  unavailable: string | null;
  /** On Linux, the rule to install when a device reports 'permission-denied'; null elsewhere. */
  udevRule: UdevRule | null;
}

/** A pushed change of one signer (unlocked, locked by the idle timer, selected…). */
export interface SignerUpdated {
  signer: SignerSummary;
  activeId: string | null;
}

const zPassword = z.string().min(8, 'use at least 8 characters').max(1024);
const zLabel = z.string().trim().min(1).max(60);
const zSignerId = z.string().min(1).max(120);
const zDerivationPath = z
  .string()
  .regex(/^m(\/[0-9]{1,10}'?){1,10}$/, "not a derivation path like m/44'/60'/0'/0/0");
const zPrivateKey = z
  .string()
  .regex(/^(0x)?[0-9a-fA-F]{64}$/, 'not a 32-byte hex private key')
  .transform((v) => (v.startsWith('0x') ? v : `0x${v}`));

export const signerChannels = {
  /** Every signer (Ledger account chosen, keystores, demo keys) and which one is active. */
  'signer/list': channel<SignerList>()(zEmpty),
  /** Asks the connected Ledgers for their state now (plugged, locked, app open, blind signing). */
  'signer/ledger-status': channel<LedgerStatus>()(zEmpty),
  'signer/ledger-accounts': channel<LedgerAccount[]>()(
    z
      .object({
        families: z
          .array(z.enum(['ledger-live', 'legacy', 'bip44']))
          .min(1)
          .max(3)
          .optional(),
        start: z.number().int().min(0).max(1000).default(0),
        count: z.number().int().min(1).max(10).default(5),
      })
      .strict(),
  ),
  /**
   * Makes a signer the active one, remembered across launches: a listed signer by id, or the
   * connected Ledger's account at a derivation path (also remembered as the Ledger path).
   */
  'signer/select': channel<SignerSummary>()(
    z.union([z.object({ id: zSignerId }).strict(), z.object({ ledgerPath: zDerivationPath }).strict()]),
  ),
  'signer/keystore-create': channel<SignerSummary>()(
    z.object({ label: zLabel, password: zPassword }).strict(),
  ),
  'signer/keystore-import': channel<SignerSummary>()(
    z.union([
      z.object({ label: zLabel, password: zPassword, privateKey: zPrivateKey }).strict(),
      z
        .object({
          label: zLabel,
          password: zPassword,
          mnemonic: z.string().trim().min(1).max(500),
          path: zDerivationPath.default("m/44'/60'/0'/0/0"),
        })
        .strict(),
    ]),
  ),
  /** A wrong password fails with SIGNER_WRONG_PASSWORD after a delay that grows with each failure. */
  'signer/keystore-unlock': channel<SignerSummary>()(
    z.object({ id: zSignerId, password: z.string().min(1).max(1024) }).strict(),
  ),
  'signer/keystore-lock': channel<SignerSummary>()(z.object({ id: zSignerId }).strict()),
  /** The keystore's file as it is on disk, to save elsewhere; fails when the file is gone. */
  'signer/keystore-backup': channel<KeystoreBackup>()(z.object({ id: zSignerId }).strict()),
  /** The owner saved the keystore's file elsewhere: it no longer shows "no backup confirmed". */
  'signer/keystore-backup-confirm': channel<SignerSummary>()(z.object({ id: zSignerId }).strict()),
  'signer/keystore-auto-lock': channel<SignerList>()(
    z
      .object({
        minutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      })
      .strict(),
  ),
  /**
   * What a Ledger shows for hash-only EIP-712 signing ("Domain hash", "Message hash"), cut into the
   * device's pages, for the owner to compare group by group. `model` defaults to the connected Ledger.
   */
  'signer/device-display': channel<DeviceDisplay>()(
    z
      .object({
        domainHash: zBytes32,
        messageHash: zBytes32,
        model: z.enum(['nanoS', 'nanoSP', 'nanoX', 'stax', 'europa']).optional(),
      })
      .strict(),
  ),
};
