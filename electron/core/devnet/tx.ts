import { toQuantity, Wallet } from 'ethers';
import type { LocalChain } from './local-chain';

/** Polygon-like fees: a 30 gwei tip, and head room above the base fee. Demo accounts hold plenty. */
const MAX_PRIORITY_FEE = 30_000_000_000n;
const MAX_FEE = 200_000_000_000n;

export interface Call {
  to: string | null;
  data: string;
  value?: bigint;
  gasLimit: bigint;
}

/**
 * A demo account of the training chain. Its key is one of the chain's genesis accounts, so the
 * engine signs for it (natively, and with its own nonce count): many transactions go into one block
 * without a round trip each. Gas limits are given per call, nothing is estimated.
 */
export class DemoSender {
  readonly address: string;

  constructor(
    privateKey: string,
    private readonly chain: Pick<LocalChain, 'request'>,
  ) {
    this.address = new Wallet(privateKey).address;
  }

  /** Sends; returns the hash (mined or not, depending on the chain's mining mode). */
  async send(call: Call): Promise<string> {
    return (await this.chain.request('eth_sendTransaction', [
      {
        from: this.address,
        to: call.to ?? undefined,
        data: call.data,
        value: toQuantity(call.value ?? 0n),
        gas: toQuantity(call.gasLimit),
        maxFeePerGas: toQuantity(MAX_FEE),
        maxPriorityFeePerGas: toQuantity(MAX_PRIORITY_FEE),
      },
    ])) as string;
  }
}

export interface RawReceipt {
  status: string;
  blockNumber: string;
  contractAddress: string | null;
  logs: { address: string; topics: string[]; data: string }[];
  gasUsed: string;
}

export async function receiptOf(
  chain: Pick<LocalChain, 'request'>,
  hash: string,
): Promise<RawReceipt | null> {
  return (await chain.request('eth_getTransactionReceipt', [hash])) as RawReceipt | null;
}

/** Receipts of transactions that must all have succeeded (seeding never tolerates a revert). */
export async function expectSuccess(
  chain: Pick<LocalChain, 'request'>,
  hashes: string[],
  what: string,
): Promise<RawReceipt[]> {
  const receipts = await Promise.all(hashes.map((h) => receiptOf(chain, h)));
  receipts.forEach((r, i) => {
    if (!r) throw new Error(`${what}: transaction ${hashes[i]} was not mined`);
    if (r.status !== '0x1') throw new Error(`${what}: transaction ${hashes[i]} reverted`);
  });
  return receipts as RawReceipt[];
}

/**
 * Sends a group of transactions into one block (at `timestamp`, if given), then checks that every
 * one succeeded. The chain mines on demand again afterwards.
 */
export async function oneBlock(
  chain: Pick<LocalChain, 'request'>,
  what: string,
  send: () => Promise<string[]>,
  timestamp?: number,
): Promise<RawReceipt[]> {
  await chain.request('evm_setAutomine', [false]);
  let hashes: string[] = [];
  try {
    hashes = await send();
    if (hashes.length === 0) return [];
    if (timestamp !== undefined) await chain.request('evm_setNextBlockTimestamp', [timestamp]);
    await chain.request('evm_mine');
    // A group larger than a block spills over: mine until the last one is in.
    for (let extra = 0; extra < 10 && (await receiptOf(chain, hashes.at(-1) as string)) === null; extra++) {
      await chain.request('evm_mine');
    }
  } finally {
    await chain.request('evm_setAutomine', [true]);
  }
  return expectSuccess(chain, hashes, what);
}

/** Gas limits of the market calls the seeding and the simulator send (fixed: no estimate round trip). */
export const GAS = {
  apply: 250_000n,
  approve: 100_000n,
  mint: 150_000n,
  list: 250_000n,
  buy: 300_000n,
  confirm: 200_000n,
  dispute: 250_000n,
  /** applyDefaultOutcome / withdrawDispute: a split and two energy transfers. */
  endDispute: 250_000n,
  close: 150_000n,
  /** Per trade of a settleBatch, on top of 60,000. */
  settleEach: 80_000n,
};
