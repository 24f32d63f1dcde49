// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The transaction guard interface of Safe v1.4.1 (`Guard` in Safe's GuardManager.sol)
/// @notice Its ERC-165 id is 0xe6d7a83a, which the Safe's `setGuard` requires. `operation` is Safe's
/// `Enum.Operation` as the ABI carries it: 0 call, 1 delegatecall.
interface ISafeTransactionGuard {
    /// @notice Called by the Safe in `execTransaction` before the call; reverting refuses the transaction.
    /// @param executor The account that submitted `execTransaction`.
    function checkTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes memory signatures,
        address executor
    ) external;

    /// @notice Called by the Safe after the call (and any refund); reverting undoes the whole transaction.
    /// @param safeTxHash The hash of the Safe transaction that ran.
    /// @param success Whether its call succeeded.
    function checkAfterExecution(bytes32 safeTxHash, bool success) external;
}
