// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The cheatcodes these tests use (forge-std's Vm subset; EDR serves them at the cheatcode address).
interface Vm {
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function warp(uint256 newTimestamp) external;
    function deal(address account, uint256 newBalance) external;
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external pure;
    function label(address account, string calldata newLabel) external;
    function getNonce(address account) external view returns (uint64);
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;
    function assertEq(address left, address right, string calldata error) external pure;
    function assertTrue(bool condition, string calldata error) external pure;
}

/// @notice Minimal local stand-in for forge-std's Test: the npm forge-std is too old for this compiler.
/// Assertions are cheatcodes that revert, which EDR reports as failures.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev The shape the invariant runner reads from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    address private _selectorTarget;
    bytes4[] private _selectors;

    /// @dev Read by the invariant runner: only these contracts get random calls.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    /// @dev Read by the invariant runner: only these functions of the target get random calls.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        if (_selectorTarget == address(0)) return targets;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(_selectorTarget, _selectors);
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSelectors(address target, bytes4[] memory selectors) internal {
        _selectorTarget = target;
        _selectors = selectors;
    }

    /// @dev `x` mapped into [min, max] (inclusive), spread evenly enough for fuzzing.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }
}
