// `npm start`: builds, then opens Gridkeeper in Electron. Where Electron cannot start (no binary,
// no display), says why in one line and serves the browser preview instead.
// `npm run preview` (--preview): builds, then serves the browser preview directly.
// Options: --preview, --port N (preview; default a free port), --no-build.
// GRIDKEEPER_DATA_DIR overrides where settings and stores live.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { electronBinary } from './electron-binary.mjs';

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

const electron = args.preview ? undefined : electronBinary(root, { needsDisplay: true });
if (electron?.path) {
  const child = spawn(electron.path, [root], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  if (electron)
    console.log(`Electron cannot start here (${electron.why}); serving the browser preview instead.`);
  const { runPreview } = await import(pathToFileURL(join(root, 'out', 'main', 'preview.js')).href);
  await runPreview({
    outDir: join(root, 'out'),
    dataDir: process.env.GRIDKEEPER_DATA_DIR ?? join(root, '.gridkeeper'),
    ...(args.port ? { port: Number(args.port) } : {}),
  });
}
