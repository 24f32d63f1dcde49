export { createRulesHandlers } from './handlers';
export { readMarketRules, ruleHistory, signersOf } from './read';
