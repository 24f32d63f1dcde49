// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test-only contract account: the test scripts its calls, and chooses what happens when it is
/// paid native POL: accept, refuse, or re-enter a target (recording whether the re-entry succeeded).
contract ScriptedAccount {
    enum OnReceive {
        Accept,
        Refuse,
        Reenter
    }

    OnReceive public onReceive;
    address public reentryTarget;
    bytes public reentryData;
    uint256 public reentryAttempts;
    uint256 public reentrySuccesses;
    bytes public lastReentryRevert;

    /// @notice Call `target` as this account; bubbles the callee's revert data unchanged.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    function setOnReceive(OnReceive mode, address target, bytes calldata data) external {
        onReceive = mode;
        reentryTarget = target;
        reentryData = data;
    }

    receive() external payable {
        if (onReceive == OnReceive.Refuse) revert("ScriptedAccount: refusing payment");
        if (onReceive == OnReceive.Reenter) {
            reentryAttempts++;
            (bool ok, bytes memory result) = reentryTarget.call(reentryData);
            if (ok) reentrySuccesses++;
            else lastReentryRevert = result;
        }
    }
}
