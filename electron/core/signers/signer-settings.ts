import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../store';

/** What the signers remember across launches. */
const zSignerSettings = z.object({
  /** The Ledger derivation path chosen last (with `m/`). */
  ledgerPath: z.string().max(100).optional(),
  /** The signer selected last. */
  activeSignerId: z.string().max(120).optional(),
  /** Keystores created here (lower-case addresses) whose file the owner has not confirmed saving elsewhere. */
  backupsPending: z.array(z.string().max(42)).max(10_000).optional(),
  /** Idle minutes after which unlocked keystores lock. */
  autoLockMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});
export type SignerSettings = z.infer<typeof zSignerSettings>;

export interface SignerSettingsPort {
  read(): SignerSettings;
  update(patch: SignerSettings): void;
}

/** Settings in a small JSON file, written atomically; a missing or unreadable file means none. */
export function jsonFileSignerSettings(file: string): SignerSettingsPort {
  const read = (): SignerSettings => {
    try {
      return zSignerSettings.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return {};
    }
  };
  return {
    read,
    update(patch) {
      const next = zSignerSettings.parse({ ...read(), ...patch });
      writeFileAtomically(dirname(file), basename(file), `${JSON.stringify(next, null, 2)}\n`);
    },
  };
}
