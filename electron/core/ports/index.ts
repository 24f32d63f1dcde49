export type { Logger } from './logger';
export { consoleLogger, silentLogger } from './logger';
