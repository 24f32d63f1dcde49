import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../api';
import type { RpcClient } from '../chain';
import type { Logger, NoticeSink } from '../ports';
import { openCheckedStore, storeFileName } from '../store';
import { MarketIndexer } from './market-indexer';
import { PrunedHistory } from './refetch';

export interface MarketConcern {
  readonly db: Database;
  readonly indexer: MarketIndexer;
  /** History behind the retention horizon, re-fetched from the chain for statements. */
  readonly history: PrunedHistory;
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
  /** Event rows older than this many days of chain time are pruned (default 400). */
  retentionDays?: number;
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
  const file = storeFileName(options.chainId, options.genesisHash, deployment.market);
  const db = openCheckedStore(join(options.dataDir, 'stores', file), {
    role: 'index',
    log: options.log,
    notices: options.notices,
  });
  const indexer = new MarketIndexer({
    db,
    rpc: options.rpc,
    chainId: options.chainId,
    contracts: deployment,
    deploymentBlock: deployment.deploymentBlock,
    confirmations: options.confirmations,
    ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
    wsUrl: options.wsUrl,
    events: options.events,
    log: options.log,
  });
  const history = new PrunedHistory({
    store: indexer.store,
    rpc: options.rpc,
    chainId: options.chainId,
    contracts: deployment,
    deploymentBlock: deployment.deploymentBlock,
    scratchDir: join(options.dataDir, 'stores', `${file}.refetch`),
    events: options.events,
    log: options.log,
  });
  indexer.start();
  return {
    db,
    indexer,
    history,
    close: async () => {
      await history.close();
      await indexer.stop();
      db.close();
    },
  };
}
