import { describe, expect, it } from 'vitest';
import { previewSplit } from './split';

describe('dispute split preview', () => {
  it('pays the seller their share minus the fee, refunds the rest and gives the buyer the same share of energy', () => {
    const split = previewSplit({
      paymentAmount: '1000000',
      energyWh: '5000',
      feeBps: 100,
      sellerShareBps: 7000,
    });
    expect(split).toEqual({
      sellerProceeds: 693_000n,
      fee: 7_000n,
      buyerRefund: 300_000n,
      energyToBuyer: 3_500n,
      energyToSeller: 1_500n,
      bondToSeller: 0n,
      bondToBuyer: 0n,
    });
  });
  it('pays the seller only for energy the buyer gets, and splits the bond by the same share', () => {
    // 1 Wh at 99.99 %: the buyer's energy rounds to 0 Wh, so the seller is paid nothing.
    expect(
      previewSplit({ paymentAmount: '200', energyWh: '1', feeBps: 250, sellerShareBps: 9999, bond: '100' }),
    ).toEqual({
      sellerProceeds: 0n,
      fee: 0n,
      buyerRefund: 200n,
      energyToBuyer: 0n,
      energyToSeller: 1n,
      bondToSeller: 99n,
      bondToBuyer: 1n,
    });
  });
  it('rounds down like the contract and never creates or loses a wei or Wh', () => {
    for (const share of [0, 1, 3333, 5000, 6667, 9999, 10_000]) {
      const s = previewSplit({
        paymentAmount: '999999999999999997',
        energyWh: '12347',
        feeBps: 37,
        sellerShareBps: share,
      });
      expect(s.sellerProceeds + s.fee + s.buyerRefund).toBe(999_999_999_999_999_997n);
      expect(s.energyToBuyer + s.energyToSeller).toBe(12_347n);
    }
    const third = previewSplit({ paymentAmount: '10', energyWh: '10', feeBps: 0, sellerShareBps: 3333 });
    expect(third).toMatchObject({
      sellerProceeds: 3n,
      buyerRefund: 7n,
      energyToBuyer: 3n,
      energyToSeller: 7n,
    });
  });
  it('refuses shares outside 0–100 %', () => {
    expect(() =>
      previewSplit({ paymentAmount: '1', energyWh: '1', feeBps: 0, sellerShareBps: 10_001 }),
    ).toThrow(RangeError);
  });
});
