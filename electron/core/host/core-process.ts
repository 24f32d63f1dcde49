import { createCore } from '../app';
import { consoleLogger } from '../ports/logger';
import { parentEndpoint } from './endpoints';
import type { FromCore, ToCore } from './protocol';
import { serveCore } from './serve-core';

/**
 * Entry point of the process that runs core: an Electron utility process, or a Node child process
 * under the browser preview. Logs go to stderr as JSON lines; the host decides where they land.
 */
serveCore(
  parentEndpoint<FromCore, ToCore>(),
  ({ logLevel, ...options }, events) =>
    createCore({ ...options, events, log: consoleLogger('core', logLevel) }),
  () => process.exit(0),
);
