// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Prosumer registry of the energy market
/// @notice Prosumers apply with a fee, a meter id and the hash of their off-chain KYC documents; the
/// consortium's Safe (the owner) admits, rejects, suspends, reinstates and removes them. A decision names
/// the application it was taken on (its hash), so it cannot apply to a later re-application. A meter id
/// is bound to a prosumer only when the owners admit them (they reviewed the documents proving the meter
/// is theirs): applying claims nothing, so nobody can squat a meter id by applying first. Rejection and
/// removal release it. No personal data is stored on chain. Every call is O(1).
interface IProsumerRegistry {
    /// @notice Where a prosumer stands. `None` is an address that never applied.
    enum Status {
        None,
        Pending,
        Admitted,
        Rejected,
        Suspended,
        Removed
    }

    /// @notice An application was filed (also a re-application after a rejection or removal).
    /// `applicationHash` is what `admit` and `reject` must name (see {applicationHashOf}).
    event ProsumerApplied(
        address indexed prosumer, bytes32 indexed meterId, bytes32 kycHash, uint256 feeWei, bytes32 applicationHash
    );
    /// @notice The owner admitted a pending applicant; the meter id is now bound to them.
    event ProsumerAdmitted(address indexed prosumer, bytes32 indexed meterId);
    /// @notice The owner rejected a pending applicant.
    event ProsumerRejected(address indexed prosumer, bytes32 indexed meterId, string reason);
    /// @notice The owner removed an admitted or suspended prosumer; the meter id is released.
    event ProsumerRemoved(address indexed prosumer, bytes32 indexed meterId, string reason);
    /// @notice The owner suspended an admitted prosumer.
    event ProsumerSuspended(address indexed prosumer, string reason);
    /// @notice The owner reinstated a suspended prosumer.
    event ProsumerReinstated(address indexed prosumer);
    /// @notice The registration fee changed.
    event RegistrationFeeChanged(uint256 oldFeeWei, uint256 newFeeWei);
    /// @notice Collected registration fees were sent to the owner.
    event RegistrationFeesWithdrawn(address indexed to, uint256 amountWei);

    /// @dev `msg.value` differs from the registration fee.
    error WrongRegistrationFee(uint256 expectedWei, uint256 sentWei);
    /// @dev The caller already has an application or membership in `status`.
    error AlreadyRegistered(address prosumer, Status status);
    /// @dev The prosumer is not in the status the call requires.
    error UnexpectedStatus(address prosumer, Status status, Status required);
    /// @dev The meter id is bound to another (admitted or suspended) prosumer.
    error MeterAlreadyClaimed(bytes32 meterId, address holder);
    /// @dev The pending application is not the one the decision names (it was re-filed since).
    error ApplicationChanged(address prosumer, bytes32 expectedHash, bytes32 actualHash);
    /// @dev A zero meter id or zero KYC hash.
    error EmptyApplicationField();
    /// @dev Sending the fees to the owner failed.
    error FeeTransferFailed();

    /// @notice File an application. Pays exactly the registration fee.
    /// @param meterId Identifier of the prosumer's meter. It must not be bound to a member; several
    /// pending applications may name it, the owners admit at most one of them.
    /// @param kycHash keccak256 of the off-chain KYC documents.
    function applyForAdmission(bytes32 meterId, bytes32 kycHash) external payable;

    /// @notice Admit a pending applicant and bind its meter id to it; opens its account in the energy token
    /// ({IEnergyToken-openAccount}). Owner only.
    /// @param applicationHash The {applicationHashOf} the owners reviewed; reverts with
    /// {ApplicationChanged} if the pending application is another one.
    function admit(address prosumer, bytes32 applicationHash) external;

    /// @notice Reject a pending applicant with a reason; they may apply again. Owner only.
    /// @param applicationHash The {applicationHashOf} the owners reviewed (see {admit}).
    function reject(address prosumer, bytes32 applicationHash, string calldata reason) external;

    /// @notice Remove an admitted or suspended prosumer and release its meter id; it may apply again.
    /// Whatever the market holds for it (offers, trades, credits) still comes out to it. Owner only.
    function remove(address prosumer, string calldata reason) external;

    /// @notice Suspend an admitted prosumer: they can no longer trade or receive energy. Owner only.
    function suspend(address prosumer, string calldata reason) external;

    /// @notice Reinstate a suspended prosumer. Owner only.
    function reinstate(address prosumer) external;

    /// @notice Set the registration fee for future applications. Owner only.
    function setRegistrationFee(uint256 newFeeWei) external;

    /// @notice Send all collected registration fees to the owner. Owner only.
    function withdrawRegistrationFees() external;

    /// @notice The current registration fee in wei.
    function registrationFeeWei() external view returns (uint256);

    /// @notice Whether `account` is an admitted (and not suspended) prosumer.
    function isAdmitted(address account) external view returns (bool);

    /// @notice The energy token whose accounts admission opens, fixed at deployment (deployed right after
    /// this registry, at an address known in advance; the token checks that it is this one).
    function energyToken() external view returns (address);

    /// @notice The prosumer a meter id is bound to (admitted or suspended), or the zero address.
    function meterHolder(bytes32 meterId) external view returns (address);

    /// @notice The hash that identifies `prosumer`'s current application: keccak256 of the chain id,
    /// this registry, the prosumer, the application's sequence number, meter id and KYC hash.
    function applicationHashOf(address prosumer) external view returns (bytes32);

    /// @notice The registry record of `prosumer`.
    function prosumerOf(address prosumer)
        external
        view
        returns (Status status, bytes32 meterId, bytes32 kycHash, uint64 appliedAt, uint64 updatedAt);
}
