import { describe, expect, it } from 'vitest';
import { AdaptiveRange } from './backfill';

describe('AdaptiveRange', () => {
  it('converges on the range that holds the target number of logs', () => {
    const range = new AdaptiveRange(10, 1, 100_000, 10_000);
    // 1,375 logs per block (the bench chain): ~7 blocks hold 10,000.
    for (let i = 0; i < 20; i++) range.observe(range.size, range.size * 1_375);
    expect(range.size).toBe(7);
    // A sparse chain: grows twofold per answer up to the maximum.
    const sparse = new AdaptiveRange(10, 1, 50_000, 10_000);
    for (let i = 0; i < 20; i++) sparse.observe(sparse.size, Math.floor(sparse.size / 100));
    expect(sparse.size).toBe(50_000);
  });

  it('does not collapse to one block when answers of earlier, larger ranges arrive together', () => {
    const range = new AdaptiveRange(64, 1, 100_000, 10_000);
    // Four requests of 64 blocks were in flight on a stretch of 200 logs per block: each answer
    // (12,800 logs) is above the target, but all of them say the same density.
    for (let i = 0; i < 4; i++) range.observe(64, 64 * 200);
    expect(range.size).toBe(50);
    for (let i = 0; i < 4; i++) range.observe(64, 64 * 200);
    expect(range.size).toBe(50);
  });

  it('stays below a range the provider refused, and probes above it again later', () => {
    const range = new AdaptiveRange(1_000, 1, 100_000, 10_000);
    range.shrink(2_000);
    expect(range.size).toBe(1_000);
    for (let i = 0; i < 10; i++) range.observe(range.size, 10);
    expect(range.size).toBe(1_999);
    for (let i = 0; i < 60; i++) range.observe(range.size, 10);
    expect(range.size).toBeGreaterThan(2_000);
  });

  it('halves the target while answers are slow', () => {
    const range = new AdaptiveRange(10, 1, 100_000, 10_000, 5_000);
    range.observe(10, 10_000, 8_000);
    expect(range.size).toBe(5);
  });
});
