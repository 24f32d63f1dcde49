import { expect } from 'chai';
import { getAddress, Interface, id, ZeroAddress } from 'ethers';
import { network } from 'hardhat';
import type { Contract } from './fixtures';
import {
  batch,
  call,
  deploySafe,
  execute,
  installedGuard,
  Operation,
  type SafeFixture,
  type SafeTx,
  safeTxHash,
  selfCall,
} from './safe-fixture';

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const GUARD_INTERFACE_ID = '0xe6d7a83a';
const ERC165_INTERFACE_ID = '0x01ffc9a7';
/** The head of Safe's owner and module lists. */
const SENTINEL = '0x0000000000000000000000000000000000000001';
const registryInterface = new Interface(['function setRegistrationFee(uint256)']);

interface Guarded extends SafeFixture {
  guard: Contract;
  guardAddress: string;
  /** A ProsumerRegistry owned by the Safe, on the guard's allowlist. */
  registry: Contract;
  registryAddress: string;
}

/** The Safe with the guard installed by a Safe transaction, the registry on its allowlist. */
async function guarded(): Promise<Guarded> {
  const f = await deploySafe(ethers);
  // No energy token: these tests never admit anyone (admission opens the admitted prosumer's account there).
  const registry = (await ethers.deployContract('ProsumerRegistry', [
    f.safeAddress,
    1n,
    ethers.ZeroAddress,
  ])) as unknown as Contract;
  const registryAddress = await registry.getAddress();
  const guard = (await ethers.deployContract('ConsortiumGuard', [
    f.safeAddress,
    f.multiSendCallOnly,
    [registryAddress],
  ])) as unknown as Contract;
  const guardAddress = await guard.getAddress();
  await (await execute(f, selfCall(f, 'setGuard', [guardAddress]))).wait();
  return { ...f, guard, guardAddress, registry, registryAddress };
}

const setFee = (g: Guarded, fee: bigint): SafeTx =>
  call(g.registryAddress, registryInterface.encodeFunctionData('setRegistrationFee', [fee]));

/** `tx`, signed by two owners, reverts with the guard's `error(args)`, and the Safe's nonce stays. */
async function expectRefused(g: Guarded, tx: SafeTx, error: string, args: unknown[]): Promise<void> {
  const nonce = await g.safe.nonce();
  await expect(execute(g, tx))
    .to.be.revertedWithCustomError(g.guard, error)
    .withArgs(...args);
  expect(await g.safe.nonce()).to.equal(nonce);
}

async function expectExecuted(g: Guarded, tx: SafeTx): Promise<void> {
  const nonce = await g.safe.nonce();
  await expect(execute(g, tx)).to.emit(g.safe, 'ExecutionSuccess');
  expect(await g.safe.nonce()).to.equal(nonce + 1n);
}

