import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const UDEV_RULES_NAME = '20-ledger.rules';

/**
 * Where the Ledger udev rules file shipped with the app is: `<resources>/udev/` of an installed app
 * (electron-builder's extraResources; Electron sets `process.resourcesPath`), else `resources/udev/`
 * of the source tree found above this module (development, tests, the preview).
 */
export function findUdevRulesFile(
  resourcesPath = (process as { resourcesPath?: string }).resourcesPath,
  from = import.meta.dirname,
): string {
  if (resourcesPath) {
    const installed = join(resourcesPath, 'udev', UDEV_RULES_NAME);
    if (existsSync(installed)) return installed;
  }
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'udev', UDEV_RULES_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  // Not found (an unusual layout): still name the file the installed app ships.
  return join(resourcesPath ?? 'resources', 'udev', UDEV_RULES_NAME);
}
