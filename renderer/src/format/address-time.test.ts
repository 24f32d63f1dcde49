import { describe, expect, it } from 'vitest';
import { groupedHex, sameAddress, shortAddress, shortHash } from './address';
import { formatDuration, formatRelative } from './time';

describe('addresses and hashes', () => {
  it('shortens for reading and groups for reading aloud', () => {
    expect(shortAddress('0x1234567890abcdef1234567890abcdef12345678')).toBe('0x1234…5678');
    expect(shortHash(`0x${'ab'.repeat(32)}`)).toBe('0xababab…ababab');
    expect(groupedHex('0x1234abcd99')).toEqual(['1234', 'abcd', '99']);
    expect(sameAddress('0xAbC', '0xabc')).toBe(true);
    expect(sameAddress(null, '0xabc')).toBe(false);
  });
});

describe('times', () => {
  it('writes spans in the largest sensible units', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(12 * 60 + 5)).toBe('12 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2 d 4 h');
  });
  it('says how long ago or how far ahead', () => {
    expect(formatRelative(1000, 1005)).toBe('just now');
    expect(formatRelative(1000, 1000 + 180)).toBe('3 min ago');
    expect(formatRelative(1000 + 7200, 1000)).toBe('in 2 h');
  });
});
