import { expect } from 'chai';
import { id } from 'ethers';
import { network } from 'hardhat';
import { admit, as, deployMarket, kycHash, meterId, mintEnergy, REGISTRATION_FEE } from './fixtures';

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
      await expect(as(m.token, carol).mint(meterId(m.actors.alice.address), 1n, id('r')))
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
    it('an oracle mints to an admitted prosumer, once per reading', async () => {
      const m = await loadFixture(withProsumers);
      const { oracle, alice, bob } = m.actors;
      const reading = id('meter-7/2026-11-28T15:00');
      expect(await m.token.readingMinted(reading)).to.equal(false);
      const tx = as(m.token, oracle).mint(meterId(alice.address), 4_200n, reading);
      await expect(tx)
        .to.emit(m.token, 'EnergyMinted')
        .withArgs(oracle.address, alice.address, 4_200n, reading);
      await expect(tx).to.emit(m.token, 'Transfer').withArgs(ethers.ZeroAddress, alice.address, 4_200n);
      await expect(tx).to.changeTokenBalance(ethers, m.token, alice, 4_200n);
      expect(await m.token.readingMinted(reading)).to.equal(true);
      expect(await m.token.totalSupply()).to.equal(4_200n);
      // The same reading cannot mint again, to anyone, for any amount.
      await expect(as(m.token, oracle).mint(meterId(bob.address), 1n, reading))
        .to.be.revertedWithCustomError(m.token, 'ReadingAlreadyMinted')
        .withArgs(reading);
    });

    it('no one else mints: not the owner, not a prosumer, not an outsider', async () => {
      const m = await loadFixture(withProsumers);
      const { safe, alice, outsider } = m.actors;
      for (const caller of [safe, alice, outsider]) {
        await expect(as(m.token, caller).mint(meterId(alice.address), 1n, id('r')))
          .to.be.revertedWithCustomError(m.token, 'NotMeterOracle')
          .withArgs(caller.address);
      }
      expect(await m.token.totalSupply()).to.equal(0n);
    });

    it('mints only to admitted prosumers', async () => {
      const m = await loadFixture(withProsumers);
      const { oracle, safe, alice, carol, outsider } = m.actors;
      const mint = (meter: string, reading: string) => as(m.token, oracle).mint(meter, 1n, id(reading));
      await expect(mint(meterId(outsider.address), 'r1'))
        .to.be.revertedWithCustomError(m.token, 'UnknownMeter')
        .withArgs(meterId(outsider.address));
      // A pending application binds no meter yet.
      await as(m.registry, carol).applyForAdmission(meterId('c'), kycHash('c'), { value: REGISTRATION_FEE });
      await expect(mint(meterId('c'), 'r2'))
        .to.be.revertedWithCustomError(m.token, 'UnknownMeter')
        .withArgs(meterId('c'));
      await as(m.registry, safe).suspend(alice.address, 'x');
      await expect(mint(meterId(alice.address), 'r3'))
        .to.be.revertedWithCustomError(m.token, 'NotAdmitted')
        .withArgs(alice.address);
    });

    it('refuses zero energy', async () => {
      const m = await loadFixture(withProsumers);
      await expect(
        as(m.token, m.actors.oracle).mint(meterId(m.actors.alice.address), 0n, id('r')),
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
