import { expect } from 'chai';
import { network } from 'hardhat';
import { admit, as, type Contract, deployMarket, kycHash, meterId, REGISTRATION_FEE } from './fixtures';

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const Status = { None: 0n, Pending: 1n, Admitted: 2n, Rejected: 3n, Suspended: 4n };
const deployed = () => deployMarket(ethers);

describe('ProsumerRegistry', () => {
  describe('applyForAdmission', () => {
    it('files a pending application with the fee and emits everything an indexer needs', async () => {
      const m = await loadFixture(deployed);
      const { alice } = m.actors;
      const tx = as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), {
        value: REGISTRATION_FEE,
      });
      await expect(tx)
        .to.emit(m.registry, 'ProsumerApplied')
        .withArgs(alice.address, meterId('a'), kycHash('a'), REGISTRATION_FEE);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [alice, m.registry],
        [-REGISTRATION_FEE, REGISTRATION_FEE],
      );
      const at = BigInt(await time.latest());
      expect(await m.registry.prosumerOf(alice.address)).to.deep.equal([
        Status.Pending,
        meterId('a'),
        kycHash('a'),
        at,
        at,
      ]);
      expect(await m.registry.isAdmitted(alice.address)).to.equal(false);
    });

    it('demands exactly the registration fee', async () => {
      const m = await loadFixture(deployed);
      const r = as(m.registry, m.actors.alice);
      for (const sent of [0n, REGISTRATION_FEE - 1n, REGISTRATION_FEE + 1n]) {
        await expect(r.applyForAdmission(meterId('a'), kycHash('a'), { value: sent }))
          .to.be.revertedWithCustomError(m.registry, 'WrongRegistrationFee')
          .withArgs(REGISTRATION_FEE, sent);
      }
    });

    it('refuses an empty meter id or KYC hash', async () => {
      const m = await loadFixture(deployed);
      const r = as(m.registry, m.actors.alice);
      await expect(
        r.applyForAdmission(ethers.ZeroHash, kycHash('a'), { value: REGISTRATION_FEE }),
      ).to.be.revertedWithCustomError(m.registry, 'EmptyApplicationField');
      await expect(
        r.applyForAdmission(meterId('a'), ethers.ZeroHash, { value: REGISTRATION_FEE }),
      ).to.be.revertedWithCustomError(m.registry, 'EmptyApplicationField');
    });

    it('allows one application per address: pending, admitted and suspended prosumers cannot apply again', async () => {
      const m = await loadFixture(deployed);
      const { alice, safe } = m.actors;
      const r = as(m.registry, alice);
      const again = () =>
        r.applyForAdmission(meterId('other'), kycHash('other'), { value: REGISTRATION_FEE });
      await r.applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE });
      await expect(again())
        .to.be.revertedWithCustomError(m.registry, 'AlreadyRegistered')
        .withArgs(alice.address, Status.Pending);
      await as(m.registry, safe).admit(alice.address);
      await expect(again())
        .to.be.revertedWithCustomError(m.registry, 'AlreadyRegistered')
        .withArgs(alice.address, Status.Admitted);
      await as(m.registry, safe).suspend(alice.address, 'meter tampering');
      await expect(again())
        .to.be.revertedWithCustomError(m.registry, 'AlreadyRegistered')
        .withArgs(alice.address, Status.Suspended);
    });

    it('keeps meter ids unique among live applications and members; a rejection releases the meter', async () => {
      const m = await loadFixture(deployed);
      const { alice, bob, carol, safe } = m.actors;
      const meter = meterId('shared');
      await as(m.registry, alice).applyForAdmission(meter, kycHash('a'), { value: REGISTRATION_FEE });
      await expect(as(m.registry, bob).applyForAdmission(meter, kycHash('b'), { value: REGISTRATION_FEE }))
        .to.be.revertedWithCustomError(m.registry, 'MeterAlreadyClaimed')
        .withArgs(meter, alice.address);
      await as(m.registry, safe).admit(alice.address);
      await as(m.registry, safe).suspend(alice.address, 'audit');
      await expect(as(m.registry, bob).applyForAdmission(meter, kycHash('b'), { value: REGISTRATION_FEE }))
        .to.be.revertedWithCustomError(m.registry, 'MeterAlreadyClaimed')
        .withArgs(meter, alice.address);

      const other = meterId('carol');
      await as(m.registry, carol).applyForAdmission(other, kycHash('c'), { value: REGISTRATION_FEE });
      await as(m.registry, safe).reject(carol.address, 'documents unreadable');
      await expect(as(m.registry, bob).applyForAdmission(other, kycHash('b'), { value: REGISTRATION_FEE }))
        .to.emit(m.registry, 'ProsumerApplied')
        .withArgs(bob.address, other, kycHash('b'), REGISTRATION_FEE);
    });

    it('lets a rejected applicant apply again (same meter or another), paying the fee again', async () => {
      const m = await loadFixture(deployed);
      const { alice, safe } = m.actors;
      await as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE });
      await as(m.registry, safe).reject(alice.address, 'blurry scan');
      await time.increase(100);
      await expect(
        as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a2'), { value: REGISTRATION_FEE }),
      ).to.changeEtherBalance(ethers, m.registry, REGISTRATION_FEE);
      const at = BigInt(await time.latest());
      expect(await m.registry.prosumerOf(alice.address)).to.deep.equal([
        Status.Pending,
        meterId('a'),
        kycHash('a2'),
        at,
        at,
      ]);
      await as(m.registry, safe).admit(alice.address);
      expect(await m.registry.isAdmitted(alice.address)).to.equal(true);
    });
  });

  describe('owner decisions', () => {
    async function pendingAlice() {
      const m = await loadFixture(deployed);
      await as(m.registry, m.actors.alice).applyForAdmission(meterId('a'), kycHash('a'), {
        value: REGISTRATION_FEE,
      });
      return m;
    }

    it('admit: pending -> admitted, with the meter id in the event and updatedAt moved on', async () => {
      const m = await pendingAlice();
      const { alice, safe } = m.actors;
      const appliedAt = BigInt(await time.latest());
      await time.increase(60);
      await expect(as(m.registry, safe).admit(alice.address))
        .to.emit(m.registry, 'ProsumerAdmitted')
        .withArgs(alice.address, meterId('a'));
      expect(await m.registry.isAdmitted(alice.address)).to.equal(true);
      const [status, , , applied, updated] = await m.registry.prosumerOf(alice.address);
      expect([status, applied, updated]).to.deep.equal([
        Status.Admitted,
        appliedAt,
        BigInt(await time.latest()),
      ]);
    });

    it('reject: pending -> rejected with the reason', async () => {
      const m = await pendingAlice();
      const { alice, safe } = m.actors;
      await expect(as(m.registry, safe).reject(alice.address, 'KYC mismatch'))
        .to.emit(m.registry, 'ProsumerRejected')
        .withArgs(alice.address, meterId('a'), 'KYC mismatch');
      expect((await m.registry.prosumerOf(alice.address))[0]).to.equal(Status.Rejected);
      expect(await m.registry.meterHolder(meterId('a'))).to.equal(ethers.ZeroAddress);
    });

    it('suspend and reinstate an admitted prosumer', async () => {
      const m = await pendingAlice();
      const { alice, safe } = m.actors;
      await as(m.registry, safe).admit(alice.address);
      await expect(as(m.registry, safe).suspend(alice.address, 'unpaid grid fees'))
        .to.emit(m.registry, 'ProsumerSuspended')
        .withArgs(alice.address, 'unpaid grid fees');
      expect(await m.registry.isAdmitted(alice.address)).to.equal(false);
      expect((await m.registry.prosumerOf(alice.address))[0]).to.equal(Status.Suspended);
      await expect(as(m.registry, safe).reinstate(alice.address))
        .to.emit(m.registry, 'ProsumerReinstated')
        .withArgs(alice.address);
      expect(await m.registry.isAdmitted(alice.address)).to.equal(true);
    });

    it('each decision requires the status it starts from', async () => {
      const m = await loadFixture(deployed);
      const { alice, bob, safe } = m.actors;
      const r = as(m.registry, safe);
      const wrong = (call: Promise<unknown>, who: string, status: bigint, required: bigint) =>
        expect(call)
          .to.be.revertedWithCustomError(m.registry, 'UnexpectedStatus')
          .withArgs(who, status, required);
      // never applied
      await wrong(r.admit(bob.address), bob.address, Status.None, Status.Pending);
      await wrong(r.reject(bob.address, 'x'), bob.address, Status.None, Status.Pending);
      await wrong(r.suspend(bob.address, 'x'), bob.address, Status.None, Status.Admitted);
      await wrong(r.reinstate(bob.address), bob.address, Status.None, Status.Suspended);
      // pending
      await as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE });
      await wrong(r.suspend(alice.address, 'x'), alice.address, Status.Pending, Status.Admitted);
      await wrong(r.reinstate(alice.address), alice.address, Status.Pending, Status.Suspended);
      // admitted
      await r.admit(alice.address);
      await wrong(r.admit(alice.address), alice.address, Status.Admitted, Status.Pending);
      await wrong(r.reject(alice.address, 'x'), alice.address, Status.Admitted, Status.Pending);
      await wrong(r.reinstate(alice.address), alice.address, Status.Admitted, Status.Suspended);
      // suspended
      await r.suspend(alice.address, 'x');
      await wrong(r.suspend(alice.address, 'x'), alice.address, Status.Suspended, Status.Admitted);
      await wrong(r.admit(alice.address), alice.address, Status.Suspended, Status.Pending);
      // rejected
      await as(m.registry, bob).applyForAdmission(meterId('b'), kycHash('b'), { value: REGISTRATION_FEE });
      await r.reject(bob.address, 'x');
      await wrong(r.admit(bob.address), bob.address, Status.Rejected, Status.Pending);
      await wrong(r.reject(bob.address, 'x'), bob.address, Status.Rejected, Status.Pending);
    });

    it('only the owner decides (OwnableUnauthorizedAccount)', async () => {
      const m = await pendingAlice();
      const { alice, outsider } = m.actors;
      const r = as(m.registry, outsider);
      const calls = [
        () => r.admit(alice.address),
        () => r.reject(alice.address, 'x'),
        () => r.suspend(alice.address, 'x'),
        () => r.reinstate(alice.address),
        () => r.setRegistrationFee(1n),
        () => r.withdrawRegistrationFees(),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(m.registry, 'OwnableUnauthorizedAccount')
          .withArgs(outsider.address);
      }
      // An admitted prosumer has no owner rights either.
      await as(m.registry, m.actors.safe).admit(alice.address);
      await expect(as(m.registry, alice).suspend(alice.address, 'x'))
        .to.be.revertedWithCustomError(m.registry, 'OwnableUnauthorizedAccount')
        .withArgs(alice.address);
    });
  });

  describe('registration fee', () => {
    it('setRegistrationFee applies to later applications', async () => {
      const m = await loadFixture(deployed);
      const { alice, safe } = m.actors;
      await expect(as(m.registry, safe).setRegistrationFee(5n))
        .to.emit(m.registry, 'RegistrationFeeChanged')
        .withArgs(REGISTRATION_FEE, 5n);
      expect(await m.registry.registrationFeeWei()).to.equal(5n);
      await expect(
        as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE }),
      )
        .to.be.revertedWithCustomError(m.registry, 'WrongRegistrationFee')
        .withArgs(5n, REGISTRATION_FEE);
      await as(m.registry, safe).setRegistrationFee(0n);
      await expect(as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a')))
        .to.emit(m.registry, 'ProsumerApplied')
        .withArgs(alice.address, meterId('a'), kycHash('a'), 0n);
    });

    it('withdrawRegistrationFees sends everything collected to the owner', async () => {
      const m = await loadFixture(deployed);
      const { alice, bob, safe, outsider } = m.actors;
      await admit(m, alice);
      await admit(m, bob);
      const tx = as(m.registry, safe).withdrawRegistrationFees();
      await expect(tx)
        .to.emit(m.registry, 'RegistrationFeesWithdrawn')
        .withArgs(safe.address, 2n * REGISTRATION_FEE);
      await expect(tx).to.changeEtherBalances(
        ethers,
        [m.registry, safe],
        [-2n * REGISTRATION_FEE, 2n * REGISTRATION_FEE],
      );
      expect(await ethers.provider.getBalance(m.registry)).to.equal(0n);
      await expect(as(m.registry, outsider).withdrawRegistrationFees()).to.be.revertedWithCustomError(
        m.registry,
        'OwnableUnauthorizedAccount',
      );
    });

    it('FeeTransferFailed when the owner refuses the payment', async () => {
      const m = await loadFixture(deployed);
      const { alice, safe } = m.actors;
      await admit(m, alice);
      const owner: Contract = await ethers.deployContract('ScriptedAccount');
      await as(m.registry, safe).transferOwnership(await owner.getAddress());
      await owner.setOnReceive(1, ethers.ZeroAddress, '0x'); // Refuse
      const call = m.registry.interface.encodeFunctionData('withdrawRegistrationFees');
      await expect(owner.execute(await m.registry.getAddress(), 0, call)).to.be.revertedWithCustomError(
        m.registry,
        'FeeTransferFailed',
      );
      await owner.setOnReceive(0, ethers.ZeroAddress, '0x'); // Accept
      await expect(owner.execute(await m.registry.getAddress(), 0, call)).to.changeEtherBalance(
        ethers,
        owner,
        REGISTRATION_FEE,
      );
    });
  });
});
