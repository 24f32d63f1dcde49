import { test as base } from '@playwright/test';
import { startTestCore, type TestCore } from './app-harness';

/**
 * One core (and its devnet) per Playwright worker, shared by every spec file the worker runs:
 * starting the seeded training network is the slow part, so it happens once.
 */
export const test = base.extend<object, { core: TestCore }>({
  core: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      const core = await startTestCore();
      await use(core);
      await core.close();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

export { expect } from '@playwright/test';
