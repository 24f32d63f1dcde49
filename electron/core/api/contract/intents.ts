import { z } from 'zod';
import { zAddress, zBps, zBytes32, zMarketContract, zUint } from './schemas';

const zReason = z.string().trim().min(1, 'a reason is required').max(500);
const zThreshold = z.number().int().min(1);

/**
 * Every decision the consortium takes through its Safe. Field names follow the contract functions;
 * amounts travel as decimal strings and are bigint once parsed.
 */
export const intentSchema = z.discriminatedUnion('kind', [
  // The application the owners reviewed: the registry refuses the decision if it was re-filed since.
  z.object({ kind: z.literal('admit'), prosumer: zAddress, applicationHash: zBytes32 }).strict(),
  z
    .object({ kind: z.literal('reject'), prosumer: zAddress, applicationHash: zBytes32, reason: zReason })
    .strict(),
  z.object({ kind: z.literal('remove'), prosumer: zAddress, reason: zReason }).strict(),
  z.object({ kind: z.literal('suspend'), prosumer: zAddress, reason: zReason }).strict(),
  z.object({ kind: z.literal('reinstate'), prosumer: zAddress }).strict(),
  z.object({ kind: z.literal('setRegistrationFee'), feeWei: zUint }).strict(),
  z.object({ kind: z.literal('withdrawRegistrationFees') }).strict(),
  z.object({ kind: z.literal('resolveDispute'), tradeId: zUint, sellerShareBps: zBps }).strict(),
  z.object({ kind: z.literal('setMarketFee'), feeBps: zBps }).strict(),
  z.object({ kind: z.literal('setDisputeWindow'), disputeWindowSeconds: zUint }).strict(),
  z.object({ kind: z.literal('setDisputeBond'), bond: zUint }).strict(),
  z.object({ kind: z.literal('setArbitrationPeriod'), arbitrationPeriodSeconds: zUint }).strict(),
  // The second step of a handover: the Safe takes ownership it was nominated for.
  z.object({ kind: z.literal('acceptOwnership'), contract: zMarketContract }).strict(),
  z.object({ kind: z.literal('pause') }).strict(),
  z.object({ kind: z.literal('unpause') }).strict(),
  z.object({ kind: z.literal('setMeterOracle'), oracle: zAddress, authorised: z.boolean() }).strict(),
  z.object({ kind: z.literal('addOwner'), owner: zAddress, threshold: zThreshold }).strict(),
  z.object({ kind: z.literal('removeOwner'), owner: zAddress, threshold: zThreshold }).strict(),
  z.object({ kind: z.literal('swapOwner'), oldOwner: zAddress, newOwner: zAddress }).strict(),
  z.object({ kind: z.literal('changeThreshold'), threshold: zThreshold }).strict(),
]);

export type Intent = z.output<typeof intentSchema>;
/** An intent as it crosses the api or sits in a file: amounts as decimal strings. */
export type IntentJson = z.input<typeof intentSchema>;
export type IntentKind = Intent['kind'];
export type IntentOf<K extends IntentKind> = Extract<Intent, { kind: K }>;
