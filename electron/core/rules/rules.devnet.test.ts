import { getBytes, Wallet, zeroPadValue } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PAYMENT_TOKEN_MOCKS from '../chain/testing/payment-token-mocks.json' with { type: 'json' };
import type { Devnet } from '../devnet';
import { decideAsConsortium } from '../devnet/consortium';
import { deployMarket } from '../devnet/market-deployment';
import { FOUNDING_PROSUMERS, WAITING_APPLICANTS } from '../devnet/seed';
import type { MarketConcern } from '../indexer';
import {
  type IndexedDevnet,
  startIndexedDevnet,
  untilIndexed as untilIndexedBy,
} from '../indexer/testing/indexed-devnet';
import { devnetSetup } from '../safe/testing/devnet-setup';
import { deployHandedOverMarket } from '../safe/testing/handed-over-market';
import { readMarketRules, signersOf } from './read';

let devnet: Devnet;
let concern: MarketConcern;
let indexed: IndexedDevnet;

const untilIndexed = (block: number) => untilIndexedBy(concern, block);

beforeAll(async () => {
  indexed = await startIndexedDevnet();
  ({ devnet, concern } = indexed);
}, 120_000);
afterAll(() => indexed?.close());

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
    // Safe nonce 0 installed the ConsortiumGuard; the oracle was the consortium's next decision.
    expect(oracle?.safeNonce).toBe('1');
    expect(oracle?.signedBy).toEqual(
      owners()
        .slice(0, 2)
        .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    );
    expect(oracle?.executedBy).toBe(owners()[2]);
  });

  it('reads the dispute bond in the payment asset with its exact base value, the arbitration period and who owns each contract', async () => {
    const rules = await readMarketRules(concern.db, devnet.provider, deployment());
    expect(rules.disputeBond).toEqual({
      base: String(10n ** 17n),
      decimals: 18,
      unit: 'POL',
      baseUnit: 'wei',
    });
    expect(rules).toMatchObject({
      arbitrationPeriodSeconds: '3600',
      minArbitrationPeriodSeconds: '3600',
      maxArbitrationPeriodSeconds: String(90 * 86_400),
    });
    expect(rules.ownership).toEqual(
      (['registry', 'token', 'market'] as const).map((contract) => ({
        contract,
        label: expect.any(String),
        address: devnet.market[contract],
        owner: devnet.safe.address,
        pendingOwner: null,
        guardAllows: true,
      })),
    );
    // The deployment handed each contract to the Safe: three ownership lines, not through the Safe.
    const deployed = rules.history.filter((h) => h.rule === 'ownership');
    expect(deployed.map((h) => h.description).sort()).toEqual(
      ['Energy market', 'Energy token', 'Prosumer registry'].map(
        (c) => `${c}: deployed, owned by ${devnet.safe.address}`,
      ),
    );
    for (const h of deployed) expect(h.safeTxHash).toBeNull();
    // The values the constructors set are no change from 0: named as set at deployment, durations for people.
    const initial = rules.history.filter((h) => h.description.includes('set at deployment'));
    expect(initial.map(({ description, exact }) => ({ description, exact }))).toEqual(
      expect.arrayContaining([
        { description: 'Market fee set at deployment: 1 %', exact: null },
        { description: 'Dispute window set at deployment: 10 min', exact: '600 s' },
        { description: 'Dispute bond set at deployment: 0.1 POL', exact: null },
        { description: 'Arbitration period set at deployment: 1 h', exact: '3600 s' },
        { description: 'Registration fee set at deployment: 1 POL', exact: null },
      ]),
    );
    expect(initial).toHaveLength(5);
    for (const h of initial) expect(h.safeTxHash).toBeNull();
    expect(rules.history.filter((h) => /\b0 s →|0 % →/.test(h.description))).toEqual([]);
  });

  it('changes the dispute bond and the arbitration period through the Safe, and the history shows both', async () => {
    const setup = devnetSetup(devnet);
    const decided = await decideAsConsortium(devnet.provider, setup, devnet.owners, [
      { kind: 'setDisputeBond', bond: 25n * 10n ** 16n + 1n },
      { kind: 'setArbitrationPeriod', arbitrationPeriodSeconds: 7_200n },
    ]);
    await untilIndexed(decided.blockNumber);
    const rules = await readMarketRules(concern.db, devnet.provider, deployment());
    expect(rules.disputeBond.base).toBe('250000000000000001');
    expect(rules.arbitrationPeriodSeconds).toBe('7200');
    const [arbitration, bond] = rules.history;
    expect(bond).toMatchObject({
      rule: 'disputeBond',
      description: 'Dispute bond 0.1 POL → 0.250000000000000001 POL',
      txHash: decided.txHash,
    });
    expect(arbitration).toMatchObject({
      rule: 'arbitrationPeriod',
      description: 'Arbitration period 1 h → 2 h',
      exact: '3600 s → 7200 s',
      txHash: decided.txHash,
    });
    expect(arbitration?.safeNonce).toBe(bond?.safeNonce);
    expect(arbitration?.signedBy).toHaveLength(2);
    for (const signer of arbitration?.signedBy ?? []) expect(owners()).toContain(signer);
  });

  it("reads an ERC-20 payment token's bond in the token's own decimals, named by address when it has no symbol", async () => {
    // The mock's runtime code alone: decimals() is 6 (pure), symbol() is empty (no constructor ran).
    const paymentToken = Wallet.createRandom().address;
    await devnet.provider.send('hardhat_setCode', [paymentToken, PAYMENT_TOKEN_MOCKS.ERC20Mock]);
    const deployer = new Wallet(devnet.prosumers.at(-2)!.privateKey, devnet.provider);
    const other = await deployMarket(deployer, {
      owner: devnet.safe.address,
      registrationFeeWei: 0n,
      feeBps: 100,
      disputeWindowSeconds: 600,
      disputeBond: 2_500_001n,
      arbitrationPeriodSeconds: 3_600,
      paymentToken,
    });
    const rules = await readMarketRules(concern.db, devnet.provider, { ...other, safe: devnet.safe.address });
    expect(rules.disputeBond).toEqual({
      base: '2500001',
      decimals: 6,
      unit: paymentToken,
      baseUnit: `base units of ${paymentToken}`,
    });
  });

  it('shows an open handover naming the Safe as pending owner, and whether the guard lets the Safe accept it, until it does', async () => {
    // A market someone else deployed and nominated the consortium for: step one is theirs.
    const handed = await deployHandedOverMarket(devnet, { contracts: ['market'], allowlist: false });
    const before = await readMarketRules(concern.db, devnet.provider, handed.deployment);
    expect(before.guard).toBe(devnet.guard);
    expect(before.ownership.map((o) => [o.contract, o.owner, o.pendingOwner, o.guardAllows])).toEqual([
      ['registry', handed.deployer.address, null, false],
      ['token', handed.deployer.address, null, false],
      ['market', handed.deployer.address, devnet.safe.address, false],
    ]);
    // The training market's own contracts are on the guard's allowlist.
    const own = await readMarketRules(concern.db, devnet.provider, deployment());
    expect(own.ownership.map((o) => o.guardAllows)).toEqual([true, true, true]);
    // Step two is the consortium's, but the guard lets the Safe call only allowlisted contracts: the
    // acceptance alone is refused when proposed, naming the allowlist.
    await expect(
      decideAsConsortium(devnet.provider, handed.setup, devnet.owners, [
        { kind: 'acceptOwnership', contract: 'market' },
      ]),
    ).rejects.toThrow(/not on the allowlist of the ConsortiumGuard/);
    // The owners allowlist the handed market first (a batch is checked before it runs: two transactions).
    await decideAsConsortium(devnet.provider, devnetSetup(devnet), devnet.owners, [
      { kind: 'setTargetAllowed', target: handed.deployment.market, allowed: true },
    ]);
    const allowed = await readMarketRules(concern.db, devnet.provider, handed.deployment);
    expect(allowed.ownership[2]).toMatchObject({ pendingOwner: devnet.safe.address, guardAllows: true });
    await decideAsConsortium(devnet.provider, handed.setup, devnet.owners, [
      { kind: 'acceptOwnership', contract: 'market' },
    ]);
    const after = await readMarketRules(concern.db, devnet.provider, handed.deployment);
    expect(after.ownership[2]).toMatchObject({ owner: devnet.safe.address, pendingOwner: null });
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
