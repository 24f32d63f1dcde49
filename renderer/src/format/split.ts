/**
 * What a dispute resolution pays out, computed exactly as EnergyMarket.resolveDispute does
 * (integer division rounding down), so the preview is what the chain will do to the wei and Wh.
 */
export interface SplitPreview {
  sellerProceeds: bigint;
  fee: bigint;
  buyerRefund: bigint;
  energyToBuyer: bigint;
  energyToSeller: bigint;
}

const BPS = 10_000n;

export function previewSplit(input: {
  paymentAmount: string | bigint;
  energyWh: string | bigint;
  feeBps: number;
  sellerShareBps: number;
}): SplitPreview {
  if (!Number.isInteger(input.sellerShareBps) || input.sellerShareBps < 0 || input.sellerShareBps > 10_000)
    throw new RangeError(`seller share must be 0–10000 bps, got ${input.sellerShareBps}`);
  const payment = BigInt(input.paymentAmount);
  const energy = BigInt(input.energyWh);
  const share = BigInt(input.sellerShareBps);
  const sellerGross = (payment * share) / BPS;
  const fee = (sellerGross * BigInt(input.feeBps)) / BPS;
  const energyToBuyer = (energy * share) / BPS;
  return {
    sellerProceeds: sellerGross - fee,
    fee,
    buyerRefund: payment - sellerGross,
    energyToBuyer,
    energyToSeller: energy - energyToBuyer,
  };
}
