import type { JsonRpcProvider } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';
import type { Logger } from '../ports';
import { RpcClient } from './rpc-client';
import { RpcProvider } from './rpc-provider';

/** The chain core works on: one RPC layer, and what identifies the chain (for the store's file name). */
export interface NetworkConnection {
  /** 'training' or the configured network's name. */
  name: string;
  chainId: number;
  genesisHash: string;
  /** The one RPC layer: fallback across the network's URLs, retries, rate limits, failover status. */
  rpc: RpcClient;
  /** The same layer for ethers (Safe flow, signers' reads). */
  provider: JsonRpcProvider;
  close(): Promise<void>;
}

/** Connects through the network's RPC URLs (each must serve the configured chain id). */
export async function connectRpc(
  choice: { name: string; chainId: number; rpcUrls: string[] },
  log: Logger,
  options: { attempts?: number; pollingIntervalMs?: number } = {},
): Promise<NetworkConnection> {
  const rpc = new RpcClient({ urls: choice.rpcUrls, log, chainId: choice.chainId });
  let genesisHash: string | undefined;
  try {
    // The settings check answers within seconds: two passes over the URLs, then it says so. Once
    // running, a flow's calls wait a dead RPC out longer (the client's own attempts).
    const genesis = await rpc.call<{ hash?: string } | null>(
      'eth_getBlockByNumber',
      ['0x0', false],
      undefined,
      {
        attempts: options.attempts ?? 2 * choice.rpcUrls.length,
      },
    );
    genesisHash = genesis?.hash;
  } catch (error) {
    if (error instanceof GridkeeperError && error.code === 'CHAIN_MISMATCH') throw error;
    log.warn('rpc did not answer', { network: choice.name, error: String(error) });
    const hosts = choice.rpcUrls.map((url) => new URL(url).host);
    throw new GridkeeperError(
      'RPC_UNAVAILABLE',
      `No RPC of ${choice.name} answered (${hosts.join(', ')}). Check the network settings or the connection.`,
      { hosts },
      { cause: error },
    );
  }
  if (!genesisHash) throw new GridkeeperError('RPC_UNAVAILABLE', `${choice.name} has no genesis block.`);
  const provider = new RpcProvider(
    rpc,
    choice.chainId,
    options.pollingIntervalMs ? { pollingInterval: options.pollingIntervalMs } : {},
  );
  return {
    name: choice.name,
    chainId: choice.chainId,
    genesisHash,
    rpc,
    provider,
    close: async () => provider.destroy(),
  };
}
