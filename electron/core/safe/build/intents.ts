import { formatDuration } from '../../api/contract/duration';
import type { Intent, IntentJson, IntentKind } from '../../api/contract/intents';
import { toWire } from '../../api/contract/reply';

export {
  type Intent,
  type IntentJson,
  type IntentKind,
  type IntentOf,
  intentSchema,
} from '../../api/contract/intents';

export function toIntentJson(intent: Intent): IntentJson {
  return toWire(intent) as IntentJson;
}

/** The label of each decision, as the UI shows it. */
export const INTENT_LABELS: Record<IntentKind, string> = {
  admit: 'Admit prosumer',
  reject: 'Reject application',
  remove: 'Remove prosumer',
  suspend: 'Suspend prosumer',
  reinstate: 'Reinstate prosumer',
  setRegistrationFee: 'Set registration fee',
  withdrawRegistrationFees: 'Withdraw registration fees',
  resolveDispute: 'Resolve dispute',
  setMarketFee: 'Set market fee',
  setDisputeWindow: 'Set dispute window',
  setDisputeBond: 'Set dispute bond',
  setArbitrationPeriod: 'Set arbitration period',
  acceptOwnership: 'Accept ownership',
  pause: 'Pause market',
  unpause: 'Unpause market',
  setMeterOracle: 'Set meter oracle',
  setTargetAllowed: 'Change the call allowlist',
  addOwner: 'Add owner',
  removeOwner: 'Remove owner',
  swapOwner: 'Replace owner',
  changeThreshold: 'Change threshold',
};

/** "0x1234…abcd": an address in a one-line description (the full one is on the review screen). */
export const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;
const CONTRACT_NAMES = { registry: 'prosumer registry', token: 'energy token', market: 'energy market' };
/** "2 h (7200 s)": in people's units, exact in seconds. */
const seconds = (s: bigint) => `${formatDuration(Number(s))} (${s} s)`;
const percent = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;

/** One line a person can check against what the device shows. */
export function describeIntent(intent: Intent): string {
  switch (intent.kind) {
    case 'admit':
      return `${INTENT_LABELS[intent.kind]} ${short(intent.prosumer)} (application ${short(intent.applicationHash)})`;
    case 'reinstate':
      return `${INTENT_LABELS[intent.kind]} ${short(intent.prosumer)}`;
    case 'reject':
      return `${INTENT_LABELS[intent.kind]} ${short(intent.applicationHash)} of ${short(intent.prosumer)}: “${intent.reason}”`;
    case 'suspend':
    case 'remove':
      return `${INTENT_LABELS[intent.kind]} ${short(intent.prosumer)}: “${intent.reason}”`;
    case 'setRegistrationFee':
      return `Set registration fee to ${intent.feeWei} wei`;
    case 'withdrawRegistrationFees':
    case 'pause':
    case 'unpause':
      return INTENT_LABELS[intent.kind];
    case 'resolveDispute':
      return `Resolve dispute on trade ${intent.tradeId}: ${percent(intent.sellerShareBps)} to the seller, ${percent(10_000 - intent.sellerShareBps)} back to the buyer`;
    case 'setMarketFee':
      return `Set market fee to ${percent(intent.feeBps)}`;
    case 'setDisputeWindow':
      return `Set dispute window to ${seconds(intent.disputeWindowSeconds)}`;
    case 'setDisputeBond':
      return `Set dispute bond to ${intent.bond} base units of the payment`;
    case 'setArbitrationPeriod':
      return `Set arbitration period to ${seconds(intent.arbitrationPeriodSeconds)}`;
    case 'acceptOwnership':
      return `Accept ownership of the ${CONTRACT_NAMES[intent.contract]}`;
    case 'setMeterOracle':
      return `${intent.authorised ? 'Authorise' : 'De-authorise'} meter oracle ${short(intent.oracle)}`;
    case 'setTargetAllowed':
      // In full: a policy change must not be mistaken for a look-alike.
      return `${intent.allowed ? 'Allow' : 'Stop allowing'} the Safe to call ${intent.target} (signing policy allowlist, ConsortiumGuard)`;
    case 'addOwner':
      return `Add owner ${short(intent.owner)}, threshold ${intent.threshold}`;
    case 'removeOwner':
      return `Remove owner ${short(intent.owner)}, threshold ${intent.threshold}`;
    case 'swapOwner':
      return `Replace owner ${short(intent.oldOwner)} with ${short(intent.newOwner)}`;
    case 'changeThreshold':
      return `Change threshold to ${intent.threshold}`;
  }
}

/** A title for a whole proposal: "Admit 50 prosumers", or the single decision, or a count. */
export function titleForIntents(intents: Intent[]): string {
  const [first] = intents;
  if (!first) return 'Transaction with no known decisions';
  if (intents.length === 1) return describeIntent(first);
  if (intents.every((i) => i.kind === first.kind)) {
    const noun: Partial<Record<IntentKind, string>> = {
      admit: 'Admit %n prosumers',
      reject: 'Reject %n applications',
      suspend: 'Suspend %n prosumers',
      reinstate: 'Reinstate %n prosumers',
      resolveDispute: 'Resolve %n disputes',
    };
    const template = noun[first.kind];
    if (template) return template.replace('%n', String(intents.length));
  }
  return `${intents.length} decisions: ${[...new Set(intents.map((i) => INTENT_LABELS[i.kind]))].join(', ')}`;
}
