import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { zNetworkChoice } from './api/contract/settings';
import type { Logger } from './ports';
import { writeFileAtomically } from './store';

const zSettings = z.object({
  network: zNetworkChoice,
  /**
   * Days of chain time whose raw event rows the market store keeps (default 400; rollups and daily
   * totals stay forever, and a statement re-fetches older events from the chain). Set by hand in
   * settings.json: fractions of a day are allowed (tests).
   */
  retentionDays: z.number().positive().max(36_500).optional(),
});
export type Settings = z.infer<typeof zSettings>;

export const DEFAULT_SETTINGS: Settings = { network: { kind: 'training' } };
const FILE = 'settings.json';

/** Reads `settings.json` in the data directory; a missing or unreadable file means the defaults. */
export function readSettings(dataDir: string, log: Logger): Settings {
  let text: string;
  try {
    text = readFileSync(join(dataDir, FILE), 'utf8');
  } catch {
    return DEFAULT_SETTINGS;
  }
  try {
    return zSettings.parse(JSON.parse(text));
  } catch (error) {
    log.warn('settings.json is not valid; using the defaults', { error: String(error) });
    return DEFAULT_SETTINGS;
  }
}

/**
 * Writes atomically (temporary file, then rename), so a crash never leaves half a file. Settings
 * name the networks and the Safe: the owner's alone (0600), like the stores, in a 0700 folder.
 */
export function writeSettings(dataDir: string, settings: Settings): void {
  writeFileAtomically(dataDir, FILE, `${JSON.stringify(zSettings.parse(settings), null, 2)}\n`);
  chmodSync(dataDir, 0o700);
}
