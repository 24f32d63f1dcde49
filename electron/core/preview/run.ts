import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { NetworkChoice } from '../api/contract/settings';
import type { FromCore, ToCore } from '../host';
import {
  buildInfo,
  CORE_PROCESS_ENV,
  CORE_PROCESS_EXEC_ARGV,
  childProcessEndpoint,
  startCoreClient,
} from '../host';
import { consoleLogger, errorFields } from '../ports';
import { startPreviewServer } from './server';

export interface RunPreviewOptions {
  /** The build output (out/): main/core-process.js and renderer/. */
  outDir: string;
  dataDir: string;
  /** Default: the remembered network, else the training network. */
  network?: NetworkChoice;
  port?: number;
}

/**
 * `npm run preview`: core in a child process (as in Electron), the renderer and api on 127.0.0.1.
 * Prints the URL and opens nothing; Ctrl+C lets core close its database before exiting.
 */
export async function runPreview(options: RunPreviewOptions): Promise<void> {
  const log = consoleLogger('preview');
  // The preview server holds no state a failed request could corrupt: log and keep serving.
  process.on('uncaughtException', (error) => log.error('preview: uncaught exception', errorFields(error)));
  process.on('unhandledRejection', (reason) =>
    log.error('preview: unhandled rejection', errorFields(reason)),
  );
  const core = startCoreClient(
    () =>
      childProcessEndpoint<ToCore, FromCore>(
        fork(join(options.outDir, 'main', 'core-process.js'), [], {
          execArgv: CORE_PROCESS_EXEC_ARGV,
          env: { ...process.env, ...CORE_PROCESS_ENV },
          serialization: 'advanced',
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      ),
    {
      dataDir: options.dataDir,
      build: buildInfo,
      ...(options.network ? { network: options.network } : {}),
    },
  );
  const server = await startPreviewServer({
    rendererDir: join(options.outDir, 'renderer'),
    core,
    log,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  console.log(
    `Gridkeeper preview (this launch's secret is in the URL; keep it private):\n\n    ${server.url}\n`,
  );
  core.ready.then(
    (info) => console.log(`Core is ready on the ${info.network} network (chain ${info.chainId}).`),
    (error) => console.error(`Core could not start: ${error.message}`),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping: closing the database and the network…');
    await server.close();
    await core.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  void core.stopped.then(() => {
    if (stopping) return;
    console.error('The core process stopped and could not be restarted; stopping the preview.');
    void server.close().then(() => process.exit(1));
  });
}
