import { createRequire } from 'node:module';
import hardhatToolboxMochaEthers from '@nomicfoundation/hardhat-toolbox-mocha-ethers';
import { defineConfig } from 'hardhat/config';

// The compiler comes from the npm `solc` package (solc-js), never from the internet.
// scripts/check-solc.mjs (postinstall) fails the install if its version drifts from this one.
export const SOLC_VERSION = '0.8.30';
const soljson = createRequire(import.meta.url).resolve('solc/soljson.js');
// `npm run test:deep` runs the invariant campaigns at 100 runs x 300 calls (minutes; not in CI).
const deepInvariants = process.env.GRIDKEEPER_DEEP_INVARIANTS === '1';

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: SOLC_VERSION,
    path: soljson,
    settings: {
      // Polygon PoS and Amoy run Cancun-compatible EVMs; stay there so deployments behave the same.
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 500 },
    },
  },
  paths: {
    sources: 'contracts',
    tests: { mocha: 'contracts', solidity: 'contracts' },
  },
  test: {
    solidity: { invariant: deepInvariants ? { runs: 100, depth: 300 } : { runs: 20, depth: 100 } },
  },
  networks: {
    amoy: {
      type: 'http',
      chainId: 80002,
      url: process.env.AMOY_RPC_URL ?? 'https://rpc-amoy.polygon.technology',
    },
    polygon: {
      type: 'http',
      chainId: 137,
      url: process.env.POLYGON_RPC_URL ?? 'https://polygon-rpc.com',
    },
  },
});
