import { createRequire } from 'node:module';
import { Transaction } from 'ethers';
import { expect, it } from 'vitest';
import { EthereumAppEmulator } from '../emulator/ethereum-app-emulator';
import { blockNetwork, TEST_MNEMONIC } from './emulated-ledger';

it("the network guard catches hw-app-eth's default online resolution (so the offline tests can fail)", async () => {
  const network = blockNetwork();
  try {
    const { default: Eth } = createRequire(import.meta.url)('@ledgerhq/hw-app-eth');
    const eth = new Eth(new EthereumAppEmulator({ mnemonic: TEST_MNEMONIC }).connect());
    const tx = Transaction.from({
      type: 2,
      chainId: 137,
      nonce: 0,
      to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      data: '0xa9059cbb'.padEnd(138, '0'),
      gasLimit: 1,
      maxFeePerGas: 1,
      maxPriorityFeePerGas: 1,
    });
    // No load config and no resolution: hw-app-eth asks Ledger's CDN for plugins and ERC-20 data.
    await eth.signTransaction("44'/60'/0'/0/0", tx.unsignedSerialized.slice(2)).catch(() => undefined);
  } finally {
    network.restore();
  }
  expect(network.attempts.some((attempt) => attempt.includes('cdn.live.ledger.com'))).toBe(true);
});
