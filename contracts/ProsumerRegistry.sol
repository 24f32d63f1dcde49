// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ConsortiumOwned} from "./ConsortiumOwned.sol";
import {IEnergyToken} from "./interfaces/IEnergyToken.sol";
import {IProsumerRegistry} from "./interfaces/IProsumerRegistry.sol";

/// @title Prosumer registry of the energy market
/// @notice See {IProsumerRegistry}. The owner is the consortium Safe.
contract ProsumerRegistry is IProsumerRegistry, ConsortiumOwned {
    /// @dev One slot for status, timestamps and the application counter, then the two hashes.
    struct Record {
        Status status;
        uint64 appliedAt;
        uint64 updatedAt;
        /// @dev How many applications this address has filed; part of the application hash, so a
        /// re-application with identical fields still gets a new hash.
        uint64 applications;
        bytes32 meterId;
        bytes32 kycHash;
    }

    mapping(address prosumer => Record) private _records;
    /// @inheritdoc IProsumerRegistry
    mapping(bytes32 meterId => address holder) public meterHolder;
    /// @inheritdoc IProsumerRegistry
    uint256 public registrationFeeWei;
    /// @inheritdoc IProsumerRegistry
    address public immutable energyToken;

    /// @param owner_ The consortium Safe.
    /// @param registrationFeeWei_ The fee an application pays, in wei.
    /// @param energyToken_ The energy token (deployed after this registry, at an address known in advance).
    constructor(address owner_, uint256 registrationFeeWei_, address energyToken_) ConsortiumOwned(owner_) {
        energyToken = energyToken_;
        registrationFeeWei = registrationFeeWei_;
        emit RegistrationFeeChanged(0, registrationFeeWei_);
    }

    /// @inheritdoc IProsumerRegistry
    function applyForAdmission(bytes32 meterId, bytes32 kycHash) external payable {
        if (meterId == bytes32(0) || kycHash == bytes32(0)) revert EmptyApplicationField();
        Record storage record = _records[msg.sender];
        Status status = record.status;
        if (status != Status.None && status != Status.Rejected && status != Status.Removed) {
            revert AlreadyRegistered(msg.sender, status);
        }
        if (msg.value != registrationFeeWei) revert WrongRegistrationFee(registrationFeeWei, msg.value);
        address holder = meterHolder[meterId];
        if (holder != address(0)) revert MeterAlreadyClaimed(meterId, holder);

        uint64 now_ = uint64(block.timestamp);
        _records[msg.sender] = Record({
            status: Status.Pending,
            appliedAt: now_,
            updatedAt: now_,
            applications: record.applications + 1,
            meterId: meterId,
            kycHash: kycHash
        });
        emit ProsumerApplied(msg.sender, meterId, kycHash, msg.value, _applicationHash(msg.sender, record));
    }

    /// @inheritdoc IProsumerRegistry
    /// @dev Gas: opening the prosumer's energy account costs the admission ~25,000 gas (a call and, the
    /// first time, a new slot in the token), which every mint to it and every purchase it settles would
    /// otherwise pay: its balance slot never has to be created later, and its readings are recorded there.
    function admit(address prosumer, bytes32 applicationHash) external onlyOwner {
        Record storage record = _decide(prosumer, applicationHash, Status.Admitted);
        bytes32 meterId = record.meterId;
        address holder = meterHolder[meterId];
        if (holder != address(0)) revert MeterAlreadyClaimed(meterId, holder);
        meterHolder[meterId] = prosumer;
        emit ProsumerAdmitted(prosumer, meterId);
        IEnergyToken(energyToken).openAccount(prosumer);
    }

    /// @inheritdoc IProsumerRegistry
    function reject(address prosumer, bytes32 applicationHash, string calldata reason) external onlyOwner {
        Record storage record = _decide(prosumer, applicationHash, Status.Rejected);
        emit ProsumerRejected(prosumer, record.meterId, reason);
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
    function remove(address prosumer, string calldata reason) external onlyOwner {
        Record storage record = _records[prosumer];
        Status status = record.status;
        if (status != Status.Admitted && status != Status.Suspended) {
            revert UnexpectedStatus(prosumer, status, Status.Admitted);
        }
        record.status = Status.Removed;
        record.updatedAt = uint64(block.timestamp);
        bytes32 meterId = record.meterId;
        delete meterHolder[meterId];
        emit ProsumerRemoved(prosumer, meterId, reason);
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
    function applicationHashOf(address prosumer) external view returns (bytes32) {
        return _applicationHash(prosumer, _records[prosumer]);
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

    /// @dev A decision on a pending application: it must be the application the owners reviewed.
    function _decide(address prosumer, bytes32 applicationHash, Status to) private returns (Record storage record) {
        record = _records[prosumer];
        bytes32 actual = _applicationHash(prosumer, record);
        if (record.status == Status.Pending && actual != applicationHash) {
            revert ApplicationChanged(prosumer, applicationHash, actual);
        }
        _transition(prosumer, Status.Pending, to);
    }

    function _transition(address prosumer, Status from, Status to) private returns (Record storage record) {
        record = _records[prosumer];
        if (record.status != from) revert UnexpectedStatus(prosumer, record.status, from);
        record.status = to;
        record.updatedAt = uint64(block.timestamp);
    }

    function _applicationHash(address prosumer, Record storage record) private view returns (bytes32) {
        return keccak256(
            abi.encode(block.chainid, address(this), prosumer, record.applications, record.meterId, record.kycHash)
        );
    }
}
