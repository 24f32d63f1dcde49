import { expect } from 'chai';
import { network } from 'hardhat';
import {
  admit,
  as,
  type Contract,
  deployMarket,
  kycHash,
  type Market,
  meterId,
  REGISTRATION_FEE,
} from './fixtures';

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const Status = { None: 0n, Pending: 1n, Admitted: 2n, Rejected: 3n, Suspended: 4n, Removed: 5n };
const deployed = () => deployMarket(ethers);

/** The hash of `who`'s current application: what the owners reviewed and name in their decision. */
function reviewed(m: Market, who: string): Promise<string> {
  return m.registry.applicationHashOf(who);
}

describe('ProsumerRegistry', () => {
  describe('applyForAdmission', () => {
    it('files a pending application with the fee and emits everything an indexer needs', async () => {
      const m = await loadFixture(deployed);
      const { alice } = m.actors;
      const tx = as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), {
        value: REGISTRATION_FEE,
      });
      await (await tx).wait();
      // The application hash: chain id, registry, prosumer, application number, meter id, KYC hash.
      const { chainId } = await ethers.provider.getNetwork();
      const expected = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(
          ['uint256', 'address', 'address', 'uint64', 'bytes32', 'bytes32'],
          [chainId, await m.registry.getAddress(), alice.address, 1n, meterId('a'), kycHash('a')],
        ),
      );
      expect(await reviewed(m, alice.address)).to.equal(expected);
      await expect(tx)
        .to.emit(m.registry, 'ProsumerApplied')
        .withArgs(alice.address, meterId('a'), kycHash('a'), REGISTRATION_FEE, expected);
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
      await as(m.registry, safe).admit(alice.address, await reviewed(m, alice.address));
      await expect(again())
        .to.be.revertedWithCustomError(m.registry, 'AlreadyRegistered')
        .withArgs(alice.address, Status.Admitted);
      await as(m.registry, safe).suspend(alice.address, 'meter tampering');
      await expect(again())
        .to.be.revertedWithCustomError(m.registry, 'AlreadyRegistered')
        .withArgs(alice.address, Status.Suspended);
    });

    it('binds a meter id only on admission: applying first squats nothing; removal releases it', async () => {
      const m = await loadFixture(deployed);
      const { alice, bob, carol, safe } = m.actors;
      const meter = meterId('shared');
      // Bob knows Alice's (public) meter id and applies with it first: Alice can still apply.
      await as(m.registry, bob).applyForAdmission(meter, kycHash('b'), { value: REGISTRATION_FEE });
      const applied = await as(m.registry, alice).applyForAdmission(meter, kycHash('a'), {
        value: REGISTRATION_FEE,
      });
      await expect(applied)
        .to.emit(m.registry, 'ProsumerApplied')
        .withArgs(alice.address, meter, kycHash('a'), REGISTRATION_FEE, await reviewed(m, alice.address));
      expect(await m.registry.meterHolder(meter)).to.equal(ethers.ZeroAddress);
      // The owners admit the applicant whose documents prove the meter; the squatter cannot be admitted.
      await as(m.registry, safe).admit(alice.address, await reviewed(m, alice.address));
      expect(await m.registry.meterHolder(meter)).to.equal(alice.address);
      await expect(as(m.registry, safe).admit(bob.address, await reviewed(m, bob.address)))
        .to.be.revertedWithCustomError(m.registry, 'MeterAlreadyClaimed')
        .withArgs(meter, alice.address);
      await as(m.registry, safe).reject(bob.address, await reviewed(m, bob.address), 'not his meter');
      // A bound meter (admitted or suspended holder) refuses new applications.
      await as(m.registry, safe).suspend(alice.address, 'audit');
      await expect(as(m.registry, carol).applyForAdmission(meter, kycHash('c'), { value: REGISTRATION_FEE }))
        .to.be.revertedWithCustomError(m.registry, 'MeterAlreadyClaimed')
        .withArgs(meter, alice.address);
      // Removal releases it (the holder may apply again), and it is no longer admitted.
      await expect(as(m.registry, safe).remove(alice.address, 'moved away'))
        .to.emit(m.registry, 'ProsumerRemoved')
        .withArgs(alice.address, meter, 'moved away');
      expect(await m.registry.meterHolder(meter)).to.equal(ethers.ZeroAddress);
      expect((await m.registry.prosumerOf(alice.address))[0]).to.equal(Status.Removed);
      await expect(
        as(m.registry, carol).applyForAdmission(meter, kycHash('c'), { value: REGISTRATION_FEE }),
      ).to.emit(m.registry, 'ProsumerApplied');
      await expect(as(m.registry, safe).remove(alice.address, 'again'))
        .to.be.revertedWithCustomError(m.registry, 'UnexpectedStatus')
        .withArgs(alice.address, Status.Removed, Status.Admitted);
    });

    it('a decision names the application it was taken on: a re-filed application voids it', async () => {
      const m = await loadFixture(deployed);
      const { alice, safe } = m.actors;
      const r = as(m.registry, alice);
      await r.applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE });
      const first = await reviewed(m, alice.address);
      // The owners queue "admit Alice" for the application they reviewed; it is rejected meanwhile
      // and Alice re-applies with another meter and other documents.
      await as(m.registry, safe).reject(alice.address, first, 'blurry scan');
      await r.applyForAdmission(meterId('other'), kycHash('other'), { value: REGISTRATION_FEE });
      const second = await reviewed(m, alice.address);
      expect(second).to.not.equal(first);
      await expect(as(m.registry, safe).admit(alice.address, first))
        .to.be.revertedWithCustomError(m.registry, 'ApplicationChanged')
        .withArgs(alice.address, first, second);
      await expect(as(m.registry, safe).reject(alice.address, first, 'x'))
        .to.be.revertedWithCustomError(m.registry, 'ApplicationChanged')
        .withArgs(alice.address, first, second);
      // Even an identical re-application gets a new hash.
      await as(m.registry, safe).reject(alice.address, second, 'x');
      await r.applyForAdmission(meterId('other'), kycHash('other'), { value: REGISTRATION_FEE });
      expect(await reviewed(m, alice.address)).to.not.equal(second);
      await as(m.registry, safe).admit(alice.address, await reviewed(m, alice.address));
      expect(await m.registry.isAdmitted(alice.address)).to.equal(true);
    });

    it('lets a rejected applicant apply again (same meter or another), paying the fee again', async () => {
      const m = await loadFixture(deployed);
      const { alice, safe } = m.actors;
      await as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE });
      await as(m.registry, safe).reject(alice.address, await reviewed(m, alice.address), 'blurry scan');
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
      await as(m.registry, safe).admit(alice.address, await reviewed(m, alice.address));
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
      await expect(as(m.registry, safe).admit(alice.address, await reviewed(m, alice.address)))
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
      await expect(
        as(m.registry, safe).reject(alice.address, await reviewed(m, alice.address), 'KYC mismatch'),
      )
        .to.emit(m.registry, 'ProsumerRejected')
        .withArgs(alice.address, meterId('a'), 'KYC mismatch');
      expect((await m.registry.prosumerOf(alice.address))[0]).to.equal(Status.Rejected);
      expect(await m.registry.meterHolder(meterId('a'))).to.equal(ethers.ZeroAddress);
    });

    it('suspend and reinstate an admitted prosumer', async () => {
      const m = await pendingAlice();
      const { alice, safe } = m.actors;
      await as(m.registry, safe).admit(alice.address, await reviewed(m, alice.address));
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
      await wrong(
        r.admit(bob.address, await reviewed(m, bob.address)),
        bob.address,
        Status.None,
        Status.Pending,
      );
      await wrong(
        r.reject(bob.address, await reviewed(m, bob.address), 'x'),
        bob.address,
        Status.None,
        Status.Pending,
      );
      await wrong(r.suspend(bob.address, 'x'), bob.address, Status.None, Status.Admitted);
      await wrong(r.reinstate(bob.address), bob.address, Status.None, Status.Suspended);
      // pending
      await as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'), { value: REGISTRATION_FEE });
      await wrong(r.suspend(alice.address, 'x'), alice.address, Status.Pending, Status.Admitted);
      await wrong(r.reinstate(alice.address), alice.address, Status.Pending, Status.Suspended);
      // admitted
      await r.admit(alice.address, await reviewed(m, alice.address));
      await wrong(
        r.admit(alice.address, await reviewed(m, alice.address)),
        alice.address,
        Status.Admitted,
        Status.Pending,
      );
      await wrong(
        r.reject(alice.address, await reviewed(m, alice.address), 'x'),
        alice.address,
        Status.Admitted,
        Status.Pending,
      );
      await wrong(r.reinstate(alice.address), alice.address, Status.Admitted, Status.Suspended);
      // suspended
      await r.suspend(alice.address, 'x');
      await wrong(r.suspend(alice.address, 'x'), alice.address, Status.Suspended, Status.Admitted);
      await wrong(
        r.admit(alice.address, await reviewed(m, alice.address)),
        alice.address,
        Status.Suspended,
        Status.Pending,
      );
      // rejected
      await as(m.registry, bob).applyForAdmission(meterId('b'), kycHash('b'), { value: REGISTRATION_FEE });
      await r.reject(bob.address, await reviewed(m, bob.address), 'x');
      await wrong(
        r.admit(bob.address, await reviewed(m, bob.address)),
        bob.address,
        Status.Rejected,
        Status.Pending,
      );
      await wrong(
        r.reject(bob.address, await reviewed(m, bob.address), 'x'),
        bob.address,
        Status.Rejected,
        Status.Pending,
      );
    });

    it('only the owner decides (OwnableUnauthorizedAccount)', async () => {
      const m = await pendingAlice();
      const { alice, outsider } = m.actors;
      const r = as(m.registry, outsider);
      const application = await reviewed(m, alice.address);
      const calls = [
        () => r.admit(alice.address, application),
        () => r.reject(alice.address, application, 'x'),
        () => r.remove(alice.address, 'x'),
        () => r.transferOwnership(outsider.address),
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
      await as(m.registry, m.actors.safe).admit(alice.address, application);
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
      const free = await as(m.registry, alice).applyForAdmission(meterId('a'), kycHash('a'));
      await expect(free)
        .to.emit(m.registry, 'ProsumerApplied')
        .withArgs(alice.address, meterId('a'), kycHash('a'), 0n, await reviewed(m, alice.address));
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
      const accept = m.registry.interface.encodeFunctionData('acceptOwnership');
      await owner.execute(await m.registry.getAddress(), 0, accept);
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
