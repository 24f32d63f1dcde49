// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Prosumer registry of the energy market
/// @notice Prosumers apply with a fee, a meter id and the hash of their off-chain KYC documents; the
/// consortium's Safe (the owner) admits, rejects, suspends and reinstates them. No personal data is
/// stored on chain. Every call is O(1).
interface IProsumerRegistry {
    /// @notice Where a prosumer stands. `None` is an address that never applied.
    enum Status {
        None,
        Pending,
        Admitted,
        Rejected,
        Suspended
    }

    /// @notice An application was filed (also a re-application after a rejection).
    event ProsumerApplied(address indexed prosumer, bytes32 indexed meterId, bytes32 kycHash, uint256 feeWei);
    /// @notice The owner admitted a pending applicant.
    event ProsumerAdmitted(address indexed prosumer, bytes32 indexed meterId);
    /// @notice The owner rejected a pending applicant; the meter id is released.
    event ProsumerRejected(address indexed prosumer, bytes32 indexed meterId, string reason);
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
    /// @dev The meter id is already claimed by another prosumer.
    error MeterAlreadyClaimed(bytes32 meterId, address holder);
    /// @dev A zero meter id or zero KYC hash.
    error EmptyApplicationField();
    /// @dev Sending the fees to the owner failed.
    error FeeTransferFailed();

    /// @notice File an application. Pays exactly the registration fee.
    /// @param meterId Identifier of the prosumer's meter (unique among live applications and members).
    /// @param kycHash keccak256 of the off-chain KYC documents.
    function applyForAdmission(bytes32 meterId, bytes32 kycHash) external payable;

    /// @notice Admit a pending applicant. Owner only.
    function admit(address prosumer) external;

    /// @notice Reject a pending applicant with a reason; they may apply again. Owner only.
    function reject(address prosumer, string calldata reason) external;

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

    /// @notice The registry record of `prosumer`.
    function prosumerOf(address prosumer)
        external
        view
        returns (Status status, bytes32 meterId, bytes32 kycHash, uint64 appliedAt, uint64 updatedAt);
}
