import { getAddress, ZeroAddress } from 'ethers';
import { safeInterface } from '../abis';
import type { Call } from '../build/encode';
import type { SafeSetup, SafeTxData } from '../types';
import { decodeCall, unpackMultiSend } from '../verify/decode';
import { CONSORTIUM_POLICY } from './consortium-policy';
import type { PolicyRuleId, PolicyVerdict, PolicyViolation } from './verdict';

export interface PolicyInputs {
  setup: SafeSetup;
  /**
   * Addresses on the recorded guard's Safe-governed allowlist (`isAllowedTarget`), among those this
   * transaction calls (see `policyTargets`).
   */
  allowlisted?: readonly string[];
  /**
   * Whether the Safe runs with the recorded ConsortiumGuard now (its guard slot): then the market's
   * contracts too must be on the guard's allowlist (`allowlisted`), or the guard refuses the
   * transaction at execution. Omitted: not known (offline), the guard-allowlist rule is unchecked.
   */
  guardInstalled?: boolean;
  /**
   * The gas the calls need, as simulated; 'not-simulated' offline; 'fails' when the calls fail in
   * the simulation; omitted: the safe-tx-gas rule is left unchecked.
   */
  gasNeed?: bigint | 'not-simulated' | 'fails';
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const policy = CONSORTIUM_POLICY;

/** The address a short display (0x + 4 … 4 hex digits) would show the same as `a`. */
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`.toLowerCase();

/** Names of the addresses the policy knows, for messages (and to spot look-alikes). */
function knownAddresses(setup: SafeSetup): [string, string][] {
  const known: [string, string][] = [
    [setup.safe.address, 'the Safe'],
    [setup.market.registry, 'the prosumer registry'],
    [setup.market.market, 'the energy market'],
    [setup.market.token, 'the energy token'],
    ...Object.entries(setup.contracts).map(([role, address]): [string, string] => [
      address,
      `the Safe's ${role.replace(/Address$/, '')}`,
    ]),
  ];
  if (setup.guard) known.push([setup.guard, 'the ConsortiumGuard']);
  return known;
}

/**
 * The addresses a transaction's calls go to whose place on the guard's allowlist the policy needs:
 * every target but the Safe and the guard (which the guard always lets the Safe call).
 */
export function policyTargets(tx: SafeTxData, setup: SafeSetup): string[] {
  const calls =
    tx.operation === 0 ? [tx] : same(tx.to, multiSendCallOnly(setup)) ? unpackMultiSend(tx.data) : [];
  const exempt = new Set(
    [setup.safe.address, ...(setup.guard ? [setup.guard] : [])].map((a) => a.toLowerCase()),
  );
  return [...new Set((calls ?? []).map((c) => getAddress(c.to)))].filter((a) => !exempt.has(a.toLowerCase()));
}

function multiSendCallOnly(setup: SafeSetup): string {
  return setup.contracts[policy.delegatecallTarget];
}

/** What the Safe may call without an allowlist entry (the Safe itself has rules of its own). */
function insideTargets(setup: SafeSetup): string[] {
  return [
    setup.safe.address,
    setup.market.registry,
    setup.market.market,
    setup.market.token,
    ...(setup.guard ? [setup.guard] : []),
  ];
}

/** The Safe function a call of the Safe to itself runs: name and first address argument, or its selector. */
function selfCall(data: string): { name: string; address: string | null } {
  const selector = data.slice(0, 10);
  try {
    const parsed = safeInterface.parseTransaction({ data });
    if (!parsed) return { name: selector, address: null };
    const index = parsed.name === 'disableModule' ? 1 : 0;
    const isAddress = parsed.fragment.inputs[index]?.type === 'address';
    return { name: parsed.name, address: isAddress ? getAddress(parsed.args[index] as string) : null };
  } catch {
    const fragment = safeInterface.getFunction(selector);
    return { name: fragment ? `${fragment.name} (arguments do not decode)` : selector, address: null };
  }
}

/**
 * The consortium policy's verdict on a Safe transaction: every rule it breaks, with the offending
 * values. Pure: the allowlist and the simulated gas come in (see enforce.ts for where they come from).
 */
