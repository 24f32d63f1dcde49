import { createRequire } from 'node:module';
import net from 'node:net';
import { Interface, id, ZeroAddress } from 'ethers';
import type { LedgerDeviceEvent } from '../../../api/contract/signer';
import { silentLogger } from '../../../ports/logger';
import type { SafeTxTypedData } from '../../types';
import { createEmulatorTransportPort, type EthereumAppEmulator } from '../emulator/ethereum-app-emulator';
import { LedgerManager } from '../ledger-manager';

/** Hardhat's well-known test mnemonic: its first addresses are public knowledge, so tests can check them. */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
export const UDEV_RULES_FILE = '/opt/Gridkeeper/resources/udev/20-ledger.rules';

/** A SafeTx admitting a prosumer, as protocol-kit hands it to a signer. */
export function admissionTypedData(chainId: number, nonce = 7): SafeTxTypedData {
  const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  const applicant = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
  return {
    domain: { chainId, verifyingContract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' },
    types: {
      EIP712Domain: [
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      SafeTx: [
        { name: 'to', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'data', type: 'bytes' },
        { name: 'operation', type: 'uint8' },
        { name: 'safeTxGas', type: 'uint256' },
        { name: 'baseGas', type: 'uint256' },
        { name: 'gasPrice', type: 'uint256' },
        { name: 'gasToken', type: 'address' },
        { name: 'refundReceiver', type: 'address' },
        { name: 'nonce', type: 'uint256' },
      ],
    },
    primaryType: 'SafeTx',
    message: {
      to: registry,
      value: '0',
      data: new Interface(['function admit(address prosumer, bytes32 applicationHash)']).encodeFunctionData(
        'admit',
        [applicant, id(`application:${applicant}`)],
      ),
      operation: 0,
      safeTxGas: '0',
      baseGas: '0',
      gasPrice: '0',
      gasToken: ZeroAddress,
      refundReceiver: ZeroAddress,
      nonce,
    },
  };
}

/** A manager over emulated devices, recording every device event. */
export function emulatedLedger(devices: Record<string, EthereumAppEmulator>) {
  const events: LedgerDeviceEvent[] = [];
  const manager = new LedgerManager({
    port: createEmulatorTransportPort(devices),
    udevRulesFile: UDEV_RULES_FILE,
    log: silentLogger,
    onDevice: (event) => events.push(event),
  });
  return { manager, events };
}

/**
 * Blocks and records every attempt to reach the network: global fetch, the axios instances
 * hw-app-eth and its helpers use, and raw TCP sockets. Returns the list of attempts and a restore.
 */
export function blockNetwork(): { attempts: string[]; restore: () => void } {
  const attempts: string[] = [];
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (async (input: unknown) => {
    attempts.push(`fetch ${String(input)}`);
    throw new Error('network blocked in tests');
  }) as typeof fetch;
  const require = createRequire(import.meta.url);
  const axiosInstances = new Set<{ defaults: { adapter: unknown } }>();
  for (const from of ['@ledgerhq/hw-app-eth', '@ledgerhq/evm-tools', '@ledgerhq/domain-service']) {
    try {
      axiosInstances.add(createRequire(require.resolve(from))('axios'));
    } catch {
      // that package is not installed: nothing to block
    }
  }
  const originalAdapters = new Map([...axiosInstances].map((axios) => [axios, axios.defaults.adapter]));
  for (const axios of axiosInstances) {
    axios.defaults.adapter = (config: { url?: string }) => {
      attempts.push(`axios ${config.url}`);
      return Promise.reject(new Error('network blocked in tests'));
    };
  }
  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function blockedConnect(...args: unknown[]) {
    attempts.push(`socket ${JSON.stringify(args[0])}`);
    throw new Error('network blocked in tests');
  } as typeof originalConnect;
  return {
    attempts,
    restore() {
      globalThis.fetch = originalFetch;
      for (const [axios, adapter] of originalAdapters) axios.defaults.adapter = adapter;
      net.Socket.prototype.connect = originalConnect;
    },
  };
}
