export { buildInfo } from './build-info';
export { rendererCsp } from './content-security-policy';
export { type CoreClient, type CoreEventListener, startCoreClient } from './core-client';
export { CORE_PROCESS_ENV, CORE_PROCESS_EXEC_ARGV } from './core-process-flags';
export { childProcessEndpoint, parentEndpoint } from './endpoints';
export type { CoreStartOptions, Endpoint, FromCore, ToCore } from './protocol';
export { serveCore } from './serve-core';
