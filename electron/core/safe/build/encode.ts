import { getAddress, ZeroAddress } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import { marketInterface, registryInterface, safeInterface, tokenInterface } from '../abis';
import { type SafeSetup, sameAddress } from '../types';
import { describeIntent, type Intent } from './intents';

/** The head of the Safe's owner linked list: the "previous owner" of the first owner. */
export const SENTINEL_OWNERS = '0x0000000000000000000000000000000000000001';
/** More calls than this make a transaction too large to sign comfortably on a device or to execute. */
export const MAX_INTENTS_PER_TX = 200;

export interface Call {
  to: string;
  value: bigint;
  data: string;
  operation: 0 | 1;
}

const invalid = (message: string, details?: Record<string, string>) =>
  new GridkeeperError('INTENT_INVALID', message, details);

/** What a batch's target is, to refuse the same decision twice in one transaction. */
function subjectOf(intent: Intent): string | null {
  switch (intent.kind) {
    case 'admit':
    case 'reject':
    case 'remove':
    case 'suspend':
    case 'reinstate':
      return `prosumer:${intent.prosumer.toLowerCase()}`;
    case 'acceptOwnership':
      return `ownership:${intent.contract}`;
    case 'resolveDispute':
      return `trade:${intent.tradeId}`;
    case 'setMeterOracle':
      return `oracle:${intent.oracle.toLowerCase()}`;
    case 'addOwner':
    case 'removeOwner':
    case 'changeThreshold':
    case 'swapOwner':
      return null;
    default:
      return `setting:${intent.kind}`;
  }
}

/**
 * Turns intents into the calls the Safe makes, checking everything that needs no chain access
 * beyond the owner list: owner changes are applied in order to a copy of the owners, so a batch
 * that swaps an owner and then raises the threshold is checked as the Safe will see it.
 */
