// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IProsumerRegistry} from "./interfaces/IProsumerRegistry.sol";

/// @title Prosumer registry of the energy market
/// @notice See {IProsumerRegistry}. The owner is the consortium Safe.
contract ProsumerRegistry is IProsumerRegistry, Ownable {
    /// @dev One slot for status and timestamps, then the two hashes.
    struct Record {
        Status status;
        uint64 appliedAt;
        uint64 updatedAt;
        bytes32 meterId;
        bytes32 kycHash;
    }

    mapping(address prosumer => Record) private _records;
    /// @notice Which prosumer holds a meter id (pending, admitted or suspended); zero when free.
    mapping(bytes32 meterId => address holder) public meterHolder;
    /// @inheritdoc IProsumerRegistry
    uint256 public registrationFeeWei;

    /// @param owner_ The consortium Safe.
    /// @param registrationFeeWei_ The fee an application pays, in wei.
    constructor(address owner_, uint256 registrationFeeWei_) Ownable(owner_) {
        registrationFeeWei = registrationFeeWei_;
        emit RegistrationFeeChanged(0, registrationFeeWei_);
    }

    /// @inheritdoc IProsumerRegistry
    function applyForAdmission(bytes32 meterId, bytes32 kycHash) external payable {
        if (meterId == bytes32(0) || kycHash == bytes32(0)) revert EmptyApplicationField();
        Record storage record = _records[msg.sender];
        Status status = record.status;
        if (status != Status.None && status != Status.Rejected) revert AlreadyRegistered(msg.sender, status);
        if (msg.value != registrationFeeWei) revert WrongRegistrationFee(registrationFeeWei, msg.value);
        address holder = meterHolder[meterId];
        if (holder != address(0)) revert MeterAlreadyClaimed(meterId, holder);

        meterHolder[meterId] = msg.sender;
        uint64 now_ = uint64(block.timestamp);
        _records[msg.sender] =
            Record({status: Status.Pending, appliedAt: now_, updatedAt: now_, meterId: meterId, kycHash: kycHash});
        emit ProsumerApplied(msg.sender, meterId, kycHash, msg.value);
    }

    /// @inheritdoc IProsumerRegistry
    function admit(address prosumer) external onlyOwner {
        Record storage record = _transition(prosumer, Status.Pending, Status.Admitted);
        emit ProsumerAdmitted(prosumer, record.meterId);
    }

    /// @inheritdoc IProsumerRegistry
    function reject(address prosumer, string calldata reason) external onlyOwner {
        Record storage record = _transition(prosumer, Status.Pending, Status.Rejected);
        bytes32 meterId = record.meterId;
        delete meterHolder[meterId];
        emit ProsumerRejected(prosumer, meterId, reason);
    }

    /// @inheritdoc IProsumerRegistry
    function suspend(address prosumer, string calldata reason) external onlyOwner {
        _transition(prosumer, Status.Admitted, Status.Suspended);
        emit ProsumerSuspended(prosumer, reason);
    }

    /// @inheritdoc IProsumerRegistry
    function reinstate(address prosumer) external onlyOwner {
        _transition(prosumer, Status.Suspended, Status.Admitted);
        emit ProsumerReinstated(prosumer);
    }

    /// @inheritdoc IProsumerRegistry
    function setRegistrationFee(uint256 newFeeWei) external onlyOwner {
        emit RegistrationFeeChanged(registrationFeeWei, newFeeWei);
        registrationFeeWei = newFeeWei;
    }

    /// @inheritdoc IProsumerRegistry
    function withdrawRegistrationFees() external onlyOwner {
        address to = owner();
        uint256 amount = address(this).balance;
        emit RegistrationFeesWithdrawn(to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert FeeTransferFailed();
    }

    /// @inheritdoc IProsumerRegistry
    function isAdmitted(address account) external view returns (bool) {
        return _records[account].status == Status.Admitted;
    }

    /// @inheritdoc IProsumerRegistry
    function prosumerOf(address prosumer)
        external
        view
        returns (Status status, bytes32 meterId, bytes32 kycHash, uint64 appliedAt, uint64 updatedAt)
    {
        Record storage record = _records[prosumer];
        return (record.status, record.meterId, record.kycHash, record.appliedAt, record.updatedAt);
    }

    function _transition(address prosumer, Status from, Status to) private returns (Record storage record) {
        record = _records[prosumer];
        if (record.status != from) revert UnexpectedStatus(prosumer, record.status, from);
        record.status = to;
        record.updatedAt = uint64(block.timestamp);
    }
}
