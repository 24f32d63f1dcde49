import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/types';
import { expect } from 'chai';
import { type ContractTransactionReceipt, type ContractTransactionResponse, id } from 'ethers';
import { network } from 'hardhat';
import {
  ARBITRATION_PERIOD,
  admit,
  as,
  type Contract,
  DISPUTE_BOND,
  DISPUTE_WINDOW,
  deployMarket,
  FEE_BPS,
  type Market,
  mintEnergy,
  type PaymentKind,
} from './fixtures';

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const POL = 10n ** 18n;
/** 0.2 payment units (POL or token units at 18 decimals) per kWh: 10 kWh cost exactly 2 POL. */
const PRICE = 2n * 10n ** 17n;
const TEN_KWH = 10_000n;
const TradeStatus = { None: 0n, Open: 1n, Disputed: 2n, Settled: 3n, Resolved: 4n };
const EVIDENCE = id('evidence: meter photo');

type TxPromise = Promise<ContractTransactionResponse>;

for (const kind of ['native', 'erc20'] as PaymentKind[]) {
  describe(`EnergyMarket (${kind === 'native' ? 'native POL' : 'ERC-20 payment token'})`, () => {
    /** Alice sells, Bob and Carol buy; all admitted, with energy and payment to spend. */
    async function market(): Promise<Market> {
      const m = await deployMarket(ethers, kind);
      const { alice, bob, carol } = m.actors;
      for (const who of [alice, bob, carol]) {
        await admit(m, who);
        await as(m.token, who).approve(await m.market.getAddress(), ethers.MaxUint256);
      }
      await mintEnergy(m, alice, 100_000n);
      await mintEnergy(m, bob, 20_000n);
      if (m.paymentToken) {
        for (const who of [bob, carol, alice]) {
          await m.paymentToken.mint(who.address, 1_000n * POL);
          await as(m.paymentToken, who).approve(await m.market.getAddress(), ethers.MaxUint256);
        }
      }
      return m;
    }
    const fixture = () => market();

    async function list(m: Market, energyWh = TEN_KWH, ttl = 86_400): Promise<bigint> {
      const expiresAt = (await time.latest()) + ttl;
      await as(m.market, m.actors.alice).listOffer(energyWh, PRICE, expiresAt);
      return m.market.lastOfferId();
    }

    /** `buyer` pays exactly the quote, as msg.value (native) or by transferFrom (ERC-20). */
    async function buy(m: Market, buyer: HardhatEthersSigner, offerId: bigint, energyWh: bigint): TxPromise {
      const value = kind === 'native' ? await m.market.quote(offerId, energyWh) : 0n;
      return as(m.market, buyer).buy(offerId, energyWh, { value });
    }

    /** An open 10 kWh trade (2 POL) from Alice to Bob; returns its id and deadline. */
    async function openTrade(m: Market, buyer = m.actors.bob) {
      const offerId = await list(m);
      await buy(m, buyer, offerId, TEN_KWH);
      const tradeId: bigint = await m.market.lastTradeId();
      const deadline: bigint = (await m.market.tradeOf(tradeId)).disputeDeadline;
      return { offerId, tradeId, deadline };
    }

    /** Payment-balance changes, in POL or in the payment token. */
    function expectPayments(m: Market, tx: TxPromise, accounts: unknown[], deltas: bigint[]) {
      return m.paymentToken
        ? expect(tx).to.changeTokenBalances(ethers, m.paymentToken, accounts, deltas)
        : expect(tx).to.changeEtherBalances(ethers, accounts, deltas);
    }

    it('reports its payment token and starting parameters', async () => {
      const m = await loadFixture(fixture);
      expect(await m.market.paymentToken()).to.equal(
        m.paymentToken ? await m.paymentToken.getAddress() : ethers.ZeroAddress,
      );
      expect(await m.market.marketFeeBps()).to.equal(BigInt(FEE_BPS));
      expect(await m.market.disputeWindowSeconds()).to.equal(BigInt(DISPUTE_WINDOW));
      expect(await m.market.owner()).to.equal(m.actors.safe.address);
    });

    describe('offers', () => {
      it('listOffer locks the energy and numbers offers from 1', async () => {
        const m = await loadFixture(fixture);
        const { alice } = m.actors;
        const expiresAt = (await time.latest()) + 3_600;
        const tx = as(m.market, alice).listOffer(TEN_KWH, PRICE, expiresAt);
        await expect(tx)
          .to.emit(m.market, 'OfferListed')
          .withArgs(1n, alice.address, TEN_KWH, PRICE, expiresAt, FEE_BPS, DISPUTE_WINDOW);
        await expect(tx).to.changeTokenBalances(ethers, m.token, [alice, m.market], [-TEN_KWH, TEN_KWH]);
        await expect(as(m.market, alice).listOffer(1n, PRICE, expiresAt))
          .to.emit(m.market, 'OfferListed')
          .withArgs(2n, alice.address, 1n, PRICE, expiresAt, FEE_BPS, DISPUTE_WINDOW);
      });

      it('listOffer rejects outsiders, suspended prosumers and invalid offers', async () => {
        const m = await loadFixture(fixture);
        const { alice, outsider, safe } = m.actors;
        const later = (await time.latest()) + 3_600;
        await expect(as(m.market, outsider).listOffer(1n, PRICE, later))
          .to.be.revertedWithCustomError(m.market, 'NotAdmittedProsumer')
          .withArgs(outsider.address);
        const a = as(m.market, alice);
        await expect(a.listOffer(0n, PRICE, later)).to.be.revertedWithCustomError(m.market, 'InvalidOffer');
        await expect(a.listOffer(1n, 0n, later)).to.be.revertedWithCustomError(m.market, 'InvalidOffer');
        // Amounts beyond what an offer stores: 2^96 Wh, 2^128 units per kWh.
        await expect(a.listOffer(2n ** 96n, PRICE, later)).to.be.revertedWithCustomError(
          m.market,
          'InvalidOffer',
        );
        await expect(a.listOffer(1n, 2n ** 128n, later)).to.be.revertedWithCustomError(
          m.market,
          'InvalidOffer',
        );
        const now = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(now);
        await expect(a.listOffer(1n, PRICE, now)).to.be.revertedWithCustomError(m.market, 'InvalidOffer');
        await expect(a.listOffer(1n, PRICE, now - 10)).to.be.revertedWithCustomError(
          m.market,
          'InvalidOffer',
        );
        await expect(a.listOffer(1_000_000n, PRICE, later))
          .to.be.revertedWithCustomError(m.token, 'ERC20InsufficientBalance')
          .withArgs(alice.address, 100_000n, 1_000_000n);
        await as(m.registry, safe).suspend(alice.address, 'x');
        await expect(a.listOffer(1n, PRICE, later))
          .to.be.revertedWithCustomError(m.market, 'NotAdmittedProsumer')
          .withArgs(alice.address);
      });

      it('listOffer needs the energy approved to the market', async () => {
        const m = await loadFixture(fixture);
        const { alice } = m.actors;
        await as(m.token, alice).approve(await m.market.getAddress(), 5n);
        await expect(as(m.market, alice).listOffer(6n, PRICE, (await time.latest()) + 60))
          .to.be.revertedWithCustomError(m.token, 'ERC20InsufficientAllowance')
          .withArgs(await m.market.getAddress(), 5n, 6n);
      });

      it('cancelOffer returns the unsold energy to the seller, once', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob } = m.actors;
        const offerId = await list(m);
        await buy(m, bob, offerId, 3_000n);
        await expect(as(m.market, bob).cancelOffer(offerId))
          .to.be.revertedWithCustomError(m.market, 'NotSeller')
          .withArgs(offerId, bob.address);
        const tx = as(m.market, alice).cancelOffer(offerId);
        await expect(tx).to.emit(m.market, 'OfferCancelled').withArgs(offerId, 7_000n);
        await expect(tx).to.changeTokenBalances(ethers, m.token, [alice, m.market], [7_000n, -7_000n]);
        await expect(as(m.market, alice).cancelOffer(offerId))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(offerId);
        await expect(buy(m, bob, offerId, 1n))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(offerId);
        await expect(as(m.market, alice).cancelOffer(99n))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(99n);
      });

      it('an expired offer cannot be bought; anyone closes it and the energy goes back', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, outsider } = m.actors;
        const offerId = await list(m, TEN_KWH, 600);
        const { expiresAt } = await m.market.offerOf(offerId);
        await buy(m, bob, offerId, 1_000n);
        await expect(as(m.market, outsider).closeExpiredOffer(offerId))
          .to.be.revertedWithCustomError(m.market, 'OfferNotExpired')
          .withArgs(offerId, expiresAt);
        await time.increaseTo(expiresAt);
        await expect(buy(m, bob, offerId, 1n))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(offerId);
        const tx = as(m.market, outsider).closeExpiredOffer(offerId);
        await expect(tx).to.emit(m.market, 'OfferExpired').withArgs(offerId, 9_000n);
        await expect(tx).to.changeTokenBalances(ethers, m.token, [alice, m.market], [9_000n, -9_000n]);
        await expect(as(m.market, outsider).closeExpiredOffer(offerId))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(offerId);
      });
    });

    describe('buy', () => {
      it('a partial buy locks the payment and opens a trade with the fee and deadline of the moment', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob } = m.actors;
        const offerId = await list(m);
        const payment = (2n * POL * 4n) / 10n; // 4 kWh at 0.2
        expect(await m.market.quote(offerId, 4_000n)).to.equal(payment);
        const at = (await time.latest()) + 5;
        await time.setNextBlockTimestamp(at);
        const tx = buy(m, bob, offerId, 4_000n);
        await expect(tx)
          .to.emit(m.market, 'TradeOpened')
          .withArgs(1n, offerId, alice.address, bob.address, 4_000n, payment, FEE_BPS, at + DISPUTE_WINDOW);
        await expectPayments(m, tx, [bob, m.market], [-payment, payment]);
        const offer = await m.market.offerOf(offerId);
        expect([offer.open, offer.remainingWh]).to.deep.equal([true, 6_000n]);
        expect((await m.market.tradeOf(1n)).status).to.equal(TradeStatus.Open);
        // Energy stays in escrow until settlement.
        expect(await m.token.balanceOf(bob.address)).to.equal(20_000n);
      });

      it('buying the rest closes the offer', async () => {
        const m = await loadFixture(fixture);
        const { bob, carol } = m.actors;
        const offerId = await list(m);
        await buy(m, bob, offerId, 4_000n);
        await expect(buy(m, carol, offerId, 6_001n))
          .to.be.revertedWithCustomError(m.market, 'InvalidAmount')
          .withArgs(6_001n, 6_000n);
        await expect(buy(m, carol, offerId, 6_000n))
          .to.emit(m.market, 'TradeOpened')
          .withArgs(
            2n,
            offerId,
            m.actors.alice.address,
            carol.address,
            6_000n,
            (12n * POL) / 10n,
            FEE_BPS,
            anyDeadline,
          );
        expect((await m.market.offerOf(offerId)).open).to.equal(false);
        await expect(buy(m, carol, offerId, 1n))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(offerId);
        expect(await m.token.balanceOf(await m.market.getAddress())).to.equal(TEN_KWH);
      });

      it('quotes round up to the next payment unit', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob } = m.actors;
        await as(m.market, alice).listOffer(1_000n, 3n, (await time.latest()) + 3_600); // 3 units per kWh
        expect(await m.market.quote(1n, 1n)).to.equal(1n);
        expect(await m.market.quote(1n, 333n)).to.equal(1n);
        expect(await m.market.quote(1n, 334n)).to.equal(2n);
        expect(await m.market.quote(1n, 1_000n)).to.equal(3n);
        await expect(buy(m, bob, 1n, 334n))
          .to.emit(m.market, 'TradeOpened')
          .withArgs(1n, 1n, alice.address, bob.address, 334n, 2n, FEE_BPS, anyDeadline);
      });

      it('rejects outsiders, suspended buyers, self-trades, bad amounts and unknown offers', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, outsider, safe } = m.actors;
        const offerId = await list(m);
        await expect(as(m.market, outsider).buy(offerId, 1n, { value: kind === 'native' ? 1n : 0n }))
          .to.be.revertedWithCustomError(m.market, 'NotAdmittedProsumer')
          .withArgs(outsider.address);
        await expect(buy(m, alice, offerId, 1n)).to.be.revertedWithCustomError(m.market, 'SelfTrade');
        await expect(buy(m, bob, offerId, 0n))
          .to.be.revertedWithCustomError(m.market, 'InvalidAmount')
          .withArgs(0n, TEN_KWH);
        await expect(buy(m, bob, offerId, TEN_KWH + 1n))
          .to.be.revertedWithCustomError(m.market, 'InvalidAmount')
          .withArgs(TEN_KWH + 1n, TEN_KWH);
        await expect(buy(m, bob, 42n, 1n))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(42n);
        await as(m.registry, safe).suspend(bob.address, 'x');
        await expect(buy(m, bob, offerId, 1n))
          .to.be.revertedWithCustomError(m.market, 'NotAdmittedProsumer')
          .withArgs(bob.address);
      });

      it("a suspended seller's offer stays listed but cannot be bought until reinstated", async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, safe } = m.actors;
        const offerId = await list(m);
        await as(m.registry, safe).suspend(alice.address, 'meter tampering');
        await expect(buy(m, bob, offerId, 1n))
          .to.be.revertedWithCustomError(m.market, 'NotAdmittedProsumer')
          .withArgs(alice.address);
        await as(m.registry, safe).reinstate(alice.address);
        await expect(buy(m, bob, offerId, 1n)).to.emit(m.market, 'TradeOpened');
      });

      it('has no quote for an offer that does not exist', async () => {
        const m = await loadFixture(fixture);
        await expect(m.market.quote(7n, 1n))
          .to.be.revertedWithCustomError(m.market, 'OfferNotOpen')
          .withArgs(7n);
      });

      if (kind === 'native') {
        it('demands exactly the quote as msg.value', async () => {
          const m = await loadFixture(fixture);
          const { bob } = m.actors;
          const offerId = await list(m);
          const quote = 2n * POL;
          for (const sent of [0n, quote - 1n, quote + 1n]) {
            await expect(as(m.market, bob).buy(offerId, TEN_KWH, { value: sent }))
              .to.be.revertedWithCustomError(m.market, 'WrongPayment')
              .withArgs(quote, sent);
          }
        });
      } else {
        it('takes the token by transferFrom and refuses native value', async () => {
          const m = await loadFixture(fixture);
          const { carol } = m.actors;
          const offerId = await list(m);
          await expect(as(m.market, carol).buy(offerId, TEN_KWH, { value: 1n }))
            .to.be.revertedWithCustomError(m.market, 'WrongPayment')
            .withArgs(0n, 1n);
          await as(m.paymentToken!, carol).approve(await m.market.getAddress(), 2n * POL - 1n);
          await expect(as(m.market, carol).buy(offerId, TEN_KWH))
            .to.be.revertedWithCustomError(m.paymentToken!, 'ERC20InsufficientAllowance')
            .withArgs(await m.market.getAddress(), 2n * POL - 1n, 2n * POL);
        });
      }
    });

    describe('settlement', () => {
      it('the buyer confirms delivery: energy to the buyer, proceeds and fee credited', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, safe } = m.actors;
        const { tradeId } = await openTrade(m);
        // 2 POL at 2.5 %: 0.05 POL fee, 1.95 POL to Alice.
        const fee = POL / 20n;
        const proceeds = 2n * POL - fee;
        await expect(as(m.market, alice).confirmDelivery(tradeId))
          .to.be.revertedWithCustomError(m.market, 'NotTradeParty')
          .withArgs(tradeId, alice.address);
        const tx = as(m.market, bob).confirmDelivery(tradeId);
        await expect(tx).to.emit(m.market, 'TradeSettled').withArgs(tradeId, proceeds, fee, true);
        await expect(tx).to.changeTokenBalances(ethers, m.token, [bob, m.market], [TEN_KWH, -TEN_KWH]);
        await expectPayments(m, tx, [m.market, alice], [0n, 0n]); // credited, not pushed
        expect(await m.market.withdrawable(alice.address)).to.equal(proceeds);
        expect(await m.market.withdrawable(safe.address)).to.equal(fee);
        expect((await m.market.tradeOf(tradeId)).status).to.equal(TradeStatus.Settled);
        await expect(as(m.market, bob).confirmDelivery(tradeId))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(tradeId, TradeStatus.Settled);
      });

      it('anyone settles once the dispute window has passed, not before', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, outsider } = m.actors;
        const { tradeId, deadline } = await openTrade(m);
        await expect(as(m.market, outsider).settle(tradeId))
          .to.be.revertedWithCustomError(m.market, 'DisputeWindowOpen')
          .withArgs(tradeId, deadline);
        await time.setNextBlockTimestamp(deadline);
        const tx = as(m.market, outsider).settle(tradeId);
        await expect(tx)
          .to.emit(m.market, 'TradeSettled')
          .withArgs(tradeId, 2n * POL - POL / 20n, POL / 20n, false);
        await expect(tx).to.changeTokenBalance(ethers, m.token, bob, TEN_KWH);
        expect(await m.market.withdrawable(alice.address)).to.equal(2n * POL - POL / 20n);
        await expect(as(m.market, outsider).settle(tradeId))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(tradeId, TradeStatus.Settled);
        await expect(as(m.market, outsider).settle(77n))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(77n, TradeStatus.None);
      });

      it('the deadline second belongs to settlement, the second before to disputes', async () => {
        const m = await loadFixture(fixture);
        const { bob } = m.actors;
        const { tradeId, deadline } = await openTrade(m);
        const first = await openTrade(m, m.actors.carol);
        await time.setNextBlockTimestamp(deadline - 1n);
        await expect(as(m.market, bob).openDispute(tradeId, EVIDENCE)).to.emit(m.market, 'DisputeOpened');
        await time.setNextBlockTimestamp(first.deadline);
        await expect(as(m.market, m.actors.carol).openDispute(first.tradeId, EVIDENCE))
          .to.be.revertedWithCustomError(m.market, 'DisputeWindowClosed')
          .withArgs(first.tradeId, first.deadline);
        await expect(m.market.settle(first.tradeId)).to.emit(m.market, 'TradeSettled');
      });

      it('a trade keeps the fee it opened with', async () => {
        const m = await loadFixture(fixture);
        const { bob, safe } = m.actors;
        const { tradeId } = await openTrade(m);
        await as(m.market, safe).setMarketFee(1_000);
        await expect(as(m.market, bob).confirmDelivery(tradeId))
          .to.emit(m.market, 'TradeSettled')
          .withArgs(tradeId, 2n * POL - POL / 20n, POL / 20n, true);
      });

      it('settleBatch settles matured open trades and skips the rest', async () => {
        const m = await loadFixture(fixture);
        const { bob, carol, outsider } = m.actors;
        const t1 = await openTrade(m);
        const t2 = await openTrade(m, carol);
        const disputed = await openTrade(m);
        await as(m.market, bob).openDispute(disputed.tradeId, EVIDENCE);
        const confirmed = await openTrade(m);
        await as(m.market, bob).confirmDelivery(confirmed.tradeId);
        await time.increaseTo(t2.deadline + 1n);
        const young = await openTrade(m, carol); // bought after the others matured
        const ids = [
          t1.tradeId,
          999n,
          disputed.tradeId,
          t2.tradeId,
          confirmed.tradeId,
          young.tradeId,
          t1.tradeId,
        ];
        expect(await as(m.market, outsider).settleBatch.staticCall(ids)).to.equal(2n);
        const tx = as(m.market, outsider).settleBatch(ids);
        await expect(tx).to.emit(m.market, 'TradeSettled').withArgs(t1.tradeId, anyAmount, anyAmount, false);
        await expect(tx).to.emit(m.market, 'TradeSettled').withArgs(t2.tradeId, anyAmount, anyAmount, false);
        const receipt: ContractTransactionReceipt = await (await tx).wait();
        const settled = receipt.logs
          .map((log) => m.market.interface.parseLog(log))
          .filter((e) => e?.name === 'TradeSettled')
          .map((e) => e?.args[0]);
        expect(settled).to.deep.equal([t1.tradeId, t2.tradeId]);
        const statuses = await Promise.all(
          [t1, t2, disputed, confirmed, young].map(async (t) => (await m.market.tradeOf(t.tradeId)).status),
        );
        expect(statuses).to.deep.equal([
          TradeStatus.Settled,
          TradeStatus.Settled,
          TradeStatus.Disputed,
          TradeStatus.Settled,
          TradeStatus.Open,
        ]);
        expect(await m.market.settleBatch.staticCall([])).to.equal(0n);
      });
    });

    describe('disputes', () => {
      it('either party opens a dispute inside the window; it stops settlement', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob } = m.actors;
        const a = await openTrade(m);
        const b = await openTrade(m);
        await expect(as(m.market, bob).openDispute(a.tradeId, EVIDENCE))
          .to.emit(m.market, 'DisputeOpened')
          .withArgs(a.tradeId, bob.address, EVIDENCE, 0n, anyDeadline);
        await expect(as(m.market, alice).openDispute(b.tradeId, EVIDENCE))
          .to.emit(m.market, 'DisputeOpened')
          .withArgs(b.tradeId, alice.address, EVIDENCE, 0n, anyDeadline);
        expect((await m.market.tradeOf(a.tradeId)).status).to.equal(TradeStatus.Disputed);
        await time.increaseTo(a.deadline + 10n);
        for (const call of [
          () => m.market.settle(a.tradeId),
          () => as(m.market, bob).confirmDelivery(a.tradeId),
          () => as(m.market, alice).openDispute(a.tradeId, EVIDENCE),
        ]) {
          await expect(call())
            .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
            .withArgs(a.tradeId, TradeStatus.Disputed);
        }
      });

      it('openDispute: parties only, with evidence, inside the window, on open trades', async () => {
        const m = await loadFixture(fixture);
        const { bob, carol } = m.actors;
        const { tradeId, deadline } = await openTrade(m);
        await expect(as(m.market, carol).openDispute(tradeId, EVIDENCE))
          .to.be.revertedWithCustomError(m.market, 'NotTradeParty')
          .withArgs(tradeId, carol.address);
        await expect(as(m.market, bob).openDispute(tradeId, ethers.ZeroHash)).to.be.revertedWithCustomError(
          m.market,
          'EmptyEvidence',
        );
        await expect(as(m.market, bob).openDispute(5n, EVIDENCE))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(5n, TradeStatus.None);
        await time.increaseTo(deadline);
        await expect(as(m.market, bob).openDispute(tradeId, EVIDENCE))
          .to.be.revertedWithCustomError(m.market, 'DisputeWindowClosed')
          .withArgs(tradeId, deadline);
        await m.market.settle(tradeId);
        await expect(as(m.market, bob).openDispute(tradeId, EVIDENCE))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(tradeId, TradeStatus.Settled);
      });

      it('submitEvidence: both parties add evidence to an open dispute, also after the window', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, carol, safe } = m.actors;
        const { tradeId, deadline } = await openTrade(m);
        await expect(as(m.market, bob).submitEvidence(tradeId, EVIDENCE))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(tradeId, TradeStatus.Open);
        await as(m.market, bob).openDispute(tradeId, EVIDENCE);
        await time.increaseTo(deadline + 100n);
        const more = id('evidence: smart meter log');
        await expect(as(m.market, alice).submitEvidence(tradeId, more))
          .to.emit(m.market, 'DisputeEvidenceSubmitted')
          .withArgs(tradeId, alice.address, more);
        await expect(as(m.market, bob).submitEvidence(tradeId, more))
          .to.emit(m.market, 'DisputeEvidenceSubmitted')
          .withArgs(tradeId, bob.address, more);
        await expect(as(m.market, carol).submitEvidence(tradeId, more))
          .to.be.revertedWithCustomError(m.market, 'NotTradeParty')
          .withArgs(tradeId, carol.address);
        await expect(
          as(m.market, bob).submitEvidence(tradeId, ethers.ZeroHash),
        ).to.be.revertedWithCustomError(m.market, 'EmptyEvidence');
        await as(m.market, safe).resolveDispute(tradeId, 5_000);
        await expect(as(m.market, bob).submitEvidence(tradeId, more))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(tradeId, TradeStatus.Resolved);
      });

      // 10 kWh for 2 POL at a 2.5 % fee, split by the seller's share.
      const splits = [
        { bps: 0, proceeds: 0n, refund: 2n * POL, fee: 0n, toBuyer: 0n, toSeller: TEN_KWH },
        {
          bps: 6_000,
          proceeds: (117n * POL) / 100n,
          refund: (8n * POL) / 10n,
          fee: (3n * POL) / 100n,
          toBuyer: 6_000n,
          toSeller: 4_000n,
        },
        {
          bps: 10_000,
          proceeds: (195n * POL) / 100n,
          refund: 0n,
          fee: POL / 20n,
          toBuyer: TEN_KWH,
          toSeller: 0n,
        },
      ];
      for (const s of splits) {
        it(`the owner resolves with a ${s.bps / 100} % seller share: exact energy and payment split`, async () => {
          const m = await loadFixture(fixture);
          const { alice, bob, safe } = m.actors;
          const { tradeId } = await openTrade(m);
          await as(m.market, alice).openDispute(tradeId, EVIDENCE);
          const tx = as(m.market, safe).resolveDispute(tradeId, s.bps);
          await expect(tx)
            .to.emit(m.market, 'DisputeResolved')
            .withArgs(tradeId, s.bps, s.proceeds, s.refund, s.fee, s.toBuyer, s.toSeller);
          await expect(tx).to.changeTokenBalances(
            ethers,
            m.token,
            [bob, alice, m.market],
            [s.toBuyer, s.toSeller, -TEN_KWH],
          );
          expect(await m.market.withdrawable(alice.address)).to.equal(s.proceeds);
          expect(await m.market.withdrawable(bob.address)).to.equal(s.refund);
          expect(await m.market.withdrawable(safe.address)).to.equal(s.fee);
          expect((await m.market.tradeOf(tradeId)).status).to.equal(TradeStatus.Resolved);
          await expect(as(m.market, safe).resolveDispute(tradeId, s.bps))
            .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
            .withArgs(tradeId, TradeStatus.Resolved);
        });
      }

      it('resolveDispute: owner only, disputed trades only, share at most 10,000 bps', async () => {
        const m = await loadFixture(fixture);
        const { bob, safe } = m.actors;
        const { tradeId } = await openTrade(m);
        await expect(as(m.market, safe).resolveDispute(tradeId, 5_000))
          .to.be.revertedWithCustomError(m.market, 'UnexpectedTradeStatus')
          .withArgs(tradeId, TradeStatus.Open);
        await as(m.market, bob).openDispute(tradeId, EVIDENCE);
        await expect(as(m.market, bob).resolveDispute(tradeId, 10_000))
          .to.be.revertedWithCustomError(m.market, 'OwnableUnauthorizedAccount')
          .withArgs(bob.address);
        await expect(as(m.market, safe).resolveDispute(tradeId, 10_001))
          .to.be.revertedWithCustomError(m.market, 'InvalidShare')
          .withArgs(10_001);
      });

      it('a suspended party still gets its share of a resolution', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, safe } = m.actors;
        const { tradeId } = await openTrade(m);
        await as(m.market, bob).openDispute(tradeId, EVIDENCE);
        await as(m.registry, safe).suspend(bob.address, 'x');
        await as(m.registry, safe).suspend(alice.address, 'x');
        await expect(as(m.market, safe).resolveDispute(tradeId, 5_000)).to.changeTokenBalances(
          ethers,
          m.token,
          [bob, alice],
          [5_000n, 5_000n],
        );
      });
    });

    describe('withdrawals (pull payments)', () => {
      it('seller, buyer and owner each withdraw exactly what is credited to them', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, safe } = m.actors;
        const { tradeId } = await openTrade(m);
        await as(m.market, bob).openDispute(tradeId, EVIDENCE);
        await as(m.market, safe).resolveDispute(tradeId, 6_000);
        const credits: [HardhatEthersSigner, bigint][] = [
          [alice, (117n * POL) / 100n],
          [bob, (8n * POL) / 10n],
          [safe, (3n * POL) / 100n],
        ];
        for (const [who, amount] of credits) {
          const tx = as(m.market, who).withdraw();
          await expect(tx).to.emit(m.market, 'Withdrawn').withArgs(who.address, amount);
          await expectPayments(m, tx, [who, m.market], [amount, -amount]);
          expect(await m.market.withdrawable(who.address)).to.equal(0n);
          await expect(as(m.market, who).withdraw())
            .to.be.revertedWithCustomError(m.market, 'NothingToWithdraw')
            .withArgs(who.address);
        }
        const held = m.paymentToken
          ? await m.paymentToken.balanceOf(await m.market.getAddress())
          : await ethers.provider.getBalance(m.market);
        expect(held).to.equal(0n);
      });

      it('fees accrue to whoever owns the market when the trade settles', async () => {
        const m = await loadFixture(fixture);
        const { bob, safe, carol } = m.actors;
        const a = await openTrade(m);
        const b = await openTrade(m);
        await as(m.market, bob).confirmDelivery(a.tradeId);
        await as(m.market, safe).transferOwnership(carol.address);
        await as(m.market, carol).acceptOwnership();
        await as(m.market, bob).confirmDelivery(b.tradeId);
        expect(await m.market.withdrawable(safe.address)).to.equal(POL / 20n);
        expect(await m.market.withdrawable(carol.address)).to.equal(POL / 20n);
      });

      if (kind === 'native') {
        it('PaymentTransferFailed when the receiver refuses POL; the credit stays', async () => {
          const m = await loadFixture(fixture);
          const seller = await scriptedProsumer(m);
          const call = m.market.interface.encodeFunctionData('withdraw');
          await seller.setOnReceive(1, ethers.ZeroAddress, '0x');
          await expect(seller.execute(await m.market.getAddress(), 0, call))
            .to.be.revertedWithCustomError(m.market, 'PaymentTransferFailed')
            .withArgs(await seller.getAddress(), 2n * POL - POL / 20n);
          expect(await m.market.withdrawable(await seller.getAddress())).to.equal(2n * POL - POL / 20n);
        });

        it('a receiver that re-enters withdraw() is paid once and its re-entry fails', async () => {
          const m = await loadFixture(fixture);
          const seller = await scriptedProsumer(m);
          const sellerAddress = await seller.getAddress();
          const marketAddress = await m.market.getAddress();
          const call = m.market.interface.encodeFunctionData('withdraw');
          // A second credit the attacker would love to pull twice.
          const other = await openTrade(m, m.actors.carol);
          await as(m.market, m.actors.carol).confirmDelivery(other.tradeId);
          const before = await ethers.provider.getBalance(marketAddress);
          await seller.setOnReceive(2, marketAddress, call);
          const proceeds = 2n * POL - POL / 20n;
          await expect(seller.execute(marketAddress, 0, call)).to.changeEtherBalances(
            ethers,
            [seller, m.market],
            [proceeds, -proceeds],
          );
          expect(await seller.reentryAttempts()).to.equal(1n);
          expect(await seller.reentrySuccesses()).to.equal(0n);
          expect(m.market.interface.parseError(await seller.lastReentryRevert())?.name).to.equal(
            'ReentrancyGuardReentrantCall',
          );
          expect(await ethers.provider.getBalance(marketAddress)).to.equal(before - proceeds);
          expect(await m.market.withdrawable(sellerAddress)).to.equal(0n);
        });

        it('a receiver that re-enters to settle another trade during withdraw() is refused', async () => {
          const m = await loadFixture(fixture);
          const seller = await scriptedProsumer(m);
          const marketAddress = await m.market.getAddress();
          const pending = await openTrade(m, m.actors.carol);
          await time.increaseTo(pending.deadline);
          await seller.setOnReceive(
            2,
            marketAddress,
            m.market.interface.encodeFunctionData('settle', [pending.tradeId]),
          );
          await seller.execute(marketAddress, 0, m.market.interface.encodeFunctionData('withdraw'));
          expect(await seller.reentrySuccesses()).to.equal(0n);
          expect((await m.market.tradeOf(pending.tradeId)).status).to.equal(TradeStatus.Open);
        });
      }
    });

    describe('pause', () => {
      it('stops new offers and purchases; settlement, disputes, resolution and withdrawal keep working', async () => {
        const m = await loadFixture(fixture);
        const { alice, bob, carol, safe } = m.actors;
        const offerId = await list(m, 50_000n);
        await buy(m, bob, offerId, TEN_KWH);
        await buy(m, carol, offerId, TEN_KWH);
        await buy(m, bob, offerId, TEN_KWH);
        const expiring = await list(m, 1_000n, 120);
        await as(m.market, bob).confirmDelivery(1n);

        await expect(as(m.market, safe).pause()).to.emit(m.market, 'Paused').withArgs(safe.address);
        expect(await m.market.paused()).to.equal(true);
        await expect(
          as(m.market, alice).listOffer(1n, PRICE, (await time.latest()) + 60),
        ).to.be.revertedWithCustomError(m.market, 'EnforcedPause');
        await expect(buy(m, bob, offerId, 1n)).to.be.revertedWithCustomError(m.market, 'EnforcedPause');

        await expect(as(m.market, bob).openDispute(3n, EVIDENCE)).to.emit(m.market, 'DisputeOpened');
        await expect(as(m.market, safe).resolveDispute(3n, 5_000)).to.emit(m.market, 'DisputeResolved');
        await expect(as(m.market, carol).confirmDelivery(2n)).to.emit(m.market, 'TradeSettled');
        await expect(as(m.market, alice).withdraw()).to.emit(m.market, 'Withdrawn');
        await expect(as(m.market, alice).cancelOffer(offerId)).to.emit(m.market, 'OfferCancelled');
        await time.increase(200);
        await expect(m.market.closeExpiredOffer(expiring)).to.emit(m.market, 'OfferExpired');

        await expect(as(m.market, safe).unpause()).to.emit(m.market, 'Unpaused').withArgs(safe.address);
        const again = await list(m);
        await expect(buy(m, bob, again, 1n)).to.emit(m.market, 'TradeOpened');
      });

      it('settle and settleBatch work while paused', async () => {
        const m = await loadFixture(fixture);
        const { safe } = m.actors;
        const a = await openTrade(m);
        const b = await openTrade(m);
        await as(m.market, safe).pause();
        await time.increaseTo(b.deadline);
        await expect(m.market.settle(a.tradeId)).to.emit(m.market, 'TradeSettled');
        await expect(m.market.settleBatch([b.tradeId])).to.emit(m.market, 'TradeSettled');
      });

      it('only the owner pauses and unpauses; no double pause or unpause', async () => {
        const m = await loadFixture(fixture);
        const { alice, safe } = m.actors;
        await expect(as(m.market, alice).pause())
          .to.be.revertedWithCustomError(m.market, 'OwnableUnauthorizedAccount')
          .withArgs(alice.address);
        await expect(as(m.market, safe).unpause()).to.be.revertedWithCustomError(m.market, 'ExpectedPause');
        await as(m.market, safe).pause();
        await expect(as(m.market, safe).pause()).to.be.revertedWithCustomError(m.market, 'EnforcedPause');
        await expect(as(m.market, alice).unpause())
          .to.be.revertedWithCustomError(m.market, 'OwnableUnauthorizedAccount')
          .withArgs(alice.address);
      });
    });

    describe('owner parameters', () => {
      it('setMarketFee: up to MAX_FEE_BPS, applied to new offers', async () => {
        const m = await loadFixture(fixture);
        const { bob, safe } = m.actors;
        expect(await m.market.MAX_FEE_BPS()).to.equal(1_000n);
        await expect(as(m.market, safe).setMarketFee(1_001))
          .to.be.revertedWithCustomError(m.market, 'FeeTooHigh')
          .withArgs(1_001, 1_000);
        await expect(as(m.market, safe).setMarketFee(1_000))
          .to.emit(m.market, 'MarketFeeChanged')
          .withArgs(FEE_BPS, 1_000);
        const { tradeId } = await openTrade(m);
        await expect(as(m.market, bob).confirmDelivery(tradeId))
          .to.emit(m.market, 'TradeSettled')
          .withArgs(tradeId, (18n * POL) / 10n, (2n * POL) / 10n, true);
        await as(m.market, safe).setMarketFee(0);
        const free = await openTrade(m);
        await expect(as(m.market, bob).confirmDelivery(free.tradeId))
          .to.emit(m.market, 'TradeSettled')
          .withArgs(free.tradeId, 2n * POL, 0n, true);
        expect(await m.market.withdrawable(safe.address)).to.equal((2n * POL) / 10n);
      });

      it('setDisputeWindow: between 60 s and 30 days, applied to new offers', async () => {
        const m = await loadFixture(fixture);
        const { safe } = m.actors;
        const THIRTY_DAYS = 30 * 24 * 3_600;
        for (const bad of [0, 59, THIRTY_DAYS + 1]) {
          await expect(as(m.market, safe).setDisputeWindow(bad))
            .to.be.revertedWithCustomError(m.market, 'InvalidDisputeWindow')
            .withArgs(bad);
        }
        await expect(as(m.market, safe).setDisputeWindow(60))
          .to.emit(m.market, 'DisputeWindowChanged')
          .withArgs(DISPUTE_WINDOW, 60);
        const offerId = await list(m);
        const at = (await time.latest()) + 3;
        await time.setNextBlockTimestamp(at);
        await expect(buy(m, m.actors.bob, offerId, 1n))
          .to.emit(m.market, 'TradeOpened')
          .withArgs(1n, offerId, anyAddress, anyAddress, 1n, anyAmount, FEE_BPS, at + 60);
        await expect(as(m.market, safe).setDisputeWindow(THIRTY_DAYS))
          .to.emit(m.market, 'DisputeWindowChanged')
          .withArgs(60, THIRTY_DAYS);
      });

      it('the constructor enforces the same bounds and the token made for this market', async () => {
        const m = await loadFixture(fixture);
        const [deployer] = await ethers.getSigners();
        const registry = await m.registry.getAddress();
        /** A market deployed as the deploy scripts do: a registry, the energy token made for both, then it. */
        const deploy = async (feeBps: number, window: number) => {
          const nonce = await ethers.provider.getTransactionCount(deployer!.address);
          const [nextToken, nextMarket] = [1, 2].map((n) =>
            ethers.getCreateAddress({ from: deployer!.address, nonce: nonce + n }),
          );
          const ownRegistry = await ethers.deployContract('ProsumerRegistry', [
            m.actors.safe.address,
            0n,
            nextToken,
          ]);
          const token = await ethers.deployContract('EnergyToken', [
            m.actors.safe.address,
            ownRegistry,
            nextMarket,
          ]);
          return ethers.deployContract('EnergyMarket', [
            m.actors.safe.address,
            await ownRegistry.getAddress(),
            await token.getAddress(),
            ethers.ZeroAddress,
            feeBps,
            window,
            DISPUTE_BOND,
            ARBITRATION_PERIOD,
          ]);
        };
        await expect(deploy(1_001, DISPUTE_WINDOW))
          .to.be.revertedWithCustomError(m.market, 'FeeTooHigh')
          .withArgs(1_001, 1_000);
        await expect(deploy(FEE_BPS, 59))
          .to.be.revertedWithCustomError(m.market, 'InvalidDisputeWindow')
          .withArgs(59);
        const otherMarketsToken = [m.actors.safe.address, registry, await m.token.getAddress()];
        await expect(
          ethers.deployContract('EnergyMarket', [
            ...otherMarketsToken,
            ethers.ZeroAddress,
            FEE_BPS,
            600,
            DISPUTE_BOND,
            ARBITRATION_PERIOD,
          ]),
        )
          .to.be.revertedWithCustomError(m.market, 'TokenMarketMismatch')
          .withArgs(await m.market.getAddress());
      });

      it('only the owner changes parameters', async () => {
        const m = await loadFixture(fixture);
        const { alice, outsider } = m.actors;
        for (const who of [alice, outsider]) {
          for (const call of [
            () => as(m.market, who).setMarketFee(0),
            () => as(m.market, who).setDisputeWindow(600),
          ]) {
            await expect(call())
              .to.be.revertedWithCustomError(m.market, 'OwnableUnauthorizedAccount')
              .withArgs(who.address);
          }
        }
      });
    });

    /** A contract prosumer that sold 10 kWh to Carol (settled): 1.95 POL waits for it in the market. */
    async function scriptedProsumer(m: Market) {
      const { safe, carol } = m.actors;
      const account: Contract = await ethers.deployContract('ScriptedAccount');
      const address = await account.getAddress();
      const marketAddress = await m.market.getAddress();
      const fee = await m.registry.registrationFeeWei();
      await account.execute(
        await m.registry.getAddress(),
        fee,
        m.registry.interface.encodeFunctionData('applyForAdmission', [
          id('meter:contract'),
          id('kyc:contract'),
        ]),
        { value: fee },
      );
      await as(m.registry, safe).admit(address, await m.registry.applicationHashOf(address));
      await as(m.token, m.actors.oracle).mint(id('meter:contract'), TEN_KWH, await time.latest());
      await account.execute(
        await m.token.getAddress(),
        0,
        m.token.interface.encodeFunctionData('approve', [marketAddress, TEN_KWH]),
      );
      const expiresAt = (await time.latest()) + 3_600;
      await account.execute(
        marketAddress,
        0,
        m.market.interface.encodeFunctionData('listOffer', [TEN_KWH, PRICE, expiresAt]),
      );
      const offerId = await m.market.lastOfferId();
      await buy(m, carol, offerId, TEN_KWH);
      await as(m.market, carol).confirmDelivery(await m.market.lastTradeId());
      return account;
    }
  });
}

function anyDeadline(value: unknown): boolean {
  return typeof value === 'bigint' && value > 0n;
}
function anyAmount(value: unknown): boolean {
  return typeof value === 'bigint';
}
function anyAddress(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('0x');
}
