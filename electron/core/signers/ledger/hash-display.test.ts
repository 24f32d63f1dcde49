import { describe, expect, it } from 'vitest';
import { baglLines, deviceHashText, hashOnDevice, screenOfModel } from './hash-display';

// Widths from the SDK table: '0', 'x' and '1' are 6 px, '4' is 8 px; a line holds at most 114 px.
describe('hashes as the Ledger shows them', () => {
  it('prints 0x and upper-case hex', () => {
    expect(deviceHashText(`0x${'ab'.repeat(32)}`)).toBe(`0x${'AB'.repeat(32)}`);
  });

  it('fills a line up to 114 pixels', () => {
    const ones = `0x${'1'.repeat(64)}`;
    expect(baglLines(ones)).toEqual([`0x${'1'.repeat(17)}`, '1'.repeat(19), '1'.repeat(19), '1'.repeat(9)]);
    const fours = `0x${'4'.repeat(64)}`;
    expect(baglLines(fours)).toEqual([
      `0x${'4'.repeat(12)}`,
      ...Array(3).fill('4'.repeat(14)),
      '4'.repeat(10),
    ]);
  });

  it('groups lines into pages: 3 on a Nano S Plus or X, 1 on a Nano S, one page on Stax and Flex', () => {
    const hash = `0x${'4'.repeat(64)}`;
    expect(hashOnDevice('Domain hash', hash, 'nano-sp-x').pages.map((page) => page.length)).toEqual([3, 2]);
    expect(hashOnDevice('Domain hash', hash, 'nano-s').pages).toHaveLength(5);
    expect(hashOnDevice('Message hash', hash, 'stax-flex').pages).toEqual([[`0x${'4'.repeat(64)}`]]);
  });

  it('knows the screen of each model', () => {
    expect(['nanoS', 'nanoSP', 'nanoX', 'stax', 'europa'].map(screenOfModel)).toEqual([
      'nano-s',
      'nano-sp-x',
      'nano-sp-x',
      'stax-flex',
      'stax-flex',
    ]);
  });
});
