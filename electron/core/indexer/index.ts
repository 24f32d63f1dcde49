export { type MarketConcern, openMarketConcern, TRAINING_CONFIRMATIONS } from './concern';
export { type CountedTable, ROLLUP_BUCKETS, statusCountKey } from './derive';
export { storeDigest } from './digest';
export { TRADES_PRUNED_BELOW } from './index-store';
export {
  type MarketContracts,
  MarketIndexer,
  type MarketIndexerOptions,
  STORED_MESSAGE,
} from './market-indexer';
export { PrunedHistory, type RefetchedSpan } from './refetch';
export { eventTextRow, storedValue, textRow } from './stored-values';
