import { AbiCoder, dataSlice, getAddress, type Interface, type JsonRpcProvider, toQuantity } from 'ethers';
import type { SimulatedEvent, SimulationResult } from '../../api/contract/safe';
import {
  marketInterface,
  registryInterface,
  safeInterface,
  simulateTxAccessorInterface,
  tokenInterface,
} from '../abis';
import type { Call } from '../build/encode';
import type { SafeSetup, SafeTxData } from '../types';
import { TARGET_LABELS, type TargetName, unpackMultiSend } from './decode';
import { describeRevertData, revertDataOf } from './revert-reasons';

export type { SimulatedEvent, SimulationResult };

export function offlineSimulation(now: Date): SimulationResult {
  return {
    status: 'offline',
    simulatedAt: now.toISOString(),
    blockNumber: null,
    gasUsed: null,
    revertReason: null,
    events: [],
    note: 'not simulated: offline',
  };
}

interface TraceFrame {
  logs?: { address: string; topics: string[]; data: string; position?: string }[];
  calls?: TraceFrame[];
}

const coder = AbiCoder.defaultAbiCoder();

/** Logs of a call tree in execution order (each frame's logs placed before the sub-call they precede). */
function flattenLogs(frame: TraceFrame): { address: string; topics: string[]; data: string }[] {
  const out: { address: string; topics: string[]; data: string }[] = [];
  const calls = frame.calls ?? [];
  const logs = [...(frame.logs ?? [])];
  let callIndex = 0;
  for (const log of logs) {
    const position = log.position === undefined ? calls.length : Number(log.position);
    while (callIndex < position && callIndex < calls.length)
      out.push(...flattenLogs(calls[callIndex++] as TraceFrame));
    out.push(log);
  }
  while (callIndex < calls.length) out.push(...flattenLogs(calls[callIndex++] as TraceFrame));
  return out;
}

function decodeEvent(
  log: { address: string; topics: string[]; data: string },
  setup: SafeSetup,
): SimulatedEvent {
  const address = getAddress(log.address);
  const byAddress: [string, TargetName, Interface][] = [
    [setup.market.registry, 'registry', registryInterface],
    [setup.market.market, 'market', marketInterface],
    [setup.market.token, 'token', tokenInterface],
    [setup.safe.address, 'safe', safeInterface],
  ];
  const match = byAddress.find(([a]) => a.toLowerCase() === address.toLowerCase());
  const parsed = match ? match[2].parseLog(log) : null;
  if (!match || !parsed) {
    return {
      address,
      contract: match ? TARGET_LABELS[match[1]] : null,
      name: null,
      args: { topics: log.topics.join(','), data: log.data },
    };
  }
  const args: Record<string, string> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name || String(i)] = String(parsed.args[i]);
  });
  return { address, contract: TARGET_LABELS[match[1]], name: parsed.name, args };
}

/** The calls the Safe makes for this transaction: the batch's calls, or the transaction itself. */
export function callsOf(tx: SafeTxData, setup: SafeSetup): Call[] | null {
  if (tx.operation === 0) return [{ to: tx.to, value: tx.value, data: tx.data, operation: 0 }];
  return tx.to.toLowerCase() === setup.contracts.multiSendCallOnlyAddress.toLowerCase()
    ? unpackMultiSend(tx.data)
    : null;
}

/**
 * The events each call would emit, from `debug_traceCall` (callTracer with logs) of the call made
 * as the Safe. Nodes drop the logs of reverted frames, and the accessor's simulation always
 * reverts, so the calls are traced one by one against the current state.
 */
async function traceEvents(
  provider: JsonRpcProvider,
  setup: SafeSetup,
  tx: SafeTxData,
  blockNumber: number,
): Promise<{ events: SimulatedEvent[]; note: string | null }> {
  const calls = callsOf(tx, setup);
  if (!calls)
    return {
      events: [],
      note: 'events not listed: the transaction is not a plain call or MultiSendCallOnly batch',
    };
  const events: SimulatedEvent[] = [];
  const untraced: number[] = [];
  for (const [i, call] of calls.entries()) {
    let trace: TraceFrame & { error?: string };
    try {
      trace = (await provider.send('debug_traceCall', [
        { from: setup.safe.address, to: call.to, data: call.data, value: toQuantity(call.value) },
        toQuantity(blockNumber),
        { tracer: 'callTracer', tracerConfig: { withLog: true } },
      ])) as TraceFrame & { error?: string };
    } catch {
      return { events: [], note: 'events not listed: this node does not offer debug_traceCall' };
    }
    if (trace.error) untraced.push(i + 1);
    else events.push(...flattenLogs(trace).map((log) => decodeEvent(log, setup)));
  }
  return {
    events,
    note: untraced.length
      ? `events of call(s) ${untraced.join(', ')} not listed: they depend on earlier calls of the batch`
      : null,
  };
}

/**
 * Runs the Safe transaction against the current chain state without signatures: the Safe's
 * `simulateAndRevert` delegatecalls SimulateTxAccessor, which executes the calls as the Safe would
 * and reverts with (success, gas used, return data): exact, in order, on any node. The events come
 * from tracing the calls (see traceEvents), where the node offers tracing.
 */
export async function simulateSafeTx(
  provider: JsonRpcProvider,
  setup: SafeSetup,
  tx: SafeTxData,
  now: Date,
): Promise<SimulationResult> {
  const payload = simulateTxAccessorInterface.encodeFunctionData('simulate', [
    tx.to,
    tx.value,
    tx.data,
    tx.operation,
  ]);
  const request = {
    to: setup.safe.address,
    data: safeInterface.encodeFunctionData('simulateAndRevert', [
      setup.contracts.simulateTxAccessorAddress,
      payload,
    ]),
  };
  const head = await provider.getBlock('latest');
  if (!head) throw new Error('the node returned no latest block');
  const blockNumber = head.number;
  const blockTimestamp = head.timestamp;
  let revert: string | null = null;
  try {
    await provider.call({ ...request, blockTag: blockNumber });
  } catch (error) {
    revert = revertDataOf(error);
    if (revert === null) throw error;
  }
  // simulateAndRevert reverts with: delegatecall success (32 bytes) ‖ return size (32) ‖ return data.
  if (revert === null || revert.length < 2 + 128 || BigInt(dataSlice(revert, 0, 32)) !== 1n) {
    return {
      status: 'reverted',
      simulatedAt: now.toISOString(),
      blockNumber,
      blockTimestamp,
      gasUsed: null,
      revertReason: `the simulation itself failed: ${describeRevertData(revert)}`,
      events: [],
      note: null,
    };
  }
  const [estimate, success, returnData] = coder.decode(
    ['uint256', 'bool', 'bytes'],
    dataSlice(revert, 64),
  ) as unknown as [bigint, boolean, string];
  const { events, note } = success
    ? await traceEvents(provider, setup, tx, blockNumber)
    : { events: [], note: null };
  return {
    status: success ? 'success' : 'reverted',
    simulatedAt: now.toISOString(),
    blockNumber,
    blockTimestamp,
    gasUsed: estimate.toString(),
    revertReason: success ? null : describeRevertData(returnData),
    events,
    note,
  };
}
