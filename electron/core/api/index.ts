export * from './contract';
export { type ChannelDef, channel } from './contract/define';
export * from './contract/errors';
export * from './contract/schemas';
export { EventBus, type EventListener } from './event-bus';
export {
  type BoundedJson,
  isJsonObject,
  MAX_NESTING_DEPTH,
  parseBoundedJson,
  valueDepthWithin,
} from './input-limits';
export {
  type CallContext,
  createRouter,
  type Handler,
  type Handlers,
  type Reply,
  type Router,
} from './router';
