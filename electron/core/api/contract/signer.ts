import { z } from 'zod';
import type { SignerStatus, SignerSummary } from '../../signers/types';
import { channel } from './define';
import { zEmpty } from './schemas';

export type { SignerStatus, SignerSummary, SigningPrompt } from '../../signers/types';

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
  'signer/list': channel<SignerList>()(zEmpty),
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
  'signer/ledger-select': channel<SignerSummary>()(z.object({ path: zDerivationPath }).strict()),
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
  'signer/keystore-unlock': channel<SignerSummary>()(
    z.object({ id: zSignerId, password: z.string().min(1).max(1024) }).strict(),
  ),
  'signer/keystore-lock': channel<SignerSummary>()(z.object({ id: zSignerId }).strict()),
  'signer/select-active': channel<SignerSummary>()(z.object({ id: zSignerId }).strict()),
};
