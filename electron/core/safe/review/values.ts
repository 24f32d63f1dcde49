import type { ParamType } from 'ethers';
import type { ReviewAmount, ReviewField, ReviewValue } from '../../api/contract/review';
import type { AddressBook } from './address-book';

export const pol = (wei: bigint): ReviewAmount => ({
  base: wei.toString(),
  decimals: 18,
  unit: 'POL',
  baseUnit: 'wei',
});

export const energy = (wh: bigint): ReviewAmount => ({
  base: wh.toString(),
  decimals: 3,
  unit: 'kWh',
  baseUnit: 'Wh',
});

/** Names of the market's ABI parameters that are amounts of the payment asset (POL on the training network). */
const PAYMENT = /(wei|proceeds|refund|feeamount|paymentamount|^amount$|amountwei|price|bond)/i;
const ENERGY = /(energywh|wh$|whreturned|whtobuyer|whtoseller)/i;

/** IEnergyMarket.DisputeEnding, in its declaration order (DisputeEnded's `how`). */
const DISPUTE_ENDINGS = [
  'decided by the Safe',
  'withdrawn by the disputing party',
  'default outcome applied',
];

/**
 * One ABI value as the review shows it, chosen from its parameter's type and name: addresses named,
 * amounts in units with their base value, basis points as shares, seconds as durations.
 */
export function reviewValue(
  param: ParamType,
  value: unknown,
  book: AddressBook,
  energyToken = false,
): ReviewValue {
  if (param.baseType === 'address') return { kind: 'address', address: book.name(String(value)) };
  if (param.baseType.startsWith('uint') || param.baseType.startsWith('int')) {
    const n = BigInt(value as bigint);
    if (/bps$/i.test(param.name)) return { kind: 'bps', bps: Number(n) };
    if (param.name === 'how' && param.baseType === 'uint8' && DISPUTE_ENDINGS[Number(n)])
      return { kind: 'text', text: `${n} (${DISPUTE_ENDINGS[Number(n)]})` };
    if (/seconds$/i.test(param.name) || /deadline|expires/i.test(param.name))
      return { kind: 'seconds', seconds: n.toString() };
    // The energy token's own amounts (Transfer value, mint amount) are watt-hours.
    if (ENERGY.test(param.name) || (energyToken && /^(value|amount)$/i.test(param.name)))
      return { kind: 'amount', amount: energy(n) };
    if (PAYMENT.test(param.name)) return { kind: 'amount', amount: pol(n) };
    return { kind: 'text', text: n.toString() };
  }
  if (param.baseType === 'bool') return { kind: 'text', text: value ? 'true' : 'false' };
  if (param.baseType === 'string') return { kind: 'text', text: String(value) };
  if (param.baseType.startsWith('bytes')) return { kind: 'hex', hex: String(value) };
  return { kind: 'text', text: String(value) };
}

/** `energyToken`: the values are the energy token's (its `value`s are Wh, not POL). */
export function reviewFields(
  params: readonly ParamType[],
  values: ArrayLike<unknown>,
  book: AddressBook,
  energyToken = false,
): ReviewField[] {
  return params.map((param, i) => ({
    name: param.name || `#${i + 1}`,
    value: reviewValue(param, values[i], book, energyToken),
  }));
}
