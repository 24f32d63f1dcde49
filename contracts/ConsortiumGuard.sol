// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ISafeTransactionGuard} from "./interfaces/ISafeTransactionGuard.sol";

/// @title The consortium's signing policy, enforced by the Safe at execution
/// @notice A Safe v1.4.1 transaction guard for one Safe. It refuses, whoever signed and whatever UI built
/// the transaction:
/// - gas refunds: a non-zero `gasPrice`, `gasToken` or `refundReceiver`;
/// - a transaction whose call fails (in `checkAfterExecution`): with `gasPrice` zero a failing call then
///   reverts like Safe's own GS013 does for `safeTxGas == 0`, so no `safeTxGas` can burn a nonce;
/// - any delegatecall except a `multiSend` batch of the canonical MultiSendCallOnly, whose every inner
///   call is checked by the call rules below;
/// - calls to the Safe itself except owner management (`addOwnerWithThreshold`, `removeOwner`,
///   `swapOwner`, `changeThreshold`), guard management (`setGuard` to address(0) or to an allowed
///   successor guard) and the empty call Safe{Wallet} uses to reject a queued transaction;
/// - calls to any other address that is neither this guard nor on the allowlist the Safe governs.
/// @dev The guard must never brick the Safe (a guard that refuses its own removal leaves the Safe with no
/// way out): owner management and `setGuard(address(0))` are refused only for a gas refund or a failing
/// call, both in the signers' hands. The rules are read relative to the calling Safe, so even a Safe that
/// installs a guard made for another keeps them (with the other Safe's allowlist); only the allowlists
/// belong to `safe`. Fuzzed in `test/ConsortiumGuard.t.sol`.
contract ConsortiumGuard is ISafeTransactionGuard, IERC165 {
    /// @notice keccak256 of the runtime code of Safe's MultiSendCallOnly v1.4.1, the same on every chain
    /// (safe-deployments' `codeHash` of its canonical deployment).
    bytes32 public constant MULTI_SEND_CALL_ONLY_CODEHASH =
        0xecd5bd14a08c5d2122379900b2f272bdf107a7e92423c10dd5fe3254386c9939;

    /// @dev The length of an entry's head in a MultiSend batch: operation (1), to (20), value (32), data length (32).
    uint256 private constant BATCH_ENTRY_HEAD = 85;
    /// @dev Where a `multiSend(bytes)` call's batch starts: selector (4), offset (32), length (32).
    uint256 private constant MULTI_SEND_PAYLOAD = 68;
    uint8 private constant OPERATION_CALL = 0;
    uint8 private constant OPERATION_DELEGATECALL = 1;

    bytes4 private constant MULTI_SEND = bytes4(keccak256("multiSend(bytes)"));
    bytes4 private constant ADD_OWNER_WITH_THRESHOLD = bytes4(keccak256("addOwnerWithThreshold(address,uint256)"));
    bytes4 private constant REMOVE_OWNER = bytes4(keccak256("removeOwner(address,address,uint256)"));
    bytes4 private constant SWAP_OWNER = bytes4(keccak256("swapOwner(address,address,address)"));
    bytes4 private constant CHANGE_THRESHOLD = bytes4(keccak256("changeThreshold(uint256)"));
    bytes4 private constant SET_GUARD = bytes4(keccak256("setGuard(address)"));
    bytes4 private constant ENABLE_MODULE = bytes4(keccak256("enableModule(address)"));
    bytes4 private constant DISABLE_MODULE = bytes4(keccak256("disableModule(address,address)"));
    bytes4 private constant SET_FALLBACK_HANDLER = bytes4(keccak256("setFallbackHandler(address)"));

    /// @notice The Safe this guard was made for: the only one that may change the allowlists.
    address public immutable safe;
    /// @notice The MultiSendCallOnly whose `multiSend` batches the Safe may delegatecall.
    address public immutable multiSendCallOnly;

    /// @notice Addresses the Safe may call besides itself and this guard.
    mapping(address target => bool allowed) public isAllowedTarget;
    /// @notice Guards the Safe may switch to with `setGuard` (address(0), removal, needs no entry).
    mapping(address guard => bool allowed) public isAllowedSuccessorGuard;

    /// @notice The Safe allowed (`allowed`) or stopped allowing calls to `target`.
    event TargetAllowlistChanged(address indexed target, bool allowed);
    /// @notice The Safe allowed (`allowed`) or stopped allowing `setGuard(guard)`.
    event SuccessorGuardAllowlistChanged(address indexed guard, bool allowed);

    /// @notice `caller` is not the Safe this guard was made for, so it may not change the allowlists.
    error NotGuardedSafe(address caller);
    /// @notice `account` has not the runtime code of Safe's MultiSendCallOnly v1.4.1.
    /// @param codehash What `account` holds instead.
    error NotMultiSendCallOnly(address account, bytes32 codehash);
    /// @notice Rule "no gas refunds": the transaction would pay its executor from the Safe.
    error GasRefundRefused(uint256 gasPrice, address gasToken, address refundReceiver);
    /// @notice Rule "no failing calls": the Safe transaction `safeTxHash` failed; reverting keeps its nonce.
    error FailedExecutionRefused(bytes32 safeTxHash);
    /// @notice Rule "delegatecall only to MultiSendCallOnly": a delegatecall (or batch entry of operation
    /// `operation`) to `to`.
    error DelegateCallRefused(address to, uint8 operation);
    /// @notice A delegatecall to MultiSendCallOnly that is not a well-formed `multiSend(bytes)` batch;
    /// `offset` is where reading it failed (in the call data, or in the batch for its entries).
    error MalformedBatch(uint256 offset);
    /// @notice Rule "no modules": `enableModule` / `disableModule` (`selector`) of `module`.
    error ModuleChangeRefused(bytes4 selector, address module);
    /// @notice Rule "no fallback handler change": `setFallbackHandler(handler)`.
    error FallbackHandlerChangeRefused(address handler);
    /// @notice Rule "guard changes only to address(0) or an allowed successor": `setGuard(guard)`.
    error GuardChangeRefused(address guard);
    /// @notice Rule "the Safe calls itself only to manage owners or its guard": a call with `selector`.
    error SafeSelfCallRefused(bytes4 selector);
    /// @notice Rule "calls only to allowed targets": `to` is not on the allowlist.
    error TargetNotAllowed(address to);

    modifier onlySafe() {
        if (msg.sender != safe) revert NotGuardedSafe(msg.sender);
        _;
    }

    /// @param safe_ The Safe to guard.
    /// @param multiSendCallOnly_ Safe's MultiSendCallOnly v1.4.1 on this chain (its code is checked).
    /// @param targets The first allowlist (the market's contracts); each gets a {TargetAllowlistChanged}.
    constructor(address safe_, address multiSendCallOnly_, address[] memory targets) {
        if (multiSendCallOnly_.codehash != MULTI_SEND_CALL_ONLY_CODEHASH) {
            revert NotMultiSendCallOnly(multiSendCallOnly_, multiSendCallOnly_.codehash);
        }
        safe = safe_;
        multiSendCallOnly = multiSendCallOnly_;
        for (uint256 i = 0; i < targets.length; ++i) {
            _setTargetAllowed(targets[i], true);
        }
    }

    /// @notice Allows (or stops allowing) the Safe to call `target`. Only the Safe, through a Safe
    /// transaction (which this guard lets through: calls to the guard are always allowed).
    /// @dev Allowing a contract that forwards calls (MultiSend or MultiSendCallOnly by `call`, CreateCall,
    /// a module) lets the Safe reach any address through it: the allowlist is then moot.
    function setTargetAllowed(address target, bool allowed) external onlySafe {
        _setTargetAllowed(target, allowed);
    }

    /// @notice Allows (or stops allowing) `setGuard(guard)`. Only the Safe, through a Safe transaction.
    /// @dev Why successors pass an allowlist while removal needs none: a Safe transaction can do no more
    /// harm by removing the guard than by any owner change the threshold allows, but a `setGuard` to a
    /// contract that refuses everything bricks the Safe for good. Two steps (allow, then set), each signed
    /// by the threshold, make switching to a new guard a decision of its own that nobody can slip into a
    /// batch: entries are checked before any of them runs, so a batch cannot allow and set at once.
    function setSuccessorGuardAllowed(address guard, bool allowed) external onlySafe {
        isAllowedSuccessorGuard[guard] = allowed;
        emit SuccessorGuardAllowlistChanged(guard, allowed);
    }

    /// @inheritdoc ISafeTransactionGuard
    /// @dev `safeTxGas` is not limited: with `gasPrice` zero the Safe gives the call all gas left anyway,
    /// and a call that fails is refused after execution. `baseGas` only counts in a refund, which is refused.
    function checkTransaction(
        address to,
        uint256, // value: each call's target is checked; what the Safe pays whom is the owners' decision
        bytes calldata data,
        uint8 operation,
        uint256, // safeTxGas
        uint256, // baseGas
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes memory, // signatures (memory: one stack slot instead of two)
        address // executor
    ) external view {
        if (gasPrice != 0 || gasToken != address(0) || refundReceiver != address(0)) {
            revert GasRefundRefused(gasPrice, gasToken, refundReceiver);
        }
        if (operation == OPERATION_CALL) {
            _checkCall(to, data);
        } else if (operation == OPERATION_DELEGATECALL && to == multiSendCallOnly) {
            _checkBatch(data);
        } else {
            revert DelegateCallRefused(to, operation);
        }
    }

    /// @inheritdoc ISafeTransactionGuard
    function checkAfterExecution(bytes32 safeTxHash, bool success) external pure {
        if (!success) revert FailedExecutionRefused(safeTxHash);
    }

    /// @notice ERC-165: the Safe's `setGuard` requires the guard interface (0xe6d7a83a).
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(ISafeTransactionGuard).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    function _setTargetAllowed(address target, bool allowed) private {
        isAllowedTarget[target] = allowed;
        emit TargetAllowlistChanged(target, allowed);
    }

    /// @dev A call (top level or batch entry) from the calling Safe to `to` with `data`.
    function _checkCall(address to, bytes calldata data) private view {
        if (to == msg.sender) {
            _checkSelfCall(data);
        } else if (to != address(this) && !isAllowedTarget[to]) {
            revert TargetNotAllowed(to);
        }
    }

    function _checkSelfCall(bytes calldata data) private view {
        // Safe{Wallet}'s on-chain rejection: an empty call to the Safe, which only uses up the nonce.
        if (data.length == 0) return;
        bytes4 selector = bytes4(data); // zero-padded when shorter than four bytes
        if (
            selector == ADD_OWNER_WITH_THRESHOLD
                || selector == REMOVE_OWNER
                || selector == SWAP_OWNER
                || selector == CHANGE_THRESHOLD
        ) return;
        if (selector == SET_GUARD) {
            address guard = _addressArgument(data, 0);
            if (guard == address(0) || guard == address(this) || isAllowedSuccessorGuard[guard]) return;
            revert GuardChangeRefused(guard);
        }
        if (selector == ENABLE_MODULE) revert ModuleChangeRefused(selector, _addressArgument(data, 0));
        if (selector == DISABLE_MODULE) revert ModuleChangeRefused(selector, _addressArgument(data, 1));
        if (selector == SET_FALLBACK_HANDLER) revert FallbackHandlerChangeRefused(_addressArgument(data, 0));
        revert SafeSelfCallRefused(selector);
    }

    /// @dev The `index`th static argument of `data` as the Safe reads it (the low 20 bytes of its word), or
    /// address(0) when `data` is too short (the Safe's call then reverts on decoding).
    function _addressArgument(bytes calldata data, uint256 index) private pure returns (address) {
        uint256 start = 4 + 32 * index;
        if (data.length < start + 32) return address(0);
        return address(uint160(uint256(bytes32(data[start:start + 32]))));
    }

    /// @dev `data` must be `multiSend(bytes)` in the canonical ABI encoding, its batch entries exactly tiling
    /// the bytes: then MultiSendCallOnly runs exactly the entries read here, and each is checked as a call.
    function _checkBatch(bytes calldata data) private view {
        if (data.length < MULTI_SEND_PAYLOAD || bytes4(data[:4]) != MULTI_SEND) revert MalformedBatch(0);
        if (uint256(bytes32(data[4:36])) != 32) revert MalformedBatch(4);
        uint256 batchLength = uint256(bytes32(data[36:68]));
        if (batchLength > data.length - MULTI_SEND_PAYLOAD) revert MalformedBatch(36);
        bytes calldata batch = data[MULTI_SEND_PAYLOAD:MULTI_SEND_PAYLOAD + batchLength];
        uint256 i = 0;
        while (i < batch.length) {
            if (batch.length - i < BATCH_ENTRY_HEAD) revert MalformedBatch(i);
            uint8 operation;
            address to;
            uint256 dataLength;
            // The entry's head read as MultiSendCallOnly reads it (~800 gas less per entry than slicing).
            assembly ("memory-safe") {
                let entry := add(batch.offset, i)
                operation := shr(248, calldataload(entry))
                to := shr(96, calldataload(add(entry, 1)))
                dataLength := calldataload(add(entry, 53))
            }
            if (dataLength > batch.length - i - BATCH_ENTRY_HEAD) revert MalformedBatch(i);
            if (operation != OPERATION_CALL) revert DelegateCallRefused(to, operation);
            uint256 dataStart = i + BATCH_ENTRY_HEAD;
            _checkCall(to, batch[dataStart:dataStart + dataLength]);
            i = dataStart + dataLength;
        }
    }
}
