import { describe, expect, it } from 'vitest';
import { checkDocument, hashBytes } from './check-document';

describe('checking a document against its on-chain hash', () => {
  it('hashes bytes with keccak256', () => {
    // keccak256("") is a well-known constant.
    expect(hashBytes(new Uint8Array())).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });
  it('says whether the file matches, ignoring the case of the expected hash', async () => {
    const file = Object.assign(new Blob(['meter 42 contract, signed']), { name: 'kyc.pdf' });
    const hash = hashBytes(new TextEncoder().encode('meter 42 contract, signed'));
    expect(await checkDocument(file, hash.toUpperCase().replace('0X', '0x'))).toEqual({
      fileName: 'kyc.pdf',
      bytes: 25,
      hash,
      matches: true,
    });
    const other = Object.assign(new Blob(['meter 42 contract, signed.']), { name: 'kyc-edited.pdf' });
    expect((await checkDocument(other, hash)).matches).toBe(false);
  });
});
