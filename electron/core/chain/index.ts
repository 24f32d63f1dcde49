export { EnergyMarket, EnergyToken, ProsumerRegistry } from './artifacts';
export { parseDeploymentRecord, verifyDeployment } from './deployment';
export { connectRpc, type NetworkConnection } from './network';
export { assertPlainPaymentToken } from './payment-token';
export {
  classifyRpcError,
  RpcClient,
  type RpcClientOptions,
  RpcError,
  type RpcFailureKind,
  type RpcStatus,
} from './rpc-client';
export { RpcProvider } from './rpc-provider';
