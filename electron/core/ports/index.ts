export type { Logger } from './logger';
export { consoleLogger, errorFields, silentLogger } from './logger';
export type { NoticeSink } from './notices';
