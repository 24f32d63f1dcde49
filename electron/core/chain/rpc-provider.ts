import {
  type JsonRpcApiProviderOptions,
  type JsonRpcPayload,
  JsonRpcProvider,
  type JsonRpcResult,
  Network,
} from 'ethers';
import type { RpcClient } from './rpc-client';

/**
 * An ethers provider whose every request goes through the app's one RPC layer (`RpcClient`): the
 * Safe flow, the signers' network reads and the settings check fail over, retry and back off
 * exactly as the indexer does.
 */
export class RpcProvider extends JsonRpcProvider {
  readonly #rpc: RpcClient;

  constructor(rpc: RpcClient, chainId: number, options: JsonRpcApiProviderOptions = {}) {
    // Several concerns share one provider: no request cache (ethers' 250 ms cache races nonces).
    super(rpc.urls[0], Network.from(chainId), { staticNetwork: true, cacheTimeout: -1, ...options });
    this.#rpc = rpc;
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const payloads = (Array.isArray(payload) ? payload : [payload]).map(({ id, method, params }) => ({
      id,
      method,
      params: Array.isArray(params) ? params : [],
    }));
    return (await this.#rpc.sendRaw(payloads)) as JsonRpcResult[];
  }
}
