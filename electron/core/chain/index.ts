export { ConsortiumGuard, EnergyMarket, EnergyToken, ProsumerRegistry } from './artifacts';
export { parseDeploymentRecord, verifyDeployment } from './deployment';
export {
  type JsonRpcPayload,
  type JsonRpcReply,
  type JsonRpcTransport,
  postJsonRpc,
} from './json-rpc';
export { connectRpc, type NetworkConnection } from './network';
export { assertPlainPaymentToken } from './payment-token';
export { RpcClient, RpcError, type RpcStatus } from './rpc-client';
export { GUARD_STORAGE_SLOT, readSafeGuard } from './safe-guard';
