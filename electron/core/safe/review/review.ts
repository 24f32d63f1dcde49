import { type Block, getAddress, type Interface, ZeroAddress } from 'ethers';
import type {
  ReviewAction,
  ReviewCall,
  ReviewEvent,
  ReviewExecution,
  ReviewField,
  ReviewSimulation,
  ReviewView,
} from '../../api/contract/review';
import {
  marketInterface,
  multiSendCallOnlyInterface,
  registryInterface,
  safeInterface,
  tokenInterface,
} from '../abis';
import type { Call } from '../build/encode';
import { currentState, type FlowContext, OPEN, refreshState, requireProposal } from '../context';
import { execTransactionData } from '../execute/execute';
import { policyVerdict } from '../policy/enforce';
import { type SafeSetup, type SafeState, type SafeTxData, sameAddress as same } from '../types';
import { decodeCall, decodeSafeTx } from '../verify/decode';
import { SignatureSet } from '../verify/signatures';
import { callsOf, type SimulationResult } from '../verify/simulate';
import { AddressBook } from './address-book';
import { findConflicts } from './conflicts';
import { pol, reviewFields } from './values';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function interfaceAt(to: string, setup: SafeSetup): Interface | null {
  if (same(to, setup.market.registry)) return registryInterface;
  if (same(to, setup.market.market)) return marketInterface;
  if (same(to, setup.market.token)) return tokenInterface;
  if (same(to, setup.safe.address)) return safeInterface;
  if (same(to, setup.contracts.multiSendCallOnlyAddress)) return multiSendCallOnlyInterface;
  return null;
}

function parseCall(call: Call, setup: SafeSetup) {
  try {
    return interfaceAt(call.to, setup)?.parseTransaction({ data: call.data, value: call.value }) ?? null;
  } catch {
    return null;
  }
}

/** Every address the transaction, its calls and its simulated events mention (to name prosumers among them). */
function addressesIn(tx: SafeTxData, calls: Call[], simulation: SimulationResult | null, setup: SafeSetup) {
  const found = [tx.to, tx.gasToken, tx.refundReceiver, ...calls.map((c) => c.to)];
  for (const call of calls) {
    for (const arg of parseCall(call, setup)?.args ?? [])
      if (typeof arg === 'string' && ADDRESS.test(arg)) found.push(arg);
  }
  for (const event of simulation?.events ?? []) {
    for (const value of Object.values(event.args)) if (ADDRESS.test(value)) found.push(value);
  }
  return found;
}

/** The ten SafeTx fields in EIP-712 order, each as what it is. */
function txFields(tx: SafeTxData, book: AddressBook): ReviewField[] {
  const gasAsset = tx.gasToken === ZeroAddress ? 'POL' : null;
  return [
    { name: 'to', value: { kind: 'address', address: book.name(tx.to) } },
    { name: 'value', value: { kind: 'amount', amount: pol(tx.value) } },
    { name: 'data', value: { kind: 'hex', hex: tx.data } },
    {
      name: 'operation',
      value: { kind: 'text', text: tx.operation === 0 ? '0 (call)' : '1 (delegatecall)' },
    },
    { name: 'safeTxGas', value: { kind: 'text', text: tx.safeTxGas.toString() } },
    { name: 'baseGas', value: { kind: 'text', text: tx.baseGas.toString() } },
    {
      name: 'gasPrice',
      value: gasAsset
        ? { kind: 'amount', amount: pol(tx.gasPrice) }
        : { kind: 'text', text: `${tx.gasPrice} base units of the gas token per gas` },
    },
    { name: 'gasToken', value: { kind: 'address', address: book.name(tx.gasToken) } },
    { name: 'refundReceiver', value: { kind: 'address', address: book.name(tx.refundReceiver) } },
    { name: 'nonce', value: { kind: 'text', text: tx.nonce.toString() } },
  ];
}

function reviewCalls(
  tx: SafeTxData,
  calls: Call[] | null,
  batch: boolean,
  ctx: FlowContext,
  book: AddressBook,
): ReviewCall[] {
  const list = calls ?? [{ to: tx.to, value: tx.value, data: tx.data, operation: tx.operation }];
  return list.map((call, i) => {
    const parsed = parseCall(call, ctx.setup);
    const decoded = decodeCall({ ...call, operation: calls ? call.operation : 0 }, ctx.setup);
    const delegate = !calls && tx.operation === 1;
    return {
      index: batch ? i + 1 : 0,
      to: book.name(call.to),
      operation: call.operation,
      value: pol(call.value),
      functionName: parsed?.name ?? null,
      selector: call.data.slice(0, 10),
      description: delegate
        ? `delegatecall to ${getAddress(call.to)}: it would run that contract's code as the Safe`
        : decoded.kind === 'unknown'
          ? decoded.reason
          : decoded.description,
      decoded: !delegate && decoded.kind !== 'unknown',
      args: parsed
        ? reviewFields(parsed.fragment.inputs, parsed.args, book, same(call.to, ctx.setup.market.token))
        : [],
      data: call.data,
    };
  });
}

function reviewEvents(
  simulation: SimulationResult | null,
  setup: SafeSetup,
  book: AddressBook,
): ReviewEvent[] {
  return (simulation?.events ?? []).map((event) => {
    const fragment = event.name ? interfaceAt(event.address, setup)?.getEvent(event.name) : null;
    return {
      contract: book.name(event.address),
      name: event.name,
      args: fragment
        ? reviewFields(
            fragment.inputs,
            fragment.inputs.map((input, i) => {
              const raw = event.args[input.name || String(i)];
              return input.baseType === 'bool' ? raw === 'true' : raw;
            }),
            book,
            same(event.address, setup.market.token),
          )
        : Object.entries(event.args).map(([name, hex]) => ({ name, value: { kind: 'hex', hex } })),
    };
  });
}

