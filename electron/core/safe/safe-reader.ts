import { Contract, getAddress, type JsonRpcProvider, type Log } from 'ethers';
import { registryInterface, safeAbi, safeInterface } from './abis';
import type { Call } from './build/encode';
import { buildSafeTx, connectProtocolKit, type ProtocolKit } from './build/protocol-kit';
import type { SafeSetup, SafeState, SafeTxData } from './types';
import { describeRevertData, revertDataOf } from './verify/revert-reasons';

export const PROSUMER_STATUSES = ['None', 'Pending', 'Admitted', 'Rejected', 'Suspended', 'Removed'] as const;
export type ProsumerStatus = (typeof PROSUMER_STATUSES)[number];

export interface ExecutionRecord {
  chainTxHash: string;
  blockNumber: number;
  success: boolean;
}

/** Everything the Safe flow reads from (and builds against) the chain, in one place. */
export class SafeChain {
  readonly provider: JsonRpcProvider;
  readonly setup: SafeSetup;
  readonly #safe: Contract;
  #kit: Promise<ProtocolKit> | null = null;

  constructor(provider: JsonRpcProvider, setup: SafeSetup) {
    this.provider = provider;
    this.setup = setup;
    this.#safe = new Contract(setup.safe.address, safeAbi, provider);
  }

  async readState(now: Date): Promise<SafeState> {
    const blockNumber = await this.provider.getBlockNumber();
    const [owners, threshold, nonce] = (await Promise.all([
      this.#safe.getFunction('getOwners')({ blockTag: blockNumber }),
      this.#safe.getFunction('getThreshold')({ blockTag: blockNumber }),
      this.#safe.getFunction('nonce')({ blockTag: blockNumber }),
    ])) as [string[], bigint, bigint];
    return {
      owners: owners.map((o) => getAddress(o)),
      threshold: Number(threshold),
      nonce,
      blockNumber,
      updatedAt: now.toISOString(),
    };
  }

  async isApproved(owner: string, safeTxHash: string): Promise<boolean> {
    return ((await this.#safe.getFunction('approvedHashes')(owner, safeTxHash)) as bigint) !== 0n;
  }

  async prosumerStatus(prosumer: string): Promise<ProsumerStatus> {
    const result = await this.provider.call({
      to: this.setup.market.registry,
      data: registryInterface.encodeFunctionData('prosumerOf', [prosumer]),
    });
    const status = Number(registryInterface.decodeFunctionResult('prosumerOf', result)[0]);
    return PROSUMER_STATUSES[status] ?? 'None';
  }

  /** Runs one call as the Safe would make it; the revert reason in words, or null when it succeeds. */
  async callAsSafe(call: Call): Promise<string | null> {
    try {
      await this.provider.call({
        from: this.setup.safe.address,
        to: call.to,
        data: call.data,
        value: call.value,
      });
      return null;
    } catch (error) {
      const data = revertDataOf(error);
      if (data === null) throw error;
      return describeRevertData(data);
    }
  }

  /** The chain transaction that executed `safeTxHash` (ExecutionSuccess or ExecutionFailure), if any. */
  async findExecution(safeTxHash: string): Promise<ExecutionRecord | null> {
    const success = safeInterface.getEvent('ExecutionSuccess')!.topicHash;
    const failure = safeInterface.getEvent('ExecutionFailure')!.topicHash;
    const logs: Log[] = await this.provider.getLogs({
      address: this.setup.safe.address,
      topics: [[success, failure], safeTxHash],
      fromBlock: this.setup.fromBlock ?? 0,
      toBlock: 'latest',
    });
    const log = logs.at(-1);
    return log
      ? { chainTxHash: log.transactionHash, blockNumber: log.blockNumber, success: log.topics[0] === success }
      : null;
  }

  async build(calls: Call[], nonce: bigint): Promise<SafeTxData> {
    this.#kit ??= connectProtocolKit(this.provider, this.setup).catch((error: unknown) => {
      this.#kit = null;
      throw error;
    });
    return buildSafeTx(await this.#kit, calls, nonce);
  }
}
