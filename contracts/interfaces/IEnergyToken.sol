// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProsumerRegistry} from "./IProsumerRegistry.sol";

/// @title Metered energy token
/// @notice ERC-20 where one base unit is one watt-hour (3 decimals, so wallets show kWh). Minted only
/// by meter oracles the owner (the consortium Safe) authorises, once per meter reading, to the admitted
/// prosumer the meter is bound to in the registry: a holder's readings are minted in the order they were
/// taken, each later than the one before and than the holder's admission, so none can be minted twice. Held and moved only by admitted prosumers and the
/// market; only admitted prosumers and the market may spend an allowance.
interface IEnergyToken {
    /// @notice The owner authorised or de-authorised a meter oracle.
    event MeterOracleSet(address indexed oracle, bool authorised);
    /// @notice An oracle minted metered energy for a reading of `to`'s meter.
    event EnergyMinted(address indexed oracle, address indexed to, uint256 energyWh, bytes32 indexed readingId);

    /// @dev The caller is not an authorised meter oracle.
    error NotMeterOracle(address caller);
    /// @dev The reading is not later than the last one minted to the meter's holder (a replay, or a reading
    /// submitted out of order), not later than the holder's admission, or from the future.
    error ReadingOutOfOrder(bytes32 meterId, uint64 readAt, uint64 lastReadAt);
    /// @dev Energy may only be held and moved by admitted prosumers and the market.
    error NotAdmitted(address account);
    /// @dev A zero amount.
    error ZeroEnergy();
    /// @dev The meter id is bound to no prosumer in the registry.
    error UnknownMeter(bytes32 meterId);
    /// @dev Only the registry may call this.
    error NotRegistry(address caller);
    /// @dev The registry this token was deployed with names another energy token.
    error RegistryTokenMismatch(address registryToken);
    /// @dev Minting this much would take the total supply beyond 2^128 - 1 Wh.
    error SupplyCapExceeded(uint256 supply);

    /// @notice Authorise or de-authorise a meter oracle. Owner only.
    function setMeterOracle(address oracle, bool authorised) external;

    /// @notice Mint `energyWh` for the reading of meter `meterId` taken at `readAt` (unix seconds), to the
    /// admitted prosumer the registry binds that meter to. Oracles only. `readAt` must be later than the
    /// last reading minted to that prosumer and than its admission, and not in the future
    /// ({ReadingOutOfOrder}); {EnergyMinted} names the reading `keccak256(abi.encodePacked(meterId, readAt))`.
    /// @return to The prosumer credited.
    function mint(bytes32 meterId, uint256 energyWh, uint64 readAt) external returns (address to);

    /// @notice Opens the energy account of `account`, whom the registry admits now: its balance slot is
    /// created now (and then never returns to zero), so what is minted or sent to it later is a non-zero to
    /// non-zero write; and readings taken before now are refused for it ({mint}). Changes no balance.
    /// Registry only.
    function openAccount(address account) external;

    /// @notice Whether `oracle` may mint.
    function isMeterOracle(address oracle) external view returns (bool);

    /// @notice When the last reading minted to `holder` was taken, or one second before its latest
    /// admission if later (readings must be later than this); zero for an account never opened.
    function lastReadingOf(address holder) external view returns (uint64);

    /// @notice The market contract, fixed at deployment: the only non-prosumer that may hold energy.
    function market() external view returns (address);

    /// @notice The registry that decides who is an admitted prosumer and whose meter is whose.
    function registry() external view returns (IProsumerRegistry);
}
