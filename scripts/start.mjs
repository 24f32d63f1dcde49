// `npm start`: builds, then opens Gridkeeper in Electron. Where Electron cannot start (no binary,
// no display), says why in one line and serves the browser preview instead.
// `npm run preview` (--preview): builds, then serves the browser preview directly.
// Options: --preview, --port N (preview; default a free port), --no-build.
// GRIDKEEPER_DATA_DIR overrides where settings and stores live.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    preview: { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

if (!args['no-build']) {
  process.stdout.write('Building Gridkeeper… ');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) {
    console.log('failed:\n');
    console.error(build.stdout, build.stderr);
    process.exit(1);
  }
  console.log('done.');
}

const electron = args.preview ? undefined : electronBinary();
if (electron?.path) {
  const child = spawn(electron.path, [root], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  if (electron)
    console.log(`Electron cannot start here (${electron.why}); serving the browser preview instead.`);
  const { runPreview } = await import(join(root, 'out', 'main', 'preview.js'));
  await runPreview({
    outDir: join(root, 'out'),
    dataDir: process.env.GRIDKEEPER_DATA_DIR ?? join(root, '.gridkeeper'),
    ...(args.port ? { port: Number(args.port) } : {}),
  });
}

/**
 * The Electron executable, found the way the `electron` package finds it but without its
 * run-time download (requiring `electron` from Node fetches the binary when it is missing).
 * Returns `{ path }`, or `{ why }` in a few words.
 */
function electronBinary() {
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
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: 'no display to open a window on: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  return { path };
}
