export { type MarketConcern, openMarketConcern, TRAINING_CONFIRMATIONS } from './concern';
export { storeDigest } from './digest';
export { createMarketHandlers } from './handlers';
export { type MarketContracts, MarketIndexer, type MarketIndexerOptions } from './market-indexer';
