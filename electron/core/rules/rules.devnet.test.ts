import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBytes, Wallet, zeroPadValue } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../api/event-bus';
import { RpcClient } from '../chain';
import { type Devnet, startDevnet } from '../devnet';
import { decideAsConsortium } from '../devnet/consortium';
import { FOUNDING_PROSUMERS, WAITING_APPLICANTS } from '../devnet/seed';
import { type MarketConcern, openMarketConcern } from '../indexer';
import { Notices } from '../notices';
import { silentLogger } from '../ports/logger';
import { devnetSetup } from '../safe/testing/devnet-setup';
import { readMarketRules, signersOf } from './read';

let devnet: Devnet;
let concern: MarketConcern;
let dir: string;

async function untilIndexed(block: number) {
  const until = Date.now() + 60_000;
  while (concern.indexer.status().indexedBlock < block || concern.indexer.status().phase !== 'live') {
    if (Date.now() > until) throw new Error(`indexer stuck: ${JSON.stringify(concern.indexer.status())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gk-rules-'));
  devnet = await startDevnet({ seed: 'full' });
  const events = new EventBus();
  concern = openMarketConcern({
    dataDir: dir,
    chainId: devnet.chainId,
    genesisHash: devnet.genesisHash,
    rpc: new RpcClient({ urls: [devnet.rpcUrl], log: silentLogger }),
    deployment: { ...devnet.market, safe: devnet.safe.address },
    confirmations: 3,
    events,
    notices: new Notices(events),
    log: silentLogger,
  });
  await untilIndexed(await devnet.provider.getBlockNumber());
}, 120_000);
afterAll(async () => {
  await concern?.close();
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const deployment = () => ({ ...devnet.market, safe: devnet.safe.address });
const owners = () => devnet.owners.map((o) => o.address);

describe('market rules: read from the chain, history from the store with the Safe execution behind each change', () => {
  it('reads the training terms, the authorised oracle and the fees collected', async () => {
    const rules = await readMarketRules(concern.db, devnet.provider, deployment());
    expect(rules).toMatchObject({
      feeBps: 100,
      maxFeeBps: 1000,
      disputeWindowSeconds: '600',
      registrationFeeWei: String(10n ** 18n),
      paused: false,
      meterOracles: [{ address: devnet.oracle.address, authorised: true }],
    });
    // Every application paid 1 POL into the registry, and nothing was withdrawn.
    expect(rules.collected.registrationFeesWei).toBe(
      String(BigInt(FOUNDING_PROSUMERS + WAITING_APPLICANTS) * 10n ** 18n),
    );
    expect(BigInt(rules.collected.marketFeesWei)).toBeGreaterThan(0n);
    const oracle = rules.history.find((h) => h.rule === 'meterOracle');
    expect(oracle?.description).toBe(`Meter oracle ${devnet.oracle.address} authorised`);
    expect(oracle?.safeNonce).toBe('0');
    expect(oracle?.signedBy).toEqual(
      owners()
        .slice(0, 2)
        .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    );
    expect(oracle?.executedBy).toBe(owners()[2]);
  });

  it('records a pause and a fee change, newest first, with who signed and executed', async () => {
    const setup = devnetSetup(devnet);
    await decideAsConsortium(devnet.provider, setup, devnet.owners, [{ kind: 'pause' }]);
    const fee = await decideAsConsortium(devnet.provider, setup, devnet.owners, [
      { kind: 'setMarketFee', feeBps: 150 },
    ]);
    await untilIndexed(fee.blockNumber);
    const rules = await readMarketRules(concern.db, devnet.provider, deployment());
    expect(rules.paused).toBe(true);
    expect(rules.feeBps).toBe(150);
    const [latest, before] = rules.history;
    expect(latest).toMatchObject({
      rule: 'marketFee',
      description: 'Market fee 1 % → 1.5 %',
      txHash: fee.txHash,
    });
    expect(before).toMatchObject({ rule: 'pause', description: 'Market paused' });
    expect(Number(latest?.safeNonce)).toBe(Number(before?.safeNonce) + 1);
    expect(latest?.signedBy).toHaveLength(2);
    for (const signer of latest?.signedBy ?? []) expect(owners()).toContain(signer);
  });
});

describe('signersOf', () => {
  it('names the owner of an EIP-712, an eth_sign and an approved-hash signature', async () => {
    const hash = `0x${'ab'.repeat(32)}`;
    const a = Wallet.createRandom();
    const b = Wallet.createRandom();
    const c = Wallet.createRandom();
    const direct = a.signingKey.sign(hash).serialized;
    const ethSign = getBytes(await b.signMessage(getBytes(hash)));
    ethSign[64] = (ethSign[64] as number) + 4;
    const approved = `${zeroPadValue(c.address, 32)}${'00'.repeat(32)}01`;
    const packed = `${direct}${Buffer.from(ethSign).toString('hex')}${approved.slice(2)}`;
    expect(signersOf(hash, packed)).toEqual([a.address, b.address, c.address]);
  });
});
