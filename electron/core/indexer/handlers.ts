import type { ChannelName } from '../api/contract';
import { GridkeeperError } from '../api/errors';
import type { Handlers } from '../api/router';
import type { SafeTxData } from '../safe/types';
import type { MarketConcern } from './concern';
import {
  marketApplications,
  marketDispute,
  marketDisputes,
  marketOffers,
  marketProsumers,
  marketSeries,
  marketSummary,
  marketTrade,
  marketTrades,
  marketTradesCsv,
  safeState,
} from './market-queries';

/** The market/* channels other concerns serve: the rules read (core/rules). */
type MarketChannel = Exclude<Extract<ChannelName, `market/${string}` | 'indexer/status'>, 'market/rules'>;
type GovernanceMarketChannel =
  | 'market/set-fee'
  | 'market/set-dispute-window'
  | 'market/pause'
  | 'market/unpause'
  | 'market/set-registration-fee'
  | 'market/withdraw-registration-fees'
  | 'market/set-meter-oracle';

/** The market/* read channels (the governance market/* channels are the Safe flow's). */
export function createMarketHandlers(deps: {
  market: () => MarketConcern | null;
  /** Names what an executed Safe transaction decided (the Safe flow's decoder). */
  titleOf?: (tx: SafeTxData) => string | null;
}): Pick<Handlers, Exclude<MarketChannel, GovernanceMarketChannel>> {
  const market = () => {
    const concern = deps.market();
    if (!concern) {
      throw new GridkeeperError(
        'NOT_CONFIGURED',
        'No market is set for this network. Import its deployment record in Settings.',
      );
    }
    return concern;
  };
  const db = () => market().db;
  return {
    'market/summary': async () => marketSummary(db(), market().indexer.status()),
    'indexer/status': async () => market().indexer.status(),
    'market/series': async (input) => marketSeries(db(), input),
    'market/prosumers': async (input) => marketProsumers(db(), input),
    'market/applications': async (input) => marketApplications(db(), input),
    'market/offers': async (input) => marketOffers(db(), input),
    'market/trades': async (input) => marketTrades(db(), input),
    'market/trade': async ({ tradeId }) => marketTrade(db(), tradeId),
    'market/trades-csv': async (input) => marketTradesCsv(db(), input),
    'market/disputes': async (input) => marketDisputes(db(), input),
    'market/dispute': async ({ tradeId }) => marketDispute(db(), tradeId),
    'market/safe-state': async () => {
      const safe = market().indexer.status().safeAddress;
      if (!safe) throw new GridkeeperError('NOT_CONFIGURED', 'No consortium Safe is set for this network.');
      return safeState(db(), safe, deps.titleOf);
    },
  };
}
