import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../api';
import type { RpcClient } from '../chain';
import type { Logger, NoticeSink } from '../ports';
import { openCheckedStore, storeFileName } from '../store';
import { MarketIndexer } from './market-indexer';

export interface MarketConcern {
  readonly db: Database;
  readonly indexer: MarketIndexer;
  /** Stops the indexer after its current transaction, then closes the market store. */
  close(): Promise<void>;
}

export interface MarketConcernOptions {
  dataDir: string;
  chainId: number;
  genesisHash: string;
  /** The session's RPC layer (fallback across the network's URLs). */
  rpc: RpcClient;
  wsUrl?: string;
  deployment: { registry: string; token: string; market: string; safe: string; deploymentBlock: number };
  /** Omit to use the chain's `finalized` tag. */
  confirmations?: number;
  events: EventBus;
  /** Where a damaged market store's rebuild is announced. */
  notices: NoticeSink;
  log: Logger;
}

/** The training chain has no finality of its own: a few blocks stand in for it. */
export const TRAINING_CONFIRMATIONS = 3;

/**
 * Opens the market store (one SQLite file per chain id, genesis hash and market address) and starts
 * indexing it in the background.
 */
export function openMarketConcern(options: MarketConcernOptions): MarketConcern {
  const { deployment } = options;
  const db = openCheckedStore(
    join(options.dataDir, 'stores', storeFileName(options.chainId, options.genesisHash, deployment.market)),
    { role: 'index', log: options.log, notices: options.notices },
  );
  const indexer = new MarketIndexer({
    db,
    rpc: options.rpc,
    chainId: options.chainId,
    contracts: deployment,
    deploymentBlock: deployment.deploymentBlock,
    confirmations: options.confirmations,
    wsUrl: options.wsUrl,
    events: options.events,
    log: options.log,
  });
  indexer.start();
  return {
    db,
    indexer,
    close: async () => {
      await indexer.stop();
      db.close();
    },
  };
}
