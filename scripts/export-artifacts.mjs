// Copies what core needs (name, ABI, creation bytecode) of the market contracts and of the consortium's
// Safe guard from Hardhat's build into electron/core/chain/market-artifacts, which is committed: the app
// (and its training network) deploys and decodes from these files without a compiler. `npm run compile`
// runs this after `hardhat compile`; electron/core/chain/artifacts.test.ts fails when they drift.
import { readFileSync, writeFileSync } from 'node:fs';

export const MARKET_CONTRACTS = ['ProsumerRegistry', 'EnergyToken', 'EnergyMarket', 'ConsortiumGuard'];

export function exportedArtifact(name) {
  const built = JSON.parse(readFileSync(`artifacts/contracts/${name}.sol/${name}.json`, 'utf8'));
  return `${JSON.stringify({ contractName: built.contractName, abi: built.abi, bytecode: built.bytecode }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of MARKET_CONTRACTS) {
    writeFileSync(`electron/core/chain/market-artifacts/${name}.json`, exportedArtifact(name));
  }
  console.log(`exported ${MARKET_CONTRACTS.join(', ')} to electron/core/chain/market-artifacts`);
}
