import type { Handlers } from '../api';
import { GridkeeperError } from '../api/contract/errors';
import type { marketChannels } from '../api/contract/market';
import type { prosumerDailyChannels } from '../api/contract/prosumer-daily';
import type { MarketConcern } from '../indexer';
import type { SafeTxData } from '../safe';
import { marketTradesCsv } from './csv';
import { prosumerDaily } from './prosumer-daily';
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
  safeState,
} from './queries';
import { marketStatement } from './statement';
import { marketStatementCsv } from './statement-csv';
import { statementOf } from './statement-history';

/** The channels of the market read model: api/contract/market.ts (its decisions are the Safe flow's). */
type MarketChannel = keyof typeof marketChannels | keyof typeof prosumerDailyChannels;

/** The market/* read channels and indexer/status, over the market store only. */
export function createMarketHandlers(deps: {
  market: () => MarketConcern | null;
  /** Names what an executed Safe transaction decided (the Safe flow's decoder). */
  titleOf?: (tx: SafeTxData) => string | null;
}): Pick<Handlers, MarketChannel> {
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
    'market/prosumer-daily': async (input) => prosumerDaily(db(), input),
    'market/trades': async (input) => marketTrades(db(), input),
    'market/trade': async ({ tradeId }) => marketTrade(db(), tradeId),
    'market/trades-csv': async (input) => marketTradesCsv(db(), input),
    'market/disputes': async (input) => marketDisputes(db(), input),
    'market/dispute': async ({ tradeId }) => marketDispute(db(), tradeId),
    'market/statement': async (input) => marketStatement(await statementOf(market(), input), input.limit),
    'market/statement-csv': async (input) => marketStatementCsv(await statementOf(market(), input)),
    'market/refetch-cancel': async ({ operationId }) => ({ cancelled: market().history.cancel(operationId) }),
    'market/safe-state': async () => {
      const safe = market().indexer.status().safeAddress;
      if (!safe) throw new GridkeeperError('NOT_CONFIGURED', 'No consortium Safe is set for this network.');
      return safeState(db(), safe, deps.titleOf);
    },
  };
}
