// Runs the indexer in its own process until the store holds `target`, for the kill -9 test.

import { RpcClient } from '../../chain/rpc-client';
import { silentLogger } from '../../ports/logger';
import { openStore } from '../../store';
import type { MarketContracts } from '../market-indexer';
import { MarketIndexer } from '../market-indexer';

interface ChildArgs {
  rpcUrl: string;
  dbFile: string;
  chainId: number;
  contracts: MarketContracts;
  deploymentBlock: number;
  target: number;
  confirmations: number;
}

const args = JSON.parse(process.argv[2] as string) as ChildArgs;
const db = openStore(args.dbFile);
const indexer = new MarketIndexer({
  db,
  rpc: new RpcClient({ urls: [args.rpcUrl], log: silentLogger }),
  chainId: args.chainId,
  contracts: args.contracts,
  deploymentBlock: args.deploymentBlock,
  log: silentLogger,
  confirmations: args.confirmations,
  // Small ranges, each its own commit: many commits, so a kill lands between and inside them.
  initialRange: 2,
  maxRange: 4,
  minCommitLogs: 1,
  concurrency: 2,
});
await indexer.syncTo(args.target);
db.close();
process.stdout.write('done\n');
