import { createRequire } from 'node:module';
import type EthApp from '@ledgerhq/hw-app-eth';
import type Transport from '@ledgerhq/hw-transport';

/**
 * The Ledger packages' ESM builds use extension-less imports that plain Node ESM cannot resolve, so
 * they are loaded through CommonJS. Loading is lazy: the app starts without them being touched.
 */
// Not named `require`: the bundler injects its own top-level `require` into core's ESM bundle.
const requireCjs = createRequire(import.meta.url);

export type LedgerTransport = Transport;
export type Eth = EthApp;
type EthConstructor = new (transport: Transport, scrambleKey?: string, loadConfig?: object) => Eth;

/**
 * hw-app-eth's load config with every remote source switched off: no CAL service, no crypto-assets
 * CDN, no plugin or NFT metadata. With these, signEIP712Message resolves no filters and fetches no
 * ERC-20 signatures, and nothing reaches Ledger's (or anyone's) servers: control rooms are offline.
 */
export const OFFLINE_LOAD_CONFIG = Object.freeze({
  calServiceURL: null,
  cryptoassetsBaseURL: null,
  nftExplorerBaseURL: null,
  pluginBaseURL: null,
  extraPlugins: null,
  staticERC20Signatures: null,
  staticEIP712SignaturesV1: null,
  staticEIP712SignaturesV2: null,
});

let ethConstructor: EthConstructor | undefined;

/** The Ethereum app client over `transport`, configured never to resolve anything online. */
export function openEthApp(transport: Transport): Eth {
  ethConstructor ??= (requireCjs('@ledgerhq/hw-app-eth') as { default: EthConstructor }).default;
  return new ethConstructor(transport, 'w0w', OFFLINE_LOAD_CONFIG);
}

/** The Transport base class (for the device emulator used in tests and the training network). */
export function transportBaseClass(): typeof Transport {
  return (requireCjs('@ledgerhq/hw-transport') as { default: typeof Transport }).default;
}
