export { type MarketConcern, openMarketConcern, TRAINING_CONFIRMATIONS } from './concern';
export { ROLLUP_BUCKETS } from './derive';
export { storeDigest } from './digest';
export {
  type MarketContracts,
  MarketIndexer,
  type MarketIndexerOptions,
  STORED_MESSAGE,
} from './market-indexer';
