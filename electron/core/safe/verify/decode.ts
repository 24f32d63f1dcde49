import { decodeMultiSendData, encodeMultiSendData } from '@safe-global/protocol-kit';
import { getAddress, type Interface, type Result, ZeroAddress } from 'ethers';
import {
  guardInterface,
  marketInterface,
  multiSendCallOnlyInterface,
  registryInterface,
  safeInterface,
  tokenInterface,
} from '../abis';
import type { Call } from '../build/encode';
import {
  describeIntent,
  type Intent,
  intentSchema,
  short,
  titleForIntents,
  toIntentJson,
} from '../build/intents';
import { type SafeSetup, type SafeTxData, sameAddress } from '../types';

export type TargetName = 'registry' | 'market' | 'token' | 'safe' | 'guard';

export const TARGET_LABELS: Record<TargetName, string> = {
  registry: 'Prosumer registry',
  market: 'Energy market',
  token: 'Energy token',
  safe: 'Safe',
  guard: 'ConsortiumGuard',
};

export type DecodedCall =
  | { kind: 'intent'; to: string; target: TargetName; intent: Intent; description: string }
  /** A call of the Safe to itself with nothing in it: spends the nonce, cancelling its competitors. */
  | { kind: 'rejection'; to: string; description: string }
  /**
   * The Safe installing the ConsortiumGuard the deployment record names (its first transaction after
   * a deployment with a guard): known and described, though not a decision of the market.
   */
  | { kind: 'guard'; to: string; guard: string; description: string }
  | {
      kind: 'unknown';
      to: string;
      target: TargetName | null;
      value: bigint;
      data: string;
      operation: 0 | 1;
      /** Why Gridkeeper cannot show this call as a decision. */
      reason: string;
    };

export interface DecodedSafeTx {
  calls: DecodedCall[];
  /** A MultiSendCallOnly batch (several calls in one Safe transaction). */
  batch: boolean;
  /** The decisions this transaction takes, in order (unknown calls left out: see `calls`). */
  intents: Intent[];
  title: string;
  /** Set when the transaction must not be signed without an explicit override. */
  danger: string | null;
  warnings: string[];
}

/** Safe functions that change who controls the Safe without being an owner change. */
const SAFE_CONFIG_FUNCTIONS = new Set([
  'enableModule',
  'disableModule',
  'setGuard',
  'setFallbackHandler',
  'setModuleGuard',
]);

/** A small ABI integer as a JS number; NaN (which no schema accepts) when it does not fit. */
const small = (v: unknown) => (typeof v === 'bigint' && v <= 2n ** 31n ? Number(v) : Number.NaN);
const decimal = (v: unknown) => String(v);

/**
 * Intent builders by target and function name, producing the intent's JSON form (then parsed like
 * any input); arguments by position, not by parameter name.
 */
const DECODERS: Record<TargetName, { iface: Interface; functions: Record<string, (a: Result) => unknown> }> =
  {
    registry: {
      iface: registryInterface,
      functions: {
        admit: (a) => ({ kind: 'admit', prosumer: a[0], applicationHash: a[1] }),
        reject: (a) => ({ kind: 'reject', prosumer: a[0], applicationHash: a[1], reason: a[2] }),
        remove: (a) => ({ kind: 'remove', prosumer: a[0], reason: a[1] }),
        acceptOwnership: () => ({ kind: 'acceptOwnership', contract: 'registry' }),
        suspend: (a) => ({ kind: 'suspend', prosumer: a[0], reason: a[1] }),
        reinstate: (a) => ({ kind: 'reinstate', prosumer: a[0] }),
        setRegistrationFee: (a) => ({ kind: 'setRegistrationFee', feeWei: decimal(a[0]) }),
        withdrawRegistrationFees: () => ({ kind: 'withdrawRegistrationFees' }),
      },
    },
    market: {
      iface: marketInterface,
      functions: {
        resolveDispute: (a) => ({
          kind: 'resolveDispute',
          tradeId: decimal(a[0]),
          sellerShareBps: small(a[1]),
        }),
        setMarketFee: (a) => ({ kind: 'setMarketFee', feeBps: small(a[0]) }),
        setDisputeWindow: (a) => ({ kind: 'setDisputeWindow', disputeWindowSeconds: decimal(a[0]) }),
        setDisputeBond: (a) => ({ kind: 'setDisputeBond', bond: decimal(a[0]) }),
        setArbitrationPeriod: (a) => ({
          kind: 'setArbitrationPeriod',
          arbitrationPeriodSeconds: decimal(a[0]),
        }),
        acceptOwnership: () => ({ kind: 'acceptOwnership', contract: 'market' }),
        pause: () => ({ kind: 'pause' }),
        unpause: () => ({ kind: 'unpause' }),
      },
    },
    token: {
      iface: tokenInterface,
      functions: {
        setMeterOracle: (a) => ({ kind: 'setMeterOracle', oracle: a[0], authorised: a[1] }),
        acceptOwnership: () => ({ kind: 'acceptOwnership', contract: 'token' }),
      },
    },
    safe: {
      iface: safeInterface,
      functions: {
        addOwnerWithThreshold: (a) => ({ kind: 'addOwner', owner: a[0], threshold: small(a[1]) }),
        removeOwner: (a) => ({ kind: 'removeOwner', owner: a[1], threshold: small(a[2]) }),
        swapOwner: (a) => ({ kind: 'swapOwner', oldOwner: a[1], newOwner: a[2] }),
        changeThreshold: (a) => ({ kind: 'changeThreshold', threshold: small(a[0]) }),
      },
    },
    guard: {
      iface: guardInterface,
      functions: {
        setTargetAllowed: (a) => ({ kind: 'setTargetAllowed', target: a[0], allowed: a[1] }),
      },
    },
  };

