import type { Database } from 'better-sqlite3';
import type { JsonRpcProvider } from 'ethers';
import { GridkeeperError, type Handlers } from '../api';
import { type RulesDeployment, readMarketRules } from './read';

/** `market/rules`: the rules read from the chain now, with their history from the market store. */
export function createRulesHandlers(deps: {
  /** The market store (null without a deployment or offline). */
  db: () => Database | null;
  provider: () => JsonRpcProvider | null;
  deployment: () => RulesDeployment | null;
}): Pick<Handlers, 'market/rules'> {
  return {
    'market/rules': async () => {
      const deployment = deps.deployment();
      const db = deps.db();
      if (!deployment || !db)
        throw new GridkeeperError(
          'NOT_CONFIGURED',
          'No market is set for this network. Import its deployment record in Settings.',
        );
      const provider = deps.provider();
      if (!provider)
        throw new GridkeeperError(
          'RPC_UNAVAILABLE',
          'The market rules are read from the chain: this machine is offline.',
        );
      return readMarketRules(db, provider, deployment);
    },
  };
}
