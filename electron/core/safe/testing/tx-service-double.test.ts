import SafeApiKitModule from '@safe-global/api-kit';
import { Wallet, ZeroAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store';
import { SafeFlow } from '../flow';
import { SafeQueueStore } from '../queue/queue-store';
import { SafeChain } from '../safe-reader';
import type { SafeTxData } from '../types';
import { hashSafeTx, safeTxTypedData } from '../verify/hash';
import { devnetOwners, startSafeDevnet } from './devnet-setup';
import { failure } from './support';
import { startTxServiceDouble, type TxServiceDouble } from './tx-service-double';

type ApiKit = typeof SafeApiKitModule;
const SafeApiKit = ((SafeApiKitModule as unknown as { default?: ApiKit }).default ??
  SafeApiKitModule) as ApiKit;

let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
let owners: ReturnType<typeof devnetOwners>;
/** The Safe's next nonce at the start (the training network's Safe has already decided things). */
let first: bigint;
let double: TxServiceDouble;
let kit: InstanceType<ApiKit>;
beforeAll(async () => {
  chain = await startSafeDevnet();
  owners = devnetOwners(chain);
  first = (await new SafeChain(chain.provider, chain.setup).readState(new Date())).nonce;
  double = await startTxServiceDouble(new SafeChain(chain.provider, chain.setup));
  kit = new SafeApiKit({ chainId: chain.setup.safe.chainId, txServiceUrl: double.url });
});
afterAll(async () => {
  await double?.close();
  await chain?.stop();
});

const tx = (offset: bigint): SafeTxData => ({
  to: chain.setup.safe.address,
  value: 0n,
  data: '0x',
  operation: 0,
  safeTxGas: 0n,
  baseGas: 0n,
  gasPrice: 0n,
  gasToken: ZeroAddress,
  refundReceiver: ZeroAddress,
  nonce: first + offset,
});
const json = (t: SafeTxData) => ({
  to: t.to,
  value: '0',
  data: t.data,
  operation: t.operation,
  safeTxGas: '0',
  baseGas: '0',
  gasPrice: '0',
  gasToken: t.gasToken,
  refundReceiver: t.refundReceiver,
  nonce: Number(t.nonce),
});

describe('the tx-service double validates like the Safe Transaction Service', () => {
  it('accepts a proposal and confirmations through api-kit, and lists and returns them', async () => {
    const t = tx(0n);
    const { safeTxHash } = hashSafeTx(chain.setup.safe, t);
    const sign = (i: number) => owners[i]!.signSafeTx(safeTxTypedData(chain.setup.safe, t));
    await kit.proposeTransaction({
      safeAddress: chain.setup.safe.address,
      safeTransactionData: json(t),
      safeTxHash,
      senderAddress: owners[0]!.address,
      senderSignature: await sign(0),
    });
    await kit.confirmTransaction(safeTxHash, await sign(1));
    await kit.confirmTransaction(safeTxHash, await sign(1));
    expect((await kit.getTransaction(safeTxHash)).confirmations?.map((c) => c.owner)).toEqual([
      owners[0]!.address,
      owners[1]!.address,
    ]);
    expect(
      (await kit.getPendingTransactions(chain.setup.safe.address)).results.map((r) => r.safeTxHash),
    ).toEqual([safeTxHash]);
    expect((await kit.getTransactionConfirmations(safeTxHash)).count).toBe(2);
    expect((await kit.getSafeInfo(chain.setup.safe.address)).owners).toEqual(owners.map((o) => o.address));
  });

  it('refuses a hash that does not match the fields, a non-owner, a signature by someone else and a spent nonce', async () => {
    const t = tx(1n);
    const { safeTxHash } = hashSafeTx(chain.setup.safe, t);
    const stranger = new Wallet(Wallet.createRandom().privateKey);
    const propose = (over: { safeTxHash?: string; sender?: string; signature?: string; data?: SafeTxData }) =>
      failure(
        kit.proposeTransaction({
          safeAddress: chain.setup.safe.address,
          safeTransactionData: json(over.data ?? t),
          safeTxHash: over.safeTxHash ?? safeTxHash,
          senderAddress: over.sender ?? owners[0]!.address,
          senderSignature: over.signature ?? stranger.signingKey.sign(safeTxHash).serialized,
        }),
      );
    const own = await owners[0]!.signSafeTx(safeTxTypedData(chain.setup.safe, t));
    expect(
      String(await propose({ safeTxHash: hashSafeTx(chain.setup.safe, tx(2n)).safeTxHash, signature: own })),
    ).toMatch(/does not match provided contract-tx-hash/);
    expect(String(await propose({ sender: stranger.address }))).toMatch(/is not an owner/);
    expect(
      String(await propose({ signature: await owners[1]!.signSafeTx(safeTxTypedData(chain.setup.safe, t)) })),
    ).toMatch(/does not match sender/);
    // Spend the first nonce on chain, then offer the double a transaction for it.
    const flow = new SafeFlow({
      store: new SafeQueueStore(openStore(':memory:')),
      setup: chain.setup,
      provider: chain.provider,
    });
    const rejection = await flow.proposeRejection(first);
    for (const o of owners.slice(0, 2)) await flow.sign(rejection.safeTxHash, o);
    await flow.execute(rejection.safeTxHash, owners[2]!);
    const late = { ...tx(0n), data: '0x00' };
    const lateHash = hashSafeTx(chain.setup.safe, late).safeTxHash;
    expect(
      String(
        await propose({
          data: late,
          safeTxHash: lateHash,
          signature: await owners[0]!.signSafeTx(safeTxTypedData(chain.setup.safe, late)),
        }),
      ),
    ).toMatch(new RegExp(`nonce=${first} .* already executed`));
    expect(
      String(await failure(kit.confirmTransaction(hashSafeTx(chain.setup.safe, tx(0n)).safeTxHash, own))),
    ).toMatch(/already executed/);
    expect(String(await failure(kit.confirmTransaction(`0x${'ab'.repeat(32)}`, own)))).toMatch(/Not found/);
  });
});
