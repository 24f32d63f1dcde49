import type { CoreOptions } from '../app';

declare const __GRIDKEEPER_VERSION__: string | undefined;
declare const __GRIDKEEPER_COMMIT__: string | undefined;

/** Version and git commit, injected by electron.vite.config.ts at build time ('dev' when run from source). */
export const buildInfo: CoreOptions['build'] = {
  version: typeof __GRIDKEEPER_VERSION__ === 'string' ? __GRIDKEEPER_VERSION__ : 'dev',
  commit: typeof __GRIDKEEPER_COMMIT__ === 'string' ? __GRIDKEEPER_COMMIT__ : 'dev',
};