async function reviewSimulation(
  ctx: FlowContext,
  simulation: SimulationResult | null,
  head: Block | null,
  book: AddressBook,
): Promise<ReviewSimulation> {
  if (!simulation) {
    return {
      status: 'none',
      blockNumber: null,
      headBlock: head?.number ?? null,
      blocksBehind: null,
      ageSeconds: null,
      simulatedAt: null,
      gasUsed: null,
      revertReason: null,
      stale: null,
      note: 'not simulated yet',
      events: [],
    };
  }
  let simulatedAtChain = simulation.blockTimestamp ?? null;
  if (simulatedAtChain === null && simulation.blockNumber !== null && ctx.chain) {
    simulatedAtChain = (await ctx.chain.provider.getBlock(simulation.blockNumber))?.timestamp ?? null;
  }
  return {
    status: simulation.status,
    blockNumber: simulation.blockNumber,
    headBlock: head?.number ?? null,
    blocksBehind: head && simulation.blockNumber !== null ? head.number - simulation.blockNumber : null,
    ageSeconds: head && simulatedAtChain !== null ? head.timestamp - simulatedAtChain : null,
    simulatedAt: simulation.simulatedAt,
    gasUsed: simulation.gasUsed,
    revertReason: simulation.revertReason,
    stale: simulation.stale
      ? `${simulation.stale.reason} (since ${simulation.stale.since})`
      : simulation.status === 'offline'
        ? 'not simulated: offline'
        : null,
    note: simulation.note,
    events: reviewEvents(simulation, ctx.setup, book),
  };
}

/** Who pays for an execution: the account, its balance and the most the execution can cost in POL. */
async function reviewExecution(
  ctx: FlowContext,
  tx: SafeTxData,
  signatures: SignatureSet,
  state: SafeState,
  executor: string,
  book: AddressBook,
): Promise<ReviewExecution | null> {
  if (!ctx.chain) return null;
  const provider = ctx.chain.provider;
  const [balance, feeData] = await Promise.all([provider.getBalance(executor), provider.getFeeData()]);
  const perGas = feeData.maxFeePerGas ?? feeData.gasPrice;
  let gasLimit: bigint | null = null;
  let estimateError: string | null = null;
  try {
    gasLimit = await provider.estimateGas({
      from: executor,
      to: ctx.setup.safe.address,
      data: execTransactionData(tx, signatures.encode(state.owners)),
    });
  } catch (error) {
    estimateError =
      error instanceof Error ? (error.message.split('\n')[0]?.slice(0, 300) ?? null) : String(error);
  }
  const fee = gasLimit !== null && perGas !== null ? gasLimit * perGas : null;
  return {
    executor: book.name(executor),
    balance: pol(balance),
    gasLimit: gasLimit?.toString() ?? null,
    maxFeePerGas: perGas !== null ? pol(perGas) : null,
    fee: fee !== null ? pol(fee) : null,
    estimateError,
    enoughBalance: fee !== null ? balance >= fee : null,
  };
}

/**
 * The review of one queued transaction before an owner signs, approves or executes it: the ten
 * fields, the hashes, every call and every simulated event with named full addresses and amounts in
 * units beside their base values, the simulation's age in chain time, conflicts with the rest of
 * the queue, and (to execute) who pays how much.
 */
export async function buildReview(
  ctx: FlowContext,
  safeTxHash: string,
  action: ReviewAction,
  actor: string | null,
): Promise<ReviewView> {
  const proposal = requireProposal(ctx, safeTxHash);
  const state = ctx.chain ? await refreshState(ctx) : await currentState(ctx);
  const tx = proposal.tx;
  const book = new AddressBook(ctx.setup, state.owners, ctx.chain, ctx.addressNames());
  if (actor) book.also(actor, 'executor', 'the active signer');
  const calls = callsOf(tx, ctx.setup);
  const decoded = decodeSafeTx(tx, ctx.setup);
  await book.learn(addressesIn(tx, calls ?? [], proposal.simulation, ctx.setup));
  const head = ctx.chain ? await ctx.chain.provider.getBlock('latest') : null;
  const signatures = new SignatureSet(ctx.store.signatures(safeTxHash));
  const open = ctx.store.listProposals(ctx.setup.safe.address, OPEN);
  const conflicts =
    findConflicts(
      open.map((p) => ({
        safeTxHash: p.safeTxHash,
        nonce: p.tx.nonce,
        title: p.title,
        intents: decodeSafeTx(p.tx, ctx.setup).intents,
      })),
    ).get(safeTxHash) ?? [];
  return {
    action,
    safeTxHash,
    title: proposal.title,
    chainId: ctx.setup.safe.chainId.toString(),
    safe: book.name(ctx.setup.safe.address),
    safeVersion: ctx.setup.safe.version,
    tx: txFields(tx, book),
    hashes: proposal.hashes,
    batch: decoded.batch,
    calls: reviewCalls(tx, calls, decoded.batch, ctx, book),
    danger: decoded.danger,
    warnings: decoded.warnings,
    policy: await policyVerdict(ctx, tx, proposal.simulation ?? undefined),
    simulation: await reviewSimulation(ctx, proposal.simulation, head, book),
    execution:
      action === 'execute' && actor ? await reviewExecution(ctx, tx, signatures, state, actor, book) : null,
    conflicts,
    confirmations: signatures.fromOwners(state.owners).length,
    threshold: state.threshold,
    actor: actor ? book.name(actor) : null,
    reviewedAt: head ? new Date(head.timestamp * 1000).toISOString() : ctx.now().toISOString(),
  };
}