export function encodeIntents(
  intents: Intent[],
  setup: SafeSetup,
  state: { owners: string[]; threshold: number },
): Call[] {
  if (intents.length === 0) throw invalid('There is nothing to propose: add at least one decision.');
  if (intents.length > MAX_INTENTS_PER_TX) {
    throw invalid(
      `${intents.length} decisions are too many for one transaction; split them into batches of at most ${MAX_INTENTS_PER_TX}.`,
    );
  }
  const seen = new Map<string, Intent>();
  for (const intent of intents) {
    const subject = subjectOf(intent);
    if (!subject) continue;
    const earlier = seen.get(subject);
    if (earlier) {
      throw invalid(
        `“${describeIntent(intent)}” and “${describeIntent(earlier)}” concern the same ${subject.split(':')[0]}; one transaction may decide on it only once.`,
      );
    }
    seen.set(subject, intent);
  }

  let owners = [...state.owners];
  let threshold = state.threshold;
  const call = (to: string, data: string): Call => ({ to, value: 0n, data, operation: 0 });
  const { registry, market, token } = setup.market;
  const safe = setup.safe.address;

  const assertNewOwner = (candidate: string) => {
    if (
      sameAddress(candidate, ZeroAddress) ||
      sameAddress(candidate, SENTINEL_OWNERS) ||
      sameAddress(candidate, safe)
    ) {
      throw invalid(`${candidate} cannot be an owner of the Safe.`);
    }
    if (owners.some((o) => sameAddress(o, candidate)))
      throw invalid(`${candidate} is already an owner of the Safe.`);
  };
  const indexOfOwner = (owner: string) => {
    const index = owners.findIndex((o) => sameAddress(o, owner));
    if (index < 0) throw invalid(`${owner} is not an owner of the Safe.`, { owner });
    return index;
  };
  const prevOwner = (index: number) => (index === 0 ? SENTINEL_OWNERS : (owners[index - 1] as string));
  const assertThreshold = (t: number, ownerCount: number) => {
    if (t < 1 || t > ownerCount) {
      throw invalid(
        `A threshold of ${t} is impossible with ${ownerCount} owners: it must be between 1 and ${ownerCount}.`,
      );
    }
  };

  const encodeOne = (intent: Intent): Call => {
    switch (intent.kind) {
      case 'admit':
        return call(
          registry,
          registryInterface.encodeFunctionData('admit', [intent.prosumer, intent.applicationHash]),
        );
      case 'reject':
        return call(
          registry,
          registryInterface.encodeFunctionData('reject', [
            intent.prosumer,
            intent.applicationHash,
            intent.reason,
          ]),
        );
      case 'remove':
        return call(
          registry,
          registryInterface.encodeFunctionData('remove', [intent.prosumer, intent.reason]),
        );
      case 'suspend':
        return call(
          registry,
          registryInterface.encodeFunctionData('suspend', [intent.prosumer, intent.reason]),
        );
      case 'reinstate':
        return call(registry, registryInterface.encodeFunctionData('reinstate', [intent.prosumer]));
      case 'setRegistrationFee':
        return call(registry, registryInterface.encodeFunctionData('setRegistrationFee', [intent.feeWei]));
      case 'withdrawRegistrationFees':
        return call(registry, registryInterface.encodeFunctionData('withdrawRegistrationFees', []));
      case 'resolveDispute':
        if (intent.sellerShareBps > 10_000) {
          throw invalid(
            `A seller share of ${intent.sellerShareBps} basis points is more than the whole (10,000).`,
          );
        }
        return call(
          market,
          marketInterface.encodeFunctionData('resolveDispute', [intent.tradeId, intent.sellerShareBps]),
        );
      case 'setMarketFee':
        return call(market, marketInterface.encodeFunctionData('setMarketFee', [intent.feeBps]));
      case 'setDisputeWindow':
        return call(
          market,
          marketInterface.encodeFunctionData('setDisputeWindow', [intent.disputeWindowSeconds]),
        );
      case 'setDisputeBond':
        return call(market, marketInterface.encodeFunctionData('setDisputeBond', [intent.bond]));
      case 'setArbitrationPeriod':
        return call(
          market,
          marketInterface.encodeFunctionData('setArbitrationPeriod', [intent.arbitrationPeriodSeconds]),
        );
      case 'acceptOwnership':
        // Same function on all three (Ownable2Step): the target decides which is accepted.
        return call(setup.market[intent.contract], marketInterface.encodeFunctionData('acceptOwnership', []));
      case 'pause':
        return call(market, marketInterface.encodeFunctionData('pause', []));
      case 'unpause':
        return call(market, marketInterface.encodeFunctionData('unpause', []));
      case 'setMeterOracle':
        return call(
          token,
          tokenInterface.encodeFunctionData('setMeterOracle', [intent.oracle, intent.authorised]),
        );
      case 'addOwner': {
        assertNewOwner(intent.owner);
        assertThreshold(intent.threshold, owners.length + 1);
        owners = [getAddress(intent.owner), ...owners];
        threshold = intent.threshold;
        return call(
          safe,
          safeInterface.encodeFunctionData('addOwnerWithThreshold', [intent.owner, intent.threshold]),
        );
      }
      case 'removeOwner': {
        const index = indexOfOwner(intent.owner);
        assertThreshold(intent.threshold, owners.length - 1);
        const prev = prevOwner(index);
        owners = owners.filter((_, i) => i !== index);
        threshold = intent.threshold;
        return call(
          safe,
          safeInterface.encodeFunctionData('removeOwner', [prev, intent.owner, intent.threshold]),
        );
      }
      case 'swapOwner': {
        const index = indexOfOwner(intent.oldOwner);
        assertNewOwner(intent.newOwner);
        const prev = prevOwner(index);
        owners = owners.map((o, i) => (i === index ? getAddress(intent.newOwner) : o));
        return call(
          safe,
          safeInterface.encodeFunctionData('swapOwner', [prev, intent.oldOwner, intent.newOwner]),
        );
      }
      case 'changeThreshold': {
        assertThreshold(intent.threshold, owners.length);
        if (intent.threshold === threshold) throw invalid(`The threshold is already ${threshold}.`);
        threshold = intent.threshold;
        return call(safe, safeInterface.encodeFunctionData('changeThreshold', [intent.threshold]));
      }
    }
  };
  return intents.map(encodeOne);
}
