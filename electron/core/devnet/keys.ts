import { HDNodeWallet } from 'ethers';

/**
 * The training network's accounts, all derived from one published mnemonic: anyone can rebuild
 * every key from it, which is the point. They are demo keys and must never hold value anywhere else.
 */
export const DEMO_MNEMONIC = 'protect hawk team cheap duty blade legal license quality farm uphold ancient';
const DEMO_PATH = "m/44'/60'/0'/0";

export interface DemoAccount {
  label: string;
  address: string;
  privateKey: string;
}

/** 20 founding prosumers, 5 applicants waiting at the start, the rest apply while the simulator runs. */
export const PROSUMER_ACCOUNTS = 40;

export interface DemoAccounts {
  deployer: DemoAccount;
  owners: [DemoAccount, DemoAccount, DemoAccount];
  oracle: DemoAccount;
  prosumers: DemoAccount[];
}

let cached: DemoAccounts | null = null;

/** deployer = index 0, owners = 1..3, meter oracle = 4, prosumers from 5 on. */
export function demoAccounts(): DemoAccounts {
  if (cached) return cached;
  const root = HDNodeWallet.fromPhrase(DEMO_MNEMONIC, undefined, DEMO_PATH);
  const at = (index: number, label: string): DemoAccount => {
    const wallet = root.deriveChild(index);
    return { label, address: wallet.address, privateKey: wallet.privateKey };
  };
  cached = {
    deployer: at(0, 'Deployer (demo key)'),
    owners: [
      at(1, 'Demo owner 1 (demo key)'),
      at(2, 'Demo owner 2 (demo key)'),
      at(3, 'Demo owner 3 (demo key)'),
    ],
    oracle: at(4, 'Meter oracle (demo key)'),
    prosumers: Array.from({ length: PROSUMER_ACCOUNTS }, (_, i) =>
      at(5 + i, `Prosumer ${String(i + 1).padStart(2, '0')} (demo key)`),
    ),
  };
  return cached;
}
