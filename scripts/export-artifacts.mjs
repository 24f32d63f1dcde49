// Copies what core needs (name, ABI, creation bytecode) of the market contracts from Hardhat's build
// into electron/core/chain/market-artifacts, which is committed: the app (and its training network)
// deploys and decodes from these files without a compiler. `npm run compile` runs this after
// `hardhat compile`; electron/core/chain/artifacts.test.ts fails when they drift from the build.
import { readFileSync, writeFileSync } from 'node:fs';

export const MARKET_CONTRACTS = ['ProsumerRegistry', 'EnergyToken', 'EnergyMarket'];
/** Test payment tokens (contracts/test/PaymentTokenMocks.sol, ERC20Mock.sol) whose runtime code core's tests read. */
export const PAYMENT_TOKEN_MOCKS = {
  ERC20Mock: 'ERC20Mock',
  FeeOnTransferToken: 'PaymentTokenMocks',
  RebasingToken: 'PaymentTokenMocks',
  HookToken: 'PaymentTokenMocks',
};
export const PAYMENT_TOKEN_MOCKS_FILE = 'electron/core/chain/testing/payment-token-mocks.json';

export function exportedPaymentTokenMocks() {
  const code = Object.fromEntries(
    Object.entries(PAYMENT_TOKEN_MOCKS).map(([name, file]) => [
      name,
      JSON.parse(readFileSync(`artifacts/contracts/test/${file}.sol/${name}.json`, 'utf8')).deployedBytecode,
    ]),
  );
  return `${JSON.stringify(code, null, 2)}\n`;
}

export function exportedArtifact(name) {
  const built = JSON.parse(readFileSync(`artifacts/contracts/${name}.sol/${name}.json`, 'utf8'));
  return `${JSON.stringify({ contractName: built.contractName, abi: built.abi, bytecode: built.bytecode }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of MARKET_CONTRACTS) {
    writeFileSync(`electron/core/chain/market-artifacts/${name}.json`, exportedArtifact(name));
  }
  writeFileSync(PAYMENT_TOKEN_MOCKS_FILE, exportedPaymentTokenMocks());
  console.log(`exported ${MARKET_CONTRACTS.join(', ')} to electron/core/chain/market-artifacts`);
}
