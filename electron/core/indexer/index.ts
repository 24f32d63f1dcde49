export { type MarketConcern, openMarketConcern, TRAINING_CONFIRMATIONS } from './concern';
export { ROLLUP_BUCKETS } from './derive';
export { storeDigest } from './digest';
export { type MarketContracts, MarketIndexer, type MarketIndexerOptions } from './market-indexer';
export { PrunedHistory, type RefetchedSpan } from './refetch';
