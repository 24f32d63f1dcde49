import { createCore } from '../app';
import { consoleLogger, errorFields } from '../ports';
import { parentEndpoint } from './endpoints';
import type { FromCore, ToCore } from './protocol';
import { serveCore } from './serve-core';

/**
 * Entry point of the process that runs core: an Electron utility process, or a Node child process
 * under the browser preview. Logs go to stderr as JSON lines; the host decides where they land.
 */
const processLog = consoleLogger('core');
const served = serveCore(
  parentEndpoint<FromCore, ToCore>(),
  async ({ logLevel, ...options }, events) => {
    const log = consoleLogger('core', logLevelFromEnv() ?? logLevel);
    try {
      return await createCore({ ...options, events, log });
    } catch (error) {
      // The host only sees the typed error; the cause chain (with stacks) belongs in the log.
      log.error('core could not start', errorFields(error));
      throw error;
    }
  },
  (code) => process.exit(code),
);

/** GRIDKEEPER_LOG_LEVEL=debug: the timing lines bench:live reads (the host's level otherwise). */
function logLevelFromEnv(): 'debug' | 'info' | 'warn' | 'error' | undefined {
  const level = process.env.GRIDKEEPER_LOG_LEVEL;
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : undefined;
}

// A promise nobody awaited failed: nothing is half-done that the next call would trip on; keep serving.
process.on('unhandledRejection', (reason) => {
  processLog.error('unhandled rejection (core keeps serving)', errorFields(reason));
});
// An exception escaped a callback: the state it left is unknown. Close the stores and let the host
// restart core, telling it why.
process.on('uncaughtException', (error) => {
  processLog.error('uncaught exception: core closes and is restarted', errorFields(error));
  void served.crash(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
});
// Ctrl+C in a terminal reaches every process of the group, core included: close the stores first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void served.close());
