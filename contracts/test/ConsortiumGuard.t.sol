// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ConsortiumGuard} from "../ConsortiumGuard.sol";
import {TestBase} from "./TestBase.t.sol";

/// @notice The cheatcodes these tests need besides TestBase's (same address).
interface SafeVm {
    function readFile(string calldata path) external view returns (string memory);
    function parseJsonBytes(string calldata json, string calldata key) external pure returns (bytes memory);
    function etch(address target, bytes calldata code) external;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
}

/// @notice What these tests call on Safe v1.4.1 (SafeL2's ABI).
interface ISafe {
    function execTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes memory signatures
    ) external payable returns (bool);
    function getTransactionHash(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver,
        uint256 nonce
    ) external view returns (bytes32);
    function nonce() external view returns (uint256);
    function getOwners() external view returns (address[] memory);
    function getThreshold() external view returns (uint256);
    function isOwner(address owner) external view returns (bool);
    function getStorageAt(uint256 offset, uint256 length) external view returns (bytes memory);
    function setup(
        address[] calldata owners,
        uint256 threshold,
        address to,
        bytes calldata data,
        address fallbackHandler,
        address paymentToken,
        uint256 payment,
        address payable paymentReceiver
    ) external;
    function addOwnerWithThreshold(address owner, uint256 threshold) external;
    function removeOwner(address prevOwner, address owner, uint256 threshold) external;
    function swapOwner(address prevOwner, address oldOwner, address newOwner) external;
    function changeThreshold(uint256 threshold) external;
    function setGuard(address guard) external;
}

interface ISafeProxyFactory {
    function createProxyWithNonce(address singleton, bytes memory initializer, uint256 saltNonce)
        external
        returns (address proxy);
}

interface IMultiSend {
    function multiSend(bytes memory transactions) external payable;
}

