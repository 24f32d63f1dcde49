/**
 * What ending a dispute pays out, computed exactly as EnergyMarket does (integer division rounding
 * down), so the preview is what the chain will do to the wei and Wh: the buyer gets its share of the
 * energy, the seller is paid for exactly that energy (less the fee), and the bond follows the share.
 */
export interface SplitPreview {
  sellerProceeds: bigint;
  fee: bigint;
  buyerRefund: bigint;
  energyToBuyer: bigint;
  energyToSeller: bigint;
  bondToSeller: bigint;
  bondToBuyer: bigint;
}

const BPS = 10_000n;

export function previewSplit(input: {
  paymentAmount: string | bigint;
  energyWh: string | bigint;
  feeBps: number;
  sellerShareBps: number;
  bond?: string | bigint;
}): SplitPreview {
  if (!Number.isInteger(input.sellerShareBps) || input.sellerShareBps < 0 || input.sellerShareBps > 10_000)
    throw new RangeError(`seller share must be 0–10000 bps, got ${input.sellerShareBps}`);
  const payment = BigInt(input.paymentAmount);
  const energy = BigInt(input.energyWh);
  const share = BigInt(input.sellerShareBps);
  const bond = BigInt(input.bond ?? 0);
  const energyToBuyer = (energy * share) / BPS;
  const sellerGross = energy === 0n ? 0n : (payment * energyToBuyer) / energy;
  const fee = (sellerGross * BigInt(input.feeBps)) / BPS;
  const bondToSeller = (bond * share) / BPS;
  return {
    sellerProceeds: sellerGross - fee,
    fee,
    buyerRefund: payment - sellerGross,
    energyToBuyer,
    energyToSeller: energy - energyToBuyer,
    bondToSeller,
    bondToBuyer: bond - bondToSeller,
  };
}
