import { expect } from 'chai';
import { network } from 'hardhat';
import {
  admit,
  as,
  deployMarket,
  kycHash,
  meterId,
  mintEnergy,
  REGISTRATION_FEE,
  readingIdOf,
} from './fixtures';

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

async function withProsumers() {
  const m = await deployMarket(ethers);
  await admit(m, m.actors.alice);
  await admit(m, m.actors.bob);
  return m;
}

describe('EnergyToken', () => {
  it('is an ERC-20 of watt-hours (3 decimals) bound to the market and the registry', async () => {
    const m = await loadFixture(withProsumers);
    expect(await m.token.decimals()).to.equal(3n);
    expect(await m.token.market()).to.equal(await m.market.getAddress());
    expect(await m.token.registry()).to.equal(await m.registry.getAddress());
    expect(await m.token.owner()).to.equal(m.actors.safe.address);
  });

  describe('meter oracles', () => {
    it('the owner authorises and de-authorises oracles', async () => {
      const m = await loadFixture(withProsumers);
      const { safe, carol } = m.actors;
      await expect(as(m.token, safe).setMeterOracle(carol.address, true))
        .to.emit(m.token, 'MeterOracleSet')
        .withArgs(carol.address, true);
      expect(await m.token.isMeterOracle(carol.address)).to.equal(true);
      await expect(as(m.token, safe).setMeterOracle(carol.address, false))
        .to.emit(m.token, 'MeterOracleSet')
        .withArgs(carol.address, false);
      expect(await m.token.isMeterOracle(carol.address)).to.equal(false);
      await expect(as(m.token, carol).mint(meterId(m.actors.alice.address), 1n, await time.latest()))
        .to.be.revertedWithCustomError(m.token, 'NotMeterOracle')
        .withArgs(carol.address);
    });

    it('only the owner sets oracles', async () => {
      const m = await loadFixture(withProsumers);
      const { outsider, alice } = m.actors;
      await expect(as(m.token, outsider).setMeterOracle(outsider.address, true))
        .to.be.revertedWithCustomError(m.token, 'OwnableUnauthorizedAccount')
        .withArgs(outsider.address);
      await expect(as(m.token, alice).setMeterOracle(alice.address, true))
        .to.be.revertedWithCustomError(m.token, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
    });
  });

  describe('mint', () => {
    it('an oracle mints to an admitted prosumer, once per reading: each later than the last, none from the future', async () => {
      const m = await loadFixture(withProsumers);
      const { oracle, alice } = m.actors;
      const meter = meterId(alice.address);
      const mint = (energyWh: bigint, readAt: bigint) => as(m.token, oracle).mint(meter, energyWh, readAt);
      const readAt = BigInt(await time.latest());
      expect(await m.token.lastReadingOf(alice.address)).to.be.lessThan(readAt);
      const tx = mint(4_200n, readAt);
      await expect(tx)
        .to.emit(m.token, 'EnergyMinted')
        .withArgs(oracle.address, alice.address, 4_200n, readingIdOf(meter, readAt));
      await expect(tx).to.emit(m.token, 'Transfer').withArgs(ethers.ZeroAddress, alice.address, 4_200n);
      await expect(tx).to.changeTokenBalance(ethers, m.token, alice, 4_200n);
      expect(await m.token.lastReadingOf(alice.address)).to.equal(readAt);
      expect(await m.token.totalSupply()).to.equal(4_200n);
      // The same reading cannot mint again, for any amount; nor can an earlier one, nor one to come.
      for (const at of [readAt, readAt - 60n, BigInt(await time.latest()) + 3_600n]) {
        await expect(mint(1n, at))
          .to.be.revertedWithCustomError(m.token, 'ReadingOutOfOrder')
          .withArgs(meter, at, readAt);
      }
      await mint(1n, readAt + 1n);
      expect(await m.token.totalSupply()).to.equal(4_201n);
    });

    it("a meter's readings from before its holder's admission never mint, so none mints twice across holders", async () => {
      const m = await loadFixture(withProsumers);
      const { oracle, safe, alice, carol } = m.actors;
      const meter = meterId(alice.address);
      const taken = BigInt(await time.latest());
      await as(m.token, oracle).mint(meter, 1_000n, taken);
      // Alice leaves; her meter goes to carol, with a reading of alice's time not minted yet.
      await as(m.registry, safe).remove(alice.address, 'moved out');
      await as(m.registry, carol).applyForAdmission(meter, kycHash('c'), { value: REGISTRATION_FEE });
      await as(m.registry, safe).admit(carol.address, await m.registry.applicationHashOf(carol.address));
      const admittedAt = BigInt(await time.latest());
      expect(await m.token.lastReadingOf(carol.address)).to.equal(admittedAt - 1n);
      for (const at of [taken, taken + 1n]) {
        await expect(as(m.token, oracle).mint(meter, 1_000n, at))
          .to.be.revertedWithCustomError(m.token, 'ReadingOutOfOrder')
          .withArgs(meter, at, admittedAt - 1n);
      }
      await expect(as(m.token, oracle).mint(meter, 1_000n, admittedAt)).to.changeTokenBalance(
        ethers,
        m.token,
        carol,
        1_000n,
      );
    });

    it('accounts are opened by the registry alone, on admission', async () => {
      const m = await loadFixture(withProsumers);
      const { safe, outsider } = m.actors;
      for (const caller of [safe, outsider]) {
        await expect(as(m.token, caller).openAccount(outsider.address))
          .to.be.revertedWithCustomError(m.token, 'NotRegistry')
          .withArgs(caller.address);
      }
      expect(await m.token.lastReadingOf(outsider.address)).to.equal(0n);
    });

    it('no one else mints: not the owner, not a prosumer, not an outsider', async () => {
      const m = await loadFixture(withProsumers);
      const { safe, alice, outsider } = m.actors;
      for (const caller of [safe, alice, outsider]) {
        await expect(as(m.token, caller).mint(meterId(alice.address), 1n, await time.latest()))
          .to.be.revertedWithCustomError(m.token, 'NotMeterOracle')
          .withArgs(caller.address);
      }
      expect(await m.token.totalSupply()).to.equal(0n);
    });

    it('mints only to admitted prosumers', async () => {
      const m = await loadFixture(withProsumers);
      const { oracle, safe, alice, carol, outsider } = m.actors;
      const mint = async (meter: string) => as(m.token, oracle).mint(meter, 1n, await time.latest());
      await expect(mint(meterId(outsider.address)))
        .to.be.revertedWithCustomError(m.token, 'UnknownMeter')
        .withArgs(meterId(outsider.address));
      // A pending application binds no meter yet.
      await as(m.registry, carol).applyForAdmission(meterId('c'), kycHash('c'), { value: REGISTRATION_FEE });
      await expect(mint(meterId('c')))
        .to.be.revertedWithCustomError(m.token, 'UnknownMeter')
        .withArgs(meterId('c'));
      await as(m.registry, safe).suspend(alice.address, 'x');
      await expect(mint(meterId(alice.address)))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(alice.address);
    });

    it('refuses zero energy', async () => {
      const m = await loadFixture(withProsumers);
      await expect(
        as(m.token, m.actors.oracle).mint(meterId(m.actors.alice.address), 0n, await time.latest()),
      ).to.be.revertedWithCustomError(m.token, 'ZeroEnergy');
    });
  });

  describe('transfers', () => {
    it('move between admitted prosumers', async () => {
      const m = await loadFixture(withProsumers);
      const { alice, bob } = m.actors;
      await mintEnergy(m, alice, 1_000n);
      await expect(as(m.token, alice).transfer(bob.address, 300n)).to.changeTokenBalances(
        ethers,
        m.token,
        [alice, bob],
        [-300n, 300n],
      );
      await as(m.token, bob).approve(alice.address, 100n);
      await expect(as(m.token, alice).transferFrom(bob.address, alice.address, 100n)).to.changeTokenBalances(
        ethers,
        m.token,
        [bob, alice],
        [-100n, 100n],
      );
    });

    it('never reach an outsider or a pending applicant', async () => {
      const m = await loadFixture(withProsumers);
      const { alice, carol, outsider } = m.actors;
      await mintEnergy(m, alice, 1_000n);
      await expect(as(m.token, alice).transfer(outsider.address, 1n))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(outsider.address);
      await as(m.registry, carol).applyForAdmission(meterId('c'), kycHash('c'), { value: REGISTRATION_FEE });
      await expect(as(m.token, alice).transfer(carol.address, 1n))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(carol.address);
    });

    it('a suspended prosumer can neither send nor receive, until reinstated', async () => {
      const m = await loadFixture(withProsumers);
      const { alice, bob, safe } = m.actors;
      await mintEnergy(m, alice, 1_000n);
      await mintEnergy(m, bob, 1_000n);
      await as(m.registry, safe).suspend(alice.address, 'meter tampering');
      await expect(as(m.token, alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(alice.address);
      await expect(as(m.token, bob).transfer(alice.address, 1n))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(alice.address);
      // Not to the market either: a suspended prosumer cannot list energy.
      await as(m.token, alice).approve(await m.market.getAddress(), 10n);
      await expect(as(m.market, alice).listOffer(10n, 1n, (await time.latest()) + 3_600))
        .to.be.revertedWithCustomError(m.market, 'NotAdmittedProsumer')
        .withArgs(alice.address);
      await as(m.registry, safe).reinstate(alice.address);
      await expect(as(m.token, alice).transfer(bob.address, 1n)).to.changeTokenBalance(
        ethers,
        m.token,
        bob,
        1n,
      );
    });

    // It is never minted to either: mints go to a meter's holder, and the market holds no meter.
    it('energy enters the market only when the market pulls it: never sent to it directly', async () => {
      const m = await loadFixture(withProsumers);
      const { alice } = m.actors;
      await mintEnergy(m, alice, 1_000n);
      const marketAddress = await m.market.getAddress();
      await expect(as(m.token, alice).transfer(marketAddress, 1n))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(marketAddress);
    });

    it('the market pulls a listed offer and may pay out to anyone it owes', async () => {
      const m = await loadFixture(withProsumers);
      const { alice, bob, safe } = m.actors;
      await mintEnergy(m, alice, 1_000n);
      const marketAddress = await m.market.getAddress();
      await as(m.token, alice).approve(marketAddress, 500n);
      const expiry = (await time.latest()) + 3_600;
      await expect(as(m.market, alice).listOffer(500n, 100n, expiry)).to.changeTokenBalances(
        ethers,
        m.token,
        [alice, m.market],
        [-500n, 500n],
      );
      // The escrow returns a suspended seller's energy (the market is exempt as a sender).
      await as(m.registry, safe).suspend(alice.address, 'x');
      await expect(as(m.market, alice).cancelOffer(1n)).to.changeTokenBalance(ethers, m.token, alice, 500n);
      expect(await m.token.balanceOf(bob.address)).to.equal(0n);
    });
  });
});