/// @notice A real Safe v1.4.1 (the runtime code of Safe's own npm build, as deployed on every chain) with
/// three owners and threshold two, guarded by a ConsortiumGuard; transactions signed with two owners' keys.
/// Fuzzed: the guard never bricks the Safe, and refuses what it must whatever the inputs.
contract ConsortiumGuardTest is TestBase {
    SafeVm internal constant safeVm = SafeVm(address(uint160(uint256(keccak256("hevm cheat code")))));
    string internal constant ARTIFACTS = "node_modules/@safe-global/safe-contracts/build/artifacts/contracts/";
    address internal constant SENTINEL = address(0x1);
    bytes32 internal constant GUARD_STORAGE_SLOT = 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8;

    ISafe internal safe;
    ConsortiumGuard internal guard;
    address internal multiSendCallOnly = address(0x3517C0);
    address internal target = address(0x7A6E7);
    /// @dev Private keys of the owners, by address.
    mapping(address owner => uint256 key) internal keyOf;
    uint256 internal nextKey = 0xA11CE;

    function setUp() public {
        address singleton = etchArtifact("SafeL2.sol/SafeL2.json", address(0x51A6));
        address factory = etchArtifact("proxies/SafeProxyFactory.sol/SafeProxyFactory.json", address(0xFAC7));
        etchArtifact("libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json", multiSendCallOnly);
        safeVm.etch(target, hex"00"); // any code: calls to it succeed (STOP)
        address[] memory owners = new address[](3);
        for (uint256 i = 0; i < 3; ++i) {
            owners[i] = newOwnerKey();
        }
        bytes memory setup =
            abi.encodeCall(ISafe.setup, (owners, 2, address(0), "", address(0), address(0), 0, payable(address(0))));
        safe = ISafe(ISafeProxyFactory(factory).createProxyWithNonce(singleton, setup, 0));
        address[] memory targets = new address[](1);
        targets[0] = target;
        guard = new ConsortiumGuard(address(safe), multiSendCallOnly, targets);
        execOk(address(safe), abi.encodeCall(ISafe.setGuard, (address(guard))), 0);
        vm.assertEq(installedGuard(), address(guard), "guard installed");
    }

    function etchArtifact(string memory path, address at) internal returns (address) {
        string memory json = safeVm.readFile(string.concat(ARTIFACTS, path));
        safeVm.etch(at, safeVm.parseJsonBytes(json, ".deployedBytecode"));
        return at;
    }

    function newOwnerKey() internal returns (address owner) {
        owner = safeVm.addr(nextKey);
        keyOf[owner] = nextKey;
        nextKey += 1;
    }

    function installedGuard() internal view returns (address) {
        return abi.decode(safe.getStorageAt(uint256(GUARD_STORAGE_SLOT), 1), (address));
    }

    /// @dev Signatures of the Safe's first `threshold` owners (sorted by address, as the Safe wants them).
    function signatures(bytes32 digest) internal view returns (bytes memory packed) {
        address[] memory owners = safe.getOwners();
        uint256 threshold = safe.getThreshold();
        // Insertion sort: at most five owners here.
        for (uint256 i = 1; i < owners.length; ++i) {
            for (uint256 j = i; j > 0 && owners[j - 1] > owners[j]; --j) {
                (owners[j - 1], owners[j]) = (owners[j], owners[j - 1]);
            }
        }
        for (uint256 i = 0; i < threshold; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = safeVm.sign(keyOf[owners[i]], digest);
            packed = abi.encodePacked(packed, r, s, v);
        }
    }

    /// @dev `execTransaction` with no refund and no safeTxGas, signed by the owners; returns whether it ran.
    function exec(address to, bytes memory data, uint8 operation) internal returns (bool ok, bytes memory err) {
        return execWith(to, data, operation, 0, address(0), address(0));
    }

    function execWith(
        address to,
        bytes memory data,
        uint8 operation,
        uint256 gasPrice,
        address gasToken,
        address refundReceiver
    ) internal returns (bool ok, bytes memory err) {
        uint256 nonce = safe.nonce();
        bytes32 digest =
            safe.getTransactionHash(to, 0, data, operation, 0, 0, gasPrice, gasToken, refundReceiver, nonce);
        bytes memory sigs = signatures(digest);
        try safe.execTransaction(to, 0, data, operation, 0, 0, gasPrice, gasToken, payable(refundReceiver), sigs)
        returns (bool success) {
            vm.assertTrue(success, "executed");
            vm.assertEq(safe.nonce(), nonce + 1, "nonce used");
            return (true, "");
        } catch (bytes memory reason) {
            vm.assertEq(safe.nonce(), nonce, "nonce kept");
            return (false, reason);
        }
    }

    function execOk(address to, bytes memory data, uint8 operation) internal {
        (bool ok,) = exec(to, data, operation);
        vm.assertTrue(ok, "the Safe transaction runs");
    }

    function expectRefused(address to, bytes memory data, uint8 operation, bytes memory expected) internal {
        (bool ok, bytes memory err) = exec(to, data, operation);
        vm.assertTrue(!ok, "the Safe transaction is refused");
        vm.assertTrue(keccak256(err) == keccak256(expected), "with the guard's error");
    }

    function setTargetAllowed(address who, bool allowed) internal {
        execOk(address(guard), abi.encodeCall(ConsortiumGuard.setTargetAllowed, (who, allowed)), 0);
    }

    function isSpecial(address a) internal view returns (bool) {
        return a == address(0) || a == SENTINEL || a == address(safe) || a == address(guard) || safe.isOwner(a)
            || a == address(vm) || a == address(this);
    }

    /// forge-config: default.fuzz.runs = 64
    function testFuzz_ownerManagementKeepsWorking(address stranger, uint256 thresholdSeed, bool allowStranger)
        public
    {
        vm.assume(!isSpecial(stranger) && stranger != target);
        // Whatever the allowlist holds, owner management goes through.
        setTargetAllowed(stranger, allowStranger);
        setTargetAllowed(target, false);
        address added = newOwnerKey();
        uint256 threshold = bound(thresholdSeed, 1, 4);
        execOk(address(safe), abi.encodeCall(ISafe.addOwnerWithThreshold, (added, threshold)), 0);
        vm.assertEq(safe.getOwners().length, 4, "owner added");
        vm.assertEq(safe.getThreshold(), threshold, "threshold set");
        // Owners are a list from the sentinel, newest first: added -> o0 -> o1 -> o2.
        address[] memory owners = safe.getOwners();
        address replacement = newOwnerKey();
        execOk(address(safe), abi.encodeCall(ISafe.swapOwner, (owners[1], owners[2], replacement)), 0);
        execOk(address(safe), abi.encodeCall(ISafe.removeOwner, (SENTINEL, added, 2)), 0);
        execOk(address(safe), abi.encodeCall(ISafe.changeThreshold, (1 + (thresholdSeed % 3))), 0);
        vm.assertTrue(safe.isOwner(replacement) && !safe.isOwner(added), "owners swapped and removed");
        vm.assertEq(safe.getThreshold(), 1 + (thresholdSeed % 3), "threshold changed");
    }

    /// forge-config: default.fuzz.runs = 64
    function testFuzz_guardRemovalAndChangeKeepWorking(address stranger, bool allowStranger, bool viaBatch) public {
        vm.assume(!isSpecial(stranger) && stranger != target);
        setTargetAllowed(stranger, allowStranger);
        ConsortiumGuard next = new ConsortiumGuard(address(safe), multiSendCallOnly, new address[](0));
        execOk(address(guard), abi.encodeCall(ConsortiumGuard.setSuccessorGuardAllowed, (address(next), true)), 0);
        execOk(address(safe), abi.encodeCall(ISafe.setGuard, (address(next))), 0);
        vm.assertEq(installedGuard(), address(next), "guard changed");
        bytes memory remove = abi.encodeCall(ISafe.setGuard, (address(0)));
        if (viaBatch) {
            bytes memory packed = abi.encodePacked(uint8(0), address(safe), uint256(0), remove.length, remove);
            execOk(multiSendCallOnly, abi.encodeCall(IMultiSend.multiSend, (packed)), 1);
        } else {
            execOk(address(safe), remove, 0);
        }
        vm.assertEq(installedGuard(), address(0), "guard removed");
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_refusesTargetsOffTheAllowlist(address to, bytes memory data) public {
        vm.assume(!isSpecial(to) && to != target);
        expectRefused(to, data, 0, abi.encodeWithSelector(ConsortiumGuard.TargetNotAllowed.selector, to));
        bytes memory packed = abi.encodePacked(uint8(0), to, uint256(0), data.length, data);
        expectRefused(
            multiSendCallOnly,
            abi.encodeCall(IMultiSend.multiSend, (packed)),
            1,
            abi.encodeWithSelector(ConsortiumGuard.TargetNotAllowed.selector, to)
        );
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_refusesSelfCallsBeyondOwnerAndGuardManagement(bytes4 selector, bytes memory args) public {
        vm.assume(
            selector != ISafe.addOwnerWithThreshold.selector && selector != ISafe.removeOwner.selector
                && selector != ISafe.swapOwner.selector && selector != ISafe.changeThreshold.selector
                && selector != ISafe.setGuard.selector
        );
        (bool ok, bytes memory err) = exec(address(safe), bytes.concat(selector, args), 0);
        vm.assertTrue(!ok, "refused");
        bytes4 rule = bytes4(err);
        vm.assertTrue(
            rule == ConsortiumGuard.SafeSelfCallRefused.selector || rule == ConsortiumGuard.ModuleChangeRefused.selector
                || rule == ConsortiumGuard.FallbackHandlerChangeRefused.selector,
            "by the guard's rule for calls to the Safe"
        );
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_refusesGasRefunds(uint256 gasPrice, address gasToken, address refundReceiver) public {
        vm.assume(gasPrice != 0 || gasToken != address(0) || refundReceiver != address(0));
        (bool ok, bytes memory err) = execWith(target, "", 0, gasPrice, gasToken, refundReceiver);
        vm.assertTrue(!ok, "refused");
        vm.assertTrue(
            keccak256(err)
                == keccak256(
                    abi.encodeWithSelector(
                        ConsortiumGuard.GasRefundRefused.selector, gasPrice, gasToken, refundReceiver
                    )
                ),
            "by the refund rule"
        );
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_refusesDelegatecallsElsewhere(address to, bytes memory data) public {
        vm.assume(to != multiSendCallOnly);
        expectRefused(to, data, 1, abi.encodeWithSelector(ConsortiumGuard.DelegateCallRefused.selector, to, 1));
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_refusesBatchesThatDoNotTile(uint8 callCount, uint8 cut) public {
        uint256 count = bound(callCount, 1, 8);
        bytes memory packed;
        for (uint256 i = 0; i < count; ++i) {
            packed = bytes.concat(packed, abi.encodePacked(uint8(0), target, uint256(0), uint256(2), hex"beef"));
        }
        // Cut 1..86 bytes off the end: the last entry is then incomplete.
        uint256 length = packed.length - bound(cut, 1, 86);
        assembly {
            mstore(packed, length)
        }
        (bool ok, bytes memory err) = exec(multiSendCallOnly, abi.encodeCall(IMultiSend.multiSend, (packed)), 1);
        vm.assertTrue(!ok, "refused");
        vm.assertTrue(bytes4(err) == ConsortiumGuard.MalformedBatch.selector, "as a malformed batch");
    }
}
