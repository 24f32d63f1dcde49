import { join } from 'node:path';
import { utilityProcess } from 'electron';
import { CORE_PROCESS_ENV, CORE_PROCESS_EXEC_ARGV } from '../core/host';
import { type CoreClient, startCoreClient } from '../core/host/core-client';
import type { CoreStartOptions, Endpoint, FromCore, ToCore } from '../core/host/protocol';

/**
 * Core in an Electron utility process (a Node process managed by Electron), so nothing core does
 * can stall the window. Same bridge as the preview (restarted the same way after a crash); its logs
 * go to this process's stderr.
 */
export function startCoreProcess(options: CoreStartOptions): CoreClient {
  return startCoreClient(forkCore, options);
}

function forkCore(): Endpoint<ToCore, FromCore> {
  const child = utilityProcess.fork(join(import.meta.dirname, 'core-process.js'), [], {
    serviceName: 'Gridkeeper core',
    execArgv: CORE_PROCESS_EXEC_ARGV,
    env: { ...process.env, ...CORE_PROCESS_ENV },
    stdio: 'inherit',
  });
  // Messages wait until the process exists.
  const queued: ToCore[] = [];
  let spawned = false;
  child.once('spawn', () => {
    spawned = true;
    for (const message of queued.splice(0)) child.postMessage(message);
  });
  return {
    send: (message) => (spawned ? child.postMessage(message) : queued.push(message)),
    onMessage: (listener) => child.on('message', listener),
    onClose: (listener) => child.once('exit', (code) => listener({ code })),
  };
}
