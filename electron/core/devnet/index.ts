export { type Devnet, type DevnetOptions, startDevnet, TRAINING_CHAIN_ID, TRAINING_TERMS } from './devnet';
export { DEMO_MNEMONIC, type DemoAccount, demoAccounts } from './keys';
export { type DevnetRecord, readDevnetRecord } from './record';