describe('ConsortiumGuard', () => {
  describe('installation', () => {
    it('declares the Safe guard interface and ERC-165, and nothing else', async () => {
      const g = await loadFixture(guarded);
      expect(await g.guard.supportsInterface(GUARD_INTERFACE_ID)).to.equal(true);
      expect(await g.guard.supportsInterface(ERC165_INTERFACE_ID)).to.equal(true);
      expect(await g.guard.supportsInterface('0xffffffff')).to.equal(false);
    });

    it('is installed through the Safe and sits in its guard storage slot', async () => {
      const g = await loadFixture(guarded);
      expect(getAddress(await installedGuard(g))).to.equal(g.guardAddress);
      expect(await g.guard.safe()).to.equal(g.safeAddress);
      expect(await g.guard.multiSendCallOnly()).to.equal(g.multiSendCallOnly);
    });

    it('refuses a MultiSendCallOnly that is not Safe v1.4.1’s, naming the address and its code hash', async () => {
      const g = await loadFixture(guarded);
      const factory = await ethers.getContractFactory('ConsortiumGuard');
      const code = await ethers.provider.getCode(g.multiSend);
      await expect(factory.deploy(g.safeAddress, g.multiSend, []))
        .to.be.revertedWithCustomError(g.guard, 'NotMultiSendCallOnly')
        .withArgs(g.multiSend, ethers.keccak256(code));
    });

    it('emits the first allowlist', async () => {
      const g = await loadFixture(guarded);
      await expect(g.guard.deploymentTransaction())
        .to.emit(g.guard, 'TargetAllowlistChanged')
        .withArgs(g.registryAddress, true);
      expect(await g.guard.isAllowedTarget(g.registryAddress)).to.equal(true);
    });

    it('keeps its rules on another Safe that installs it, which can still manage its owners and remove it', async () => {
      const g = await loadFixture(guarded);
      const other = await deploySafe(ethers);
      const asOther = { ...g, ...other } as Guarded;
      await expectExecuted(asOther, selfCall(other, 'setGuard', [g.guardAddress]));
      const module = g.executor.address;
      const enable = selfCall(other, 'enableModule', [module]);
      await expectRefused(asOther, enable, 'ModuleChangeRefused', [enable.data.slice(0, 10), module]);
      await expectRefused(asOther, call(module, '0x', 1n), 'TargetNotAllowed', [module]);
      await expectExecuted(asOther, selfCall(other, 'changeThreshold', [1]));
      await expectExecuted(asOther, selfCall(other, 'setGuard', [ZeroAddress]));
      // Its allowlists stay the guarded Safe's.
      const allow = call(
        g.guardAddress,
        g.guard.interface.encodeFunctionData('setTargetAllowed', [module, true]),
      );
      await expectExecuted(asOther, selfCall(other, 'setGuard', [g.guardAddress]));
      const nonce = await other.safe.nonce();
      // The guard refuses the other Safe (NotGuardedSafe), so the call fails and the Safe reverts (GS013).
      await expect(execute(asOther, allow)).to.be.revertedWith('GS013');
      expect(await other.safe.nonce()).to.equal(nonce);
      expect(await g.guard.isAllowedTarget(module)).to.equal(false);
    });
  });

  describe('calls to allowed targets', () => {
    it('lets a call to an allowed target through', async () => {
      const g = await loadFixture(guarded);
      await expectExecuted(g, setFee(g, 5n));
      expect(await g.registry.registrationFeeWei()).to.equal(5n);
    });

    it('refuses a call to an address off the allowlist (rule: allowed targets)', async () => {
      const g = await loadFixture(guarded);
      const stranger = g.executor.address;
      await expectRefused(g, call(stranger, '0x', 10n ** 18n), 'TargetNotAllowed', [stranger]);
    });

    it('the Safe changes the allowlist through the guard itself, with an event each way', async () => {
      const g = await loadFixture(guarded);
      const stranger = g.executor.address;
      const allow = (allowed: boolean) =>
        call(g.guardAddress, g.guard.interface.encodeFunctionData('setTargetAllowed', [stranger, allowed]));
      await expect(execute(g, allow(true)))
        .to.emit(g.guard, 'TargetAllowlistChanged')
        .withArgs(stranger, true);
      await expect(execute(g, call(stranger, '0x', 1n))).to.changeEtherBalance(ethers, stranger, 1n);
      await expect(execute(g, allow(false)))
        .to.emit(g.guard, 'TargetAllowlistChanged')
        .withArgs(stranger, false);
      await expectRefused(g, call(stranger, '0x', 1n), 'TargetNotAllowed', [stranger]);
    });

    it('nobody but the Safe changes the allowlists', async () => {
      const g = await loadFixture(guarded);
      const owner = g.owners[0]!;
      const guard = g.guard.connect(owner) as Contract;
      await expect(guard.setTargetAllowed(owner.address, true))
        .to.be.revertedWithCustomError(g.guard, 'NotGuardedSafe')
        .withArgs(owner.address);
      await expect(guard.setSuccessorGuardAllowed(owner.address, true))
        .to.be.revertedWithCustomError(g.guard, 'NotGuardedSafe')
        .withArgs(owner.address);
    });
  });

  describe('calls to the Safe itself', () => {
    it('lets owner management through: add, swap, remove an owner and change the threshold', async () => {
      const g = await loadFixture(guarded);
      const [a, b, c] = g.owners.map((o) => o.address);
      const newcomer = g.executor.address;
      const replacement = getAddress(id('replacement owner').slice(0, 42));
      await expectExecuted(g, selfCall(g, 'addOwnerWithThreshold', [newcomer, 2]));
      // Owners are a linked list from the sentinel, newest first: newcomer -> a -> b -> c.
      await expectExecuted(g, selfCall(g, 'swapOwner', [b, c, replacement]));
      await expectExecuted(g, selfCall(g, 'removeOwner', [SENTINEL, newcomer, 2]));
      await expectExecuted(g, selfCall(g, 'changeThreshold', [1]));
      expect(await g.safe.getThreshold()).to.equal(1n);
      expect(await g.safe.getOwners()).to.deep.equal([a, b, replacement]);
    });

    it('lets the empty rejection call through (it only uses up the nonce)', async () => {
      const g = await loadFixture(guarded);
      await expectExecuted(g, call(g.safeAddress));
    });

    it('refuses enableModule (rule: no modules)', async () => {
      const g = await loadFixture(guarded);
      const module = g.executor.address;
      const tx = selfCall(g, 'enableModule', [module]);
      await expectRefused(g, tx, 'ModuleChangeRefused', [tx.data.slice(0, 10), module]);
      expect(await g.safe.isModuleEnabled(module)).to.equal(false);
    });

    it('refuses disableModule (rule: no modules)', async () => {
      const g = await loadFixture(guarded);
      const module = g.executor.address;
      const tx = selfCall(g, 'disableModule', [SENTINEL, module]);
      await expectRefused(g, tx, 'ModuleChangeRefused', [tx.data.slice(0, 10), module]);
    });

    it('refuses setFallbackHandler (rule: no fallback handler change)', async () => {
      const g = await loadFixture(guarded);
      const handler = g.executor.address;
      await expectRefused(g, selfCall(g, 'setFallbackHandler', [handler]), 'FallbackHandlerChangeRefused', [
        handler,
      ]);
    });

    it('refuses any other call to the Safe, naming the selector', async () => {
      const g = await loadFixture(guarded);
      const tx = selfCall(g, 'approveHash', [id('anything')]);
      await expectRefused(g, tx, 'SafeSelfCallRefused', [tx.data.slice(0, 10)]);
      await expectRefused(g, call(g.safeAddress, '0x01'), 'SafeSelfCallRefused', ['0x01000000']);
    });
  });

  describe('guard management', () => {
    it('lets the Safe remove the guard', async () => {
      const g = await loadFixture(guarded);
      await expect(execute(g, selfCall(g, 'setGuard', [ZeroAddress])))
        .to.emit(g.safe, 'ChangedGuard')
        .withArgs(ZeroAddress);
      expect(BigInt(await installedGuard(g))).to.equal(0n);
    });

    it('refuses a successor guard that is not on the successor allowlist (rule: guard change)', async () => {
      const g = await loadFixture(guarded);
      const next = await ethers.deployContract('ConsortiumGuard', [g.safeAddress, g.multiSendCallOnly, []]);
      const nextAddress = await next.getAddress();
      await expectRefused(g, selfCall(g, 'setGuard', [nextAddress]), 'GuardChangeRefused', [nextAddress]);
    });

    it('switches to an allowed successor in two Safe transactions, not in one batch', async () => {
      const g = await loadFixture(guarded);
      const next = await ethers.deployContract('ConsortiumGuard', [g.safeAddress, g.multiSendCallOnly, []]);
      const nextAddress = await next.getAddress();
      const allow = call(
        g.guardAddress,
        g.guard.interface.encodeFunctionData('setSuccessorGuardAllowed', [nextAddress, true]),
      );
      const set = selfCall(g, 'setGuard', [nextAddress]);
      await expectRefused(g, batch(g, [allow, set]), 'GuardChangeRefused', [nextAddress]);
      await expect(execute(g, allow))
        .to.emit(g.guard, 'SuccessorGuardAllowlistChanged')
        .withArgs(nextAddress, true);
      await expectExecuted(g, set);
      expect(getAddress(await installedGuard(g))).to.equal(nextAddress);
    });
  });

  describe('delegatecalls', () => {
    it('refuses a delegatecall to anything but MultiSendCallOnly (rule: delegatecall)', async () => {
      const g = await loadFixture(guarded);
      const tx: SafeTx = { ...batch(g, [setFee(g, 3n)]), to: g.multiSend };
      await expectRefused(g, tx, 'DelegateCallRefused', [g.multiSend, Operation.DelegateCall]);
      await expectRefused(g, { ...setFee(g, 3n), operation: Operation.DelegateCall }, 'DelegateCallRefused', [
        g.registryAddress,
        Operation.DelegateCall,
      ]);
    });

    it('lets a MultiSendCallOnly batch of allowed calls and owner management through', async () => {
      const g = await loadFixture(guarded);
      await expectExecuted(
        g,
        batch(g, [setFee(g, 7n), selfCall(g, 'changeThreshold', [3]), call(g.safeAddress)]),
      );
      expect(await g.registry.registrationFeeWei()).to.equal(7n);
      expect(await g.safe.getThreshold()).to.equal(3n);
    });

    it('checks every call inside a batch with the same rules', async () => {
      const g = await loadFixture(guarded);
      const module = g.executor.address;
      const enable = selfCall(g, 'enableModule', [module]);
      await expectRefused(g, batch(g, [setFee(g, 7n), enable]), 'ModuleChangeRefused', [
        enable.data.slice(0, 10),
        module,
      ]);
      await expectRefused(g, batch(g, [call(module, '0x', 1n), setFee(g, 7n)]), 'TargetNotAllowed', [module]);
      await expectRefused(
        g,
        batch(g, [{ ...setFee(g, 7n), operation: Operation.DelegateCall }]),
        'DelegateCallRefused',
        [g.registryAddress, Operation.DelegateCall],
      );
    });

    it('refuses a batch that is not exactly a sequence of whole entries', async () => {
      const g = await loadFixture(guarded);
      const whole = batch(g, [setFee(g, 7n)]);
      const multiSend = new Interface(['function multiSend(bytes)']);
      const packed = multiSend.decodeFunctionData('multiSend', whole.data)[0] as string;
      const truncated = multiSend.encodeFunctionData('multiSend', [packed.slice(0, -2)]);
      const trailing = multiSend.encodeFunctionData('multiSend', [`${packed}00`]);
      await expectRefused(g, { ...whole, data: truncated }, 'MalformedBatch', [0]);
      await expectRefused(g, { ...whole, data: trailing }, 'MalformedBatch', [(packed.length - 2) / 2]);
      await expectRefused(
        g,
        { ...whole, data: id('multiSend(bytes32)').slice(0, 10) },
        'MalformedBatch',
        [0],
      );
    });
  });

  describe('gas refunds and failing calls', () => {
    for (const [field, value] of [
      ['gasPrice', 1n],
      ['gasToken', '0x000000000000000000000000000000000000dEaD'],
      ['refundReceiver', '0x000000000000000000000000000000000000dEaD'],
    ] as const) {
      it(`refuses a non-zero ${field} (rule: no gas refunds)`, async () => {
        const g = await loadFixture(guarded);
        const tx = { ...setFee(g, 9n), [field]: value };
        await expectRefused(g, tx, 'GasRefundRefused', [tx.gasPrice, tx.gasToken, tx.refundReceiver]);
      });
    }

    it('refuses a failing call whatever its safeTxGas, so no nonce is burnt (rule: no failing calls)', async () => {
      const g = await loadFixture(guarded);
      // The registry has no such function and no fallback: the call fails, which safeTxGas 1 would allow.
      const failing = { ...call(g.registryAddress, id('noSuchFunction()').slice(0, 10)), safeTxGas: 1n };
      const nonce = await g.safe.nonce();
      await expectRefused(g, failing, 'FailedExecutionRefused', [await safeTxHash(g, failing, nonce)]);
      await expectExecuted(g, { ...setFee(g, 4n), safeTxGas: 100_000n });
    });
  });

  it('the same transactions run on the Safe once the guard is removed (the guard is what refuses them)', async () => {
    const g = await loadFixture(guarded);
    await expectExecuted(g, selfCall(g, 'setGuard', [ZeroAddress]));
    const module = g.executor.address;
    await expectExecuted(g, selfCall(g, 'enableModule', [module]));
    expect(await g.safe.isModuleEnabled(module)).to.equal(true);
  });
});
