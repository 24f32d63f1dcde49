import { JsonRpcProvider, Network } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';
import type { NetworkChoice } from '../api/contract/settings';
import type { Logger } from '../ports';

/** The chain core works on: one provider, and what identifies the chain (for the store's file name). */
export interface NetworkConnection {
  /** 'training' or the configured network's name. */
  name: string;
  chainId: number;
  genesisHash: string;
  rpcUrl: string;
  provider: JsonRpcProvider;
  close(): Promise<void>;
}

/** Connects to the first RPC URL that answers with the configured chain id. */
export async function connectRpc(
  choice: Extract<NetworkChoice, { kind: 'rpc' }>,
  log: Logger,
): Promise<NetworkConnection> {
  const failures: string[] = [];
  for (const rpcUrl of choice.rpcUrls) {
    // Several concerns share one provider: no request cache (ethers' 250 ms cache races nonces).
    const provider = new JsonRpcProvider(rpcUrl, Network.from(choice.chainId), {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    try {
      const chainId = Number(await provider.send('eth_chainId', []));
      if (chainId !== choice.chainId) {
        throw new GridkeeperError(
          'CHAIN_MISMATCH',
          `${new URL(rpcUrl).host} serves chain ${chainId}, but ${choice.name} is chain ${choice.chainId}.`,
          { rpcChainId: chainId, expectedChainId: choice.chainId },
        );
      }
      const genesis = await provider.getBlock(0);
      if (!genesis?.hash) throw new Error('no genesis block');
      return {
        name: choice.name,
        chainId,
        genesisHash: genesis.hash,
        rpcUrl,
        provider,
        close: async () => provider.destroy(),
      };
    } catch (error) {
      provider.destroy();
      if (error instanceof GridkeeperError) throw error;
      log.warn('rpc did not answer', { host: new URL(rpcUrl).host, error: String(error) });
      failures.push(new URL(rpcUrl).host);
    }
  }
  throw new GridkeeperError(
    'RPC_UNAVAILABLE',
    `No RPC of ${choice.name} answered (${failures.join(', ')}). Check the network settings or the connection.`,
    { hosts: failures },
  );
}
