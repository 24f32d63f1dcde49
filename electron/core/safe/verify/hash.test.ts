import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSafeDevnet } from '../testing/devnet-setup';
import { failure } from '../testing/support';
import type { SafeTxData } from '../types';
import { crossCheckWithContract, crossCheckWithProtocolKit, hashSafeTx, safeTxTypedData } from './hash';

let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
beforeAll(async () => {
  chain = await startSafeDevnet();
});
afterAll(() => chain?.stop());

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s;
  };
  const bytes = (n: number) =>
    `0x${Array.from({ length: n }, () => (next() & 0xff).toString(16).padStart(2, '0')).join('')}`;
  const big = (bits: number) => BigInt(bytes(Math.ceil(bits / 8))) >> BigInt(Math.ceil(bits / 8) * 8 - bits);
  return { next, bytes, big };
}

function randomTx(i: number): SafeTxData {
  const r = random(i + 1);
  const pick = <T>(choices: T[]) => choices[r.next() % choices.length] as T;
  return {
    to: Wallet.createRandom().address,
    value: pick([0n, 1n, r.big(96), r.big(256)]),
    data: pick(['0x', r.bytes(4), r.bytes(r.next() % 600)]),
    operation: pick([0, 1]),
    safeTxGas: pick([0n, r.big(32)]),
    baseGas: pick([0n, r.big(32)]),
    gasPrice: pick([0n, r.big(64)]),
    gasToken: pick(['0x0000000000000000000000000000000000000000', Wallet.createRandom().address]),
    refundReceiver: pick(['0x0000000000000000000000000000000000000000', Wallet.createRandom().address]),
    nonce: pick([0n, BigInt(r.next() % 1000), r.big(48)]),
  };
}

describe('Safe transaction hashes', () => {
  it('agree for 100 random SafeTransactions: ethers TypedDataEncoder, protocol-kit and the Safe contract', async () => {
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      const tx = randomTx(i);
      const hashes = hashSafeTx(chain.setup.safe, tx);
      crossCheckWithProtocolKit(chain.setup.safe, tx, hashes);
      await crossCheckWithContract(chain.provider, chain.setup.safe, tx, hashes);
    }
    console.log(`100 random hash cross-checks: ${Math.round(performance.now() - started)} ms`);
  });

  it('stops the flow on any difference (HASH_MISMATCH), naming the field and both values', async () => {
    const tx = randomTx(7);
    const hashes = hashSafeTx(chain.setup.safe, tx);
    const wrong = {
      ...hashes,
      safeTxHash: hashSafeTx(chain.setup.safe, { ...tx, nonce: tx.nonce + 1n }).safeTxHash,
    };
    expect(() => crossCheckWithProtocolKit(chain.setup.safe, tx, wrong)).toThrow(
      /computed by Gridkeeper .* differs from the one protocol-kit computed/,
    );
    expect(await failure(crossCheckWithContract(chain.provider, chain.setup.safe, tx, wrong))).toMatchObject({
      code: 'HASH_MISMATCH',
      details: { field: 'safeTxHash', source: `the Safe at ${chain.setup.safe.address}` },
    });
    const otherDomain = hashSafeTx({ ...chain.setup.safe, chainId: 137n }, tx);
    expect(
      await failure(crossCheckWithContract(chain.provider, chain.setup.safe, tx, otherDomain)),
    ).toMatchObject({
      details: { field: 'domain hash' },
    });
  });

  it('signs JSON-safe typed data whose hashes are the ones shown', () => {
    const typed = safeTxTypedData(chain.setup.safe, randomTx(3));
    expect(() => JSON.stringify(typed)).not.toThrow();
    expect(typed.types.EIP712Domain).toEqual([
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ]);
  });
});
