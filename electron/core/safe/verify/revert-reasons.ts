import { type ErrorDescription, Interface, isCallException } from 'ethers';
import { marketInterface, registryInterface, safeInterface, tokenInterface } from '../abis';

/** The Safe's terse revert codes, in words (from the Safe contracts' error list). */
const SAFE_ERRORS: Record<string, string> = {
  GS000: 'the Safe could not finish its setup',
  GS001: 'the Safe has no threshold',
  GS010: 'not enough gas to execute the Safe transaction',
  GS011: 'the Safe could not pay the gas refund in the native coin',
  GS012: 'the Safe could not pay the gas refund in the token',
  GS013: 'the Safe transaction failed (its calls reverted)',
  GS020: 'there are fewer signatures than the threshold',
  GS021: 'a contract signature points inside the signatures themselves',
  GS022: 'a contract signature has no length',
  GS023: 'a contract signature is incomplete',
  GS024: 'a contract signature is invalid',
  GS025: 'an owner’s approval of the hash is missing on chain',
  GS026: 'a signature is not from an owner, or the signatures are not sorted by owner',
  GS030: 'only owners can approve a hash',
  GS031: 'only the Safe itself may call this',
  GS200: 'the Safe is already set up',
  GS201: 'the threshold cannot exceed the number of owners',
  GS202: 'the threshold must be at least 1',
  GS203: 'that address cannot be an owner',
  GS204: 'the address is already an owner',
  GS205: 'the previous-owner/owner pair does not match the Safe’s owner list',
};

const PROSUMER_STATUS = ['None', 'Pending', 'Admitted', 'Rejected', 'Suspended', 'Removed'];
const TRADE_STATUS = ['None', 'Open', 'Disputed', 'Settled', 'Resolved'];

const STANDARD = new Interface(['error Error(string)', 'error Panic(uint256)']);
const INTERFACES = [registryInterface, marketInterface, tokenInterface, safeInterface];

function describeCustom(e: ErrorDescription): string {
  const a = e.args;
  switch (e.name) {
    case 'UnexpectedStatus':
      return `${a[0]} is ${PROSUMER_STATUS[Number(a[1])] ?? a[1]}, but this needs ${PROSUMER_STATUS[Number(a[2])] ?? a[2]}`;
    case 'UnexpectedTradeStatus':
      return `trade ${a[0]} is ${TRADE_STATUS[Number(a[1])] ?? a[1]}`;
    case 'InvalidShare':
      return `a seller share of ${a[0]} basis points is more than 10,000`;
    case 'FeeTooHigh':
      return `a fee of ${a[0]} basis points is above the maximum of ${a[1]}`;
    case 'InvalidDisputeWindow':
      return `a dispute window of ${a[0]} seconds is outside the allowed range`;
    case 'ApplicationChanged':
      return `${a[0]} re-filed the application since it was reviewed (reviewed ${a[1]}, now ${a[2]}): review the new one`;
    case 'MeterAlreadyClaimed':
      return `meter ${a[0]} is already bound to ${a[1]}`;
    case 'ArbitrationClosed':
      return `the arbitration deadline of trade ${a[0]} has passed: only the default outcome applies now`;
    case 'InvalidArbitrationPeriod':
      return `an arbitration period of ${a[0]} seconds is outside the allowed range`;
    case 'OwnershipCannotBeRenounced':
      return 'ownership of the market contracts cannot be renounced';
    case 'OwnableUnauthorizedAccount':
      return `${a[0]} is not the contract’s owner (the Safe)`;
    case 'EnforcedPause':
      return 'the market is paused';
    case 'ExpectedPause':
      return 'the market is not paused';
    default:
      return `${e.name}(${a.map(String).join(', ')})`;
  }
}

/** Revert data in words: the project's custom errors, the Safe's GS codes, Error(string), Panic. */
export function describeRevertData(data: string | null | undefined): string {
  if (!data || data === '0x') return 'reverted without a reason';
  for (const iface of [STANDARD, ...INTERFACES]) {
    let parsed: ErrorDescription | null = null;
    try {
      parsed = iface.parseError(data);
    } catch {
      parsed = null;
    }
    if (!parsed) continue;
    if (parsed.name === 'Error') {
      const message = String(parsed.args[0]);
      return SAFE_ERRORS[message] ? `${SAFE_ERRORS[message]} (${message})` : message;
    }
    if (parsed.name === 'Panic')
      return `the contract panicked (code 0x${BigInt(parsed.args[0]).toString(16)})`;
    return describeCustom(parsed);
  }
  return `reverted with unknown data ${data.slice(0, 10)}`;
}

/** The revert data inside an error thrown by an ethers call or estimate, if it carries any. */
export function revertDataOf(error: unknown): string | null {
  if (isCallException(error)) return error.data ?? null;
  const nested =
    (error as { error?: { data?: unknown }; info?: { error?: { data?: unknown } } } | null) ?? null;
  const data = nested?.error?.data ?? nested?.info?.error?.data;
  return typeof data === 'string' ? data : null;
}