/** What a `setGuard(address)` call on the Safe does, with the guard named: the recorded ConsortiumGuard or not. */
function describeSetGuard(guard: string, setup: SafeSetup): string {
  const address = getAddress(guard);
  if (address === ZeroAddress) return `setGuard(${address}) removes the Safe's transaction guard`;
  if (setup.guard && sameAddress(address, setup.guard)) {
    return `setGuard(${address}) installs the consortium's ConsortiumGuard, the one the deployment record names`;
  }
  return `setGuard(${address}) installs a guard that is not the ConsortiumGuard the deployment record names (${setup.guard ? getAddress(setup.guard) : 'it names none'})`;
}

function parseDecoded(raw: unknown): Intent | null {
  const parsed = intentSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function targetOf(to: string, setup: SafeSetup): TargetName | null {
  if (sameAddress(to, setup.market.registry)) return 'registry';
  if (sameAddress(to, setup.market.market)) return 'market';
  if (sameAddress(to, setup.market.token)) return 'token';
  if (sameAddress(to, setup.safe.address)) return 'safe';
  if (setup.guard && sameAddress(to, setup.guard)) return 'guard';
  return null;
}

export function decodeCall(call: Call, setup: SafeSetup): DecodedCall {
  const to = getAddress(call.to);
  const target = targetOf(to, setup);
  const unknown = (reason: string): DecodedCall => ({
    kind: 'unknown',
    to,
    target,
    value: call.value,
    data: call.data,
    operation: call.operation,
    reason,
  });
  if (call.operation !== 0) return unknown('a delegatecall inside a batch (MultiSendCallOnly refuses it)');
  if (!target) return unknown(`${to} is not a contract of this market or the Safe`);
  if (target === 'safe' && call.value === 0n && (call.data === '0x' || call.data === '')) {
    return {
      kind: 'rejection',
      to,
      description: 'On-chain rejection: uses up this nonce and does nothing else',
    };
  }
  const { iface, functions } = DECODERS[target];
  const parsed = iface.parseTransaction({ data: call.data, value: call.value });
  if (!parsed) return unknown(`unknown function ${call.data.slice(0, 10)} on the ${TARGET_LABELS[target]}`);
  const build = functions[parsed.name];
  if (target === 'safe' && parsed.name === 'setGuard') {
    const guard = getAddress(parsed.args[0] as string);
    if (call.value === 0n && setup.guard && sameAddress(guard, setup.guard)) {
      return {
        kind: 'guard',
        to,
        guard,
        description: `Set transaction guard to ConsortiumGuard ${short(guard)} (the deployment record's)`,
      };
    }
    return unknown(`${describeSetGuard(guard, setup)}: not a decision Gridkeeper builds`);
  }
  if (!build)
    return unknown(`${parsed.name} on the ${TARGET_LABELS[target]} is not a decision Gridkeeper builds`);
  if (call.value !== 0n)
    return unknown(`${parsed.name} with ${call.value} wei attached, which Gridkeeper never sends`);
  const intent = parseDecoded(build(parsed.args));
  if (!intent) return unknown(`${parsed.name} with arguments outside what Gridkeeper accepts`);
  return { kind: 'intent', to, target, intent, description: describeIntent(intent) };
}

/** Unpacks a MultiSend(CallOnly) payload; null when it is not a well-formed, canonical one. */
export function unpackMultiSend(data: string): Call[] | null {
  try {
    const calls = decodeMultiSendData(data);
    const repacked = multiSendCallOnlyInterface.encodeFunctionData('multiSend', [encodeMultiSendData(calls)]);
    if (repacked.toLowerCase() !== data.toLowerCase()) return null;
    return calls.map((c) => ({
      to: c.to,
      value: BigInt(c.value),
      data: c.data,
      operation: c.operation === 1 ? 1 : 0,
    }));
  } catch {
    return null;
  }
}

/**
 * Decodes any Safe transaction, also one that arrived from elsewhere, back into the decisions it
 * takes: what you sign is what you see. Nothing here trusts a description that came with it.
 */
export function decodeSafeTx(tx: SafeTxData, setup: SafeSetup): DecodedSafeTx {
  const warnings: string[] = [];
  let danger: string | null = null;
  let batch = false;
  let calls: DecodedCall[];
  const multiSend = setup.contracts.multiSendCallOnlyAddress;

  if (tx.operation === 1) {
    if (sameAddress(tx.to, multiSend)) {
      const inner = tx.value === 0n ? unpackMultiSend(tx.data) : null;
      batch = inner !== null;
      calls = inner
        ? inner.map((c) => decodeCall(c, setup))
        : [
            {
              kind: 'unknown',
              to: getAddress(tx.to),
              target: null,
              value: tx.value,
              data: tx.data,
              operation: 1,
              reason: 'a malformed MultiSendCallOnly batch',
            },
          ];
    } else {
      danger = `This transaction lets ${getAddress(tx.to)} run its own code as the Safe (delegatecall). Only MultiSendCallOnly (${getAddress(multiSend)}) is trusted for that: any other contract can change the Safe's owners, modules and funds.`;
      calls = [
        {
          kind: 'unknown',
          to: getAddress(tx.to),
          target: null,
          value: tx.value,
          data: tx.data,
          operation: 1,
          reason: 'delegatecall to a contract other than MultiSendCallOnly',
        },
      ];
    }
  } else {
    calls = [decodeCall({ to: tx.to, value: tx.value, data: tx.data, operation: 0 }, setup)];
  }

  for (const call of calls) {
    if (call.kind === 'unknown' && call.target === 'safe') {
      const parsed = safeInterface.parseTransaction({ data: call.data });
      if (parsed?.name === 'setGuard') {
        warnings.push(
          `It calls ${describeSetGuard(parsed.args[0] as string, setup)}: the guard decides what the Safe may execute.`,
        );
      } else if (parsed && SAFE_CONFIG_FUNCTIONS.has(parsed.name)) {
        warnings.push(`It calls ${parsed.name} on the Safe, which changes who or what can act for the Safe.`);
      }
    }
    if (call.kind === 'unknown' && call.target && call.target !== 'safe') {
      const parsed = marketInterface.parseTransaction({ data: call.data });
      if (parsed?.name === 'transferOwnership') {
        warnings.push(
          `It nominates ${parsed.args[0]} as the next owner of the ${TARGET_LABELS[call.target]}: once that address accepts, the consortium Safe no longer governs it.`,
        );
      }
    }
  }
  const unknownCount = calls.filter((c) => c.kind === 'unknown').length;
  if (unknownCount > 0)
    warnings.push(`${unknownCount} of ${calls.length} call(s) are not decisions Gridkeeper can decode.`);
  if (tx.gasPrice > 0n) {
    warnings.push(
      `It refunds gas from the Safe (gas price ${tx.gasPrice}, token ${tx.gasToken}) to ${tx.refundReceiver === '0x0000000000000000000000000000000000000000' ? 'the executor' : tx.refundReceiver}.`,
    );
  }
  const intents = calls.flatMap((c) => (c.kind === 'intent' ? [c.intent] : []));
  const rejection = calls.length === 1 && calls[0]?.kind === 'rejection';
  // The decisions, then the other calls it knows (the guard's installation), then a count of the rest.
  const parts = [
    ...(intents.length > 0 ? [titleForIntents(intents)] : []),
    ...calls.flatMap((c) => (c.kind === 'guard' ? [c.description] : [])),
    ...(unknownCount > 0 ? [`${unknownCount} unknown call(s)`] : []),
  ];
  const title = rejection
    ? `Cancel nonce ${tx.nonce} (on-chain rejection)`
    : parts.length > 0
      ? parts.join(' + ')
      : titleForIntents(intents);
  return { calls, batch, intents, title, danger, warnings };
}

/** Whether a file's displayed intents say exactly what the transaction data does. */
export function sameIntents(a: Intent[], b: Intent[]): boolean {
  return JSON.stringify(a.map(toIntentJson)) === JSON.stringify(b.map(toIntentJson));
}
