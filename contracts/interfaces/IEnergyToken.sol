// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProsumerRegistry} from "./IProsumerRegistry.sol";

/// @title Metered energy token
/// @notice ERC-20 where one base unit is one watt-hour (3 decimals, so wallets show kWh). Minted only
/// by meter oracles the owner (the consortium Safe) authorises, once per meter reading, to the admitted
/// prosumer the meter is bound to in the registry. Held and moved only by admitted prosumers and the
/// market; only admitted prosumers and the market may spend an allowance.
interface IEnergyToken {
    /// @notice The owner authorised or de-authorised a meter oracle.
    event MeterOracleSet(address indexed oracle, bool authorised);
    /// @notice An oracle minted metered energy for a reading of `to`'s meter.
    event EnergyMinted(address indexed oracle, address indexed to, uint256 energyWh, bytes32 indexed readingId);

    /// @dev The caller is not an authorised meter oracle.
    error NotMeterOracle(address caller);
    /// @dev The reading was already minted.
    error ReadingAlreadyMinted(bytes32 readingId);
    /// @dev Energy may only be held and moved by admitted prosumers and the market.
    error NotAdmitted(address account);
    /// @dev A zero amount.
    error ZeroEnergy();
    /// @dev The meter id is bound to no prosumer in the registry.
    error UnknownMeter(bytes32 meterId);
    /// @dev Only the market may call this.
    error NotMarket(address caller);
    /// @dev Minting this much would take the total supply to 2^255 Wh or beyond.
    error SupplyCapExceeded(uint256 supply);

    /// @notice Authorise or de-authorise a meter oracle. Owner only.
    function setMeterOracle(address oracle, bool authorised) external;

    /// @notice Mint `energyWh` for meter reading `readingId` of meter `meterId`, to the admitted prosumer
    /// the registry binds that meter to. Oracles only.
    /// @return to The prosumer credited.
    function mint(bytes32 meterId, uint256 energyWh, bytes32 readingId) external returns (address to);

    /// @notice Opens `account`'s energy account, if it is not open yet: its balance slot is created now
    /// (and then never returns to zero), so that what the market later sends it is a non-zero to non-zero
    /// write. The market calls it when `account` buys, so settling the purchase does not create the slot.
    /// Changes no balance. Market only.
    function openAccount(address account) external;

    /// @notice Whether `oracle` may mint.
    function isMeterOracle(address oracle) external view returns (bool);

    /// @notice Whether the reading `readingId` has been minted.
    function readingMinted(bytes32 readingId) external view returns (bool);

    /// @notice The market contract, fixed at deployment: the only non-prosumer that may hold energy.
    function market() external view returns (address);

    /// @notice The registry that decides who is an admitted prosumer and whose meter is whose.
    function registry() external view returns (IProsumerRegistry);
}