export function evaluatePolicy(tx: SafeTxData, inputs: PolicyInputs): PolicyVerdict {
  const { setup } = inputs;
  const violations: PolicyViolation[] = [];
  const unchecked: PolicyVerdict['unchecked'] = [];
  const known = knownAddresses(setup);
  const refuse = (rule: PolicyRuleId, call: number, message: string, values: Record<string, string>) =>
    violations.push({ rule, title: policy.rules[rule].title, message, call, values });
  const where = (call: number) => (call === 0 ? 'The transaction' : `Call ${call} of the batch`);

  if (tx.gasPrice !== 0n || !same(tx.gasToken, ZeroAddress) || !same(tx.refundReceiver, ZeroAddress)) {
    refuse(
      'gas-refund',
      0,
      `It pays its executor from the Safe: gasPrice ${tx.gasPrice}, gasToken ${getAddress(tx.gasToken)}, refundReceiver ${getAddress(tx.refundReceiver)} (all three must be zero).`,
      {
        gasPrice: tx.gasPrice.toString(),
        gasToken: getAddress(tx.gasToken),
        refundReceiver: getAddress(tx.refundReceiver),
        baseGas: tx.baseGas.toString(),
      },
    );
  }

  if (tx.safeTxGas !== 0n) {
    if (inputs.gasNeed === undefined) {
      unchecked.push({ rule: 'safe-tx-gas', reason: 'not simulated yet' });
    } else if (inputs.gasNeed === 'not-simulated') {
      refuse(
        'safe-tx-gas',
        0,
        `Its safeTxGas is ${tx.safeTxGas} and the gas its calls need is unknown (not simulated): if it is too low the calls fail and nonce ${tx.nonce} is used up. Use safeTxGas 0.`,
        { safeTxGas: tx.safeTxGas.toString(), simulatedGas: 'not simulated' },
      );
    } else if (inputs.gasNeed === 'fails') {
      refuse(
        'safe-tx-gas',
        0,
        `Its safeTxGas is ${tx.safeTxGas} and its calls fail in the simulation: with a non-zero safeTxGas the Safe records the failure and uses up nonce ${tx.nonce} instead of reverting.`,
        { safeTxGas: tx.safeTxGas.toString(), simulatedGas: 'the calls fail' },
      );
    } else if (tx.safeTxGas < inputs.gasNeed) {
      refuse(
        'safe-tx-gas',
        0,
        `Its safeTxGas is ${tx.safeTxGas}, below the ${inputs.gasNeed} its calls need (simulated): the calls would fail and nonce ${tx.nonce} would be used up.`,
        { safeTxGas: tx.safeTxGas.toString(), simulatedGas: inputs.gasNeed.toString() },
      );
    }
  }

  const allowlisted = new Set((inputs.allowlisted ?? []).map((a) => a.toLowerCase()));
  const inside = new Set(insideTargets(setup).map((a) => a.toLowerCase()));
  const checkCall = (call: Call, index: number) => {
    const to = getAddress(call.to);
    if (call.operation !== 0) {
      refuse(
        'delegatecall',
        index,
        `${where(index)} is a delegatecall to ${to} inside a batch: it would run that contract's code as the Safe.`,
        { to, operation: String(call.operation) },
      );
      return;
    }
    if (same(to, setup.safe.address)) {
      if (call.data === '0x' || call.data === '') return; // the on-chain rejection: uses up the nonce only
      const fn = selfCall(call.data);
      if ((policy.safeSelfCalls as readonly string[]).includes(fn.name)) return;
      if (fn.name === 'setGuard' && setup.guard && fn.address && same(fn.address, setup.guard)) return;
      const rule = (policy.safeConfigCalls as Record<string, PolicyRuleId>)[fn.name] ?? 'safe-self-call';
      const values: Record<string, string> = { to, function: fn.name };
      if (fn.address) values.address = fn.address;
      if (rule === 'safe-guard') values.recordedGuard = setup.guard ? getAddress(setup.guard) : 'none';
      const what =
        rule === 'safe-guard'
          ? `sets the Safe's guard to ${fn.address ?? 'an address that does not decode'}${setup.guard ? `, not to the recorded ConsortiumGuard ${getAddress(setup.guard)}` : ' (the deployment record names no ConsortiumGuard)'}`
          : rule === 'safe-self-call'
            ? `calls ${fn.name} on the Safe itself, which is not an owner change`
            : `calls ${fn.name}${fn.address ? `(${fn.address})` : ''} on the Safe`;
      refuse(rule, index, `${where(index)} ${what}.`, values);
      return;
    }
    if (inside.has(to.toLowerCase())) {
      const guard = setup.guard && !same(to, setup.guard) ? getAddress(setup.guard) : null;
      if (guard && inputs.guardInstalled === undefined) {
        if (!unchecked.some((u) => u.rule === 'guard-allowlist'))
          unchecked.push({
            rule: 'guard-allowlist',
            reason: 'the guard’s allowlist is not readable offline',
          });
      } else if (guard && inputs.guardInstalled && !allowlisted.has(to.toLowerCase())) {
        const name = known.find(([address]) => same(address, to))?.[1] ?? 'the contract';
        refuse(
          'guard-allowlist',
          index,
          `${where(index)} calls ${name} ${to}, which is not on the allowlist of the ConsortiumGuard ${guard} the Safe runs with: the guard would refuse the transaction at execution (TargetNotAllowed). The owners allow it again first (setTargetAllowed).`,
          { to, guard },
        );
      }
      const decoded = decodeCall(call, setup);
      if (decoded.kind === 'intent') return;
      refuse(
        'undecoded-call',
        index,
        `${where(index)} is not a decision Gridkeeper builds: ${decoded.kind === 'unknown' ? decoded.reason : decoded.description}.`,
        { to, value: call.value.toString(), selector: call.data.slice(0, 10) },
      );
      return;
    }
    if (allowlisted.has(to.toLowerCase())) return;
    const lookAlike = known.find(([address]) => short(address) === short(to));
    refuse(
      'unknown-target',
      index,
      `${where(index)} calls ${to}${call.value > 0n ? ` with ${call.value} wei` : ''}, which is not a contract of this deployment nor on the guard's allowlist${lookAlike ? `; it looks like ${lookAlike[1]} ${getAddress(lookAlike[0])} but is not` : ''}.`,
      {
        to,
        value: call.value.toString(),
        ...(lookAlike ? { looksLike: getAddress(lookAlike[0]) } : {}),
      },
    );
  };

  if (tx.operation === 0) {
    checkCall({ to: tx.to, value: tx.value, data: tx.data, operation: 0 }, 0);
  } else if (!same(tx.to, multiSendCallOnly(setup))) {
    refuse(
      'delegatecall',
      0,
      `It lets ${getAddress(tx.to)} run its own code as the Safe (delegatecall); only MultiSendCallOnly ${getAddress(multiSendCallOnly(setup))} may be delegatecalled.`,
      { to: getAddress(tx.to), operation: '1', multiSendCallOnly: getAddress(multiSendCallOnly(setup)) },
    );
  } else {
    const inner = tx.value === 0n ? unpackMultiSend(tx.data) : null;
    if (!inner) {
      refuse(
        'malformed-batch',
        0,
        tx.value === 0n
          ? `Its MultiSendCallOnly payload does not decode to a canonical batch of calls.`
          : `It attaches ${tx.value} wei to a delegatecall of MultiSendCallOnly.`,
        { to: getAddress(tx.to), value: tx.value.toString(), dataBytes: String((tx.data.length - 2) / 2) },
      );
    } else {
      for (const [i, call] of inner.entries()) checkCall(call, i + 1);
    }
  }

  return { policy: policy.version, allowed: violations.length === 0, violations, unchecked };
}

/** One line naming every rule broken, for an error message. */
export function describeVerdict(verdict: PolicyVerdict): string {
  return verdict.violations.map((v) => `[${v.rule}] ${v.title}: ${v.message}`).join(' ');
}
