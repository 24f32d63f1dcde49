// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title Ownership by the consortium Safe, which can be handed over but never lost
/// @notice Two-step ownership ({Ownable2Step}): `transferOwnership` only nominates the next owner, who
/// must call `acceptOwnership` itself, so a mistyped address never takes control (the current owner
/// nominates again or cancels by nominating the zero address). Renouncing is disabled: an ownerless
/// market could never resolve a dispute, revoke a compromised meter oracle or admit anyone again.
abstract contract ConsortiumOwned is Ownable2Step {
    /// @dev `renounceOwnership` is disabled on every market contract.
    error OwnershipCannotBeRenounced();

    /// @param owner_ The consortium Safe.
    constructor(address owner_) Ownable(owner_) {}

    /// @notice Always reverts with {OwnershipCannotBeRenounced}: the market contracts must keep an owner.
    function renounceOwnership() public pure override {
        revert OwnershipCannotBeRenounced();
    }
}
