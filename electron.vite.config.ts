import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** The build's git commit for the About page; GRIDKEEPER_COMMIT overrides it (builds from a tarball). */
function buildCommit(): string {
  if (process.env.GRIDKEEPER_COMMIT) return process.env.GRIDKEEPER_COMMIT;
  try {
    return execFileSync('git', ['describe', '--always', '--dirty', '--abbrev=12'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * The store's SQL migrations ship beside the bundled core: `electron/core/store/open.ts` looks for
 * `migrations/` next to its own file, which after bundling is out/main/.
 */
function copyMigrations(): Plugin {
  return {
    name: 'gridkeeper:copy-migrations',
    writeBundle(options) {
      if (!options.dir) throw new Error('main build has no output directory');
      cpSync('electron/core/store/migrations', join(options.dir, 'migrations'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    define: {
      __GRIDKEEPER_VERSION__: JSON.stringify(version),
      __GRIDKEEPER_COMMIT__: JSON.stringify(buildCommit()),
    },
    plugins: [copyMigrations()],
    build: {
      // The Safe's contract artifacts (JSON) are bundled: externalized, they would lose their
      // `with { type: 'json' }` import attribute, and the app must carry what the devnet deploys.
      externalizeDeps: { exclude: ['@safe-global/safe-contracts'] },
      rollupOptions: {
        input: {
          // Electron's main process: window, menu, security policy, IPC.
          index: resolve('electron/main/index.ts'),
          // Core, run off the main thread (Electron utility process, or a child of the preview).
          'core-process': resolve('electron/core/host/core-process.ts'),
          // The browser preview server, for machines where Electron cannot start.
          preview: resolve('electron/core/preview/index.ts'),
          // The thread that holds unlocked keys; core loads it from beside its own bundle.
          'keystore-worker': resolve('electron/core/signers/keystore/keystore-worker.ts'),
          // The thread a long backfill fetches and decodes its logs on; core loads it from beside its bundle.
          'log-decoding-worker': resolve('electron/core/indexer/log-decoding-worker.ts'),
        },
        // Every file in out/main itself, so `import.meta.dirname` is the same in every chunk.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed renderer's preload cannot be an ES module: emit one CommonJS file.
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          // window.gridkeeper over the preview's WebSocket; only the preview server loads it.
          'preview-bridge': resolve('electron/preview-client/index.ts'),
        },
        output: {
          entryFileNames: (chunk) =>
            chunk.name === 'preview-bridge' ? 'preview-bridge.js' : 'assets/[name]-[hash].js',
        },
      },
    },
  },
});
