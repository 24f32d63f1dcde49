export { createMarketHandlers } from './handlers';
