// Finds the Electron executable the way the `electron` package does, but without its run-time
// download (requiring `electron` from Node fetches the binary when it is missing, which fails
// offline). Used by `npm start` and by the Electron smoke test.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @param {string} root the project directory
 * @param {{ needsDisplay?: boolean }} [options] also require a display to open a window on
 * @returns {{ path: string } | { why: string }} the executable, or why Electron cannot start, in a few words
 */
export function electronBinary(root, options = {}) {
  let packageDir;
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { why: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override
    ? join(override, executable ?? 'electron')
    : executable && join(packageDir, 'dist', executable);
  if (!path || !existsSync(path)) {
    return { why: 'the Electron binary was not downloaded: node_modules/electron has no dist/' };
  }
  if (
    options.needsDisplay &&
    process.platform === 'linux' &&
    !process.env.DISPLAY &&
    !process.env.WAYLAND_DISPLAY
  ) {
    return { why: 'no display to open a window on: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  return { path };
}
