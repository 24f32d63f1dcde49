import { createCore } from '../app';
import { consoleLogger } from '../ports';
import { parentEndpoint } from './endpoints';
import type { FromCore, ToCore } from './protocol';
import { serveCore } from './serve-core';

/**
 * Entry point of the process that runs core: an Electron utility process, or a Node child process
 * under the browser preview. Logs go to stderr as JSON lines; the host decides where they land.
 */
serveCore(
  parentEndpoint<FromCore, ToCore>(),
  async ({ logLevel, ...options }, events) => {
    const log = consoleLogger('core', logLevel);
    try {
      return await createCore({ ...options, events, log });
    } catch (error) {
      // The host only sees the typed error; the cause (with its stack) belongs in the log.
      log.error('core could not start', {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      throw error;
    }
  },
  () => process.exit(0),
);
