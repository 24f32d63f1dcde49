export { buildInfo } from './build-info';
export { rendererCsp } from './content-security-policy';
export { type CoreClient, type CoreEventListener, startCoreClient } from './core-client';
export { childProcessEndpoint, parentEndpoint } from './endpoints';
export type { CoreStartOptions, Endpoint, FromCore, ToCore } from './protocol';
export { serveCore } from './serve-core';
