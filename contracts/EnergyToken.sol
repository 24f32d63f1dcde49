// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ConsortiumOwned} from "./ConsortiumOwned.sol";
import {IEnergyToken} from "./interfaces/IEnergyToken.sol";
import {IProsumerRegistry} from "./interfaces/IProsumerRegistry.sol";

/// @title Metered energy token (1 unit = 1 Wh)
/// @notice See {IEnergyToken}. The owner is the consortium Safe.
contract EnergyToken is IEnergyToken, ERC20, ConsortiumOwned {
    /// @inheritdoc IEnergyToken
    IProsumerRegistry public immutable registry;
    /// @inheritdoc IEnergyToken
    address public immutable market;

    /// @dev An account as stored ({_accounts}): bits 0-127 the balance (Wh), bits 128-191 when its last
    /// reading was taken ({lastReadingOf}), bit 255 set once it is open ({openAccount}).
    uint256 private constant BALANCE = type(uint128).max;
    uint256 private constant READ_AT = uint256(type(uint64).max) << 128;
    uint256 private constant OPEN = 1 << 255;

    mapping(address oracle => bool) private _oracles;
    /// @dev Accounts as stored, instead of {ERC20}'s balances (whose storage stays unused). Gas: a
    /// prosumer's account is opened when the registry admits it, and never returns to zero, so neither a
    /// mint nor the energy a settlement sends a buyer ever creates a slot (5,000 gas instead of 22,100); and
    /// "each reading minted once" is kept by the time of the holder's last reading in the same slot, not
    /// by a new slot per reading (22,100 gas). Trade-offs: emptying an account earns no storage refund; a
    /// holder's readings must be minted in the order they were taken (a late one after a later one is
    /// refused, and so is one taken before its admission); and balances, hence the total supply, stay
    /// below 2^128 Wh ({SupplyCapExceeded}).
    mapping(address account => uint256) private _accounts;
    uint256 private _supply;

    /// @param owner_ The consortium Safe.
    /// @param registry_ The prosumer registry.
    /// @param market_ The market contract (deployed after this token, at an address known in advance).
    constructor(address owner_, IProsumerRegistry registry_, address market_)
        ERC20("Gridkeeper Energy", "kWh")
        ConsortiumOwned(owner_)
    {
        address registryToken = registry_.energyToken();
        if (registryToken != address(this)) revert RegistryTokenMismatch(registryToken);
        registry = registry_;
        market = market_;
    }

    /// @notice Three decimals: one base unit is one watt-hour, wallets show kilowatt-hours.
    function decimals() public pure override returns (uint8) {
        return 3;
    }

    /// @inheritdoc IEnergyToken
    function setMeterOracle(address oracle, bool authorised) external onlyOwner {
        _oracles[oracle] = authorised;
        emit MeterOracleSet(oracle, authorised);
    }

    /// @inheritdoc IEnergyToken
    function mint(bytes32 meterId, uint256 energyWh, uint64 readAt) external returns (address to) {
        if (!_oracles[msg.sender]) revert NotMeterOracle(msg.sender);
        if (energyWh == 0) revert ZeroEnergy();
        to = registry.meterHolder(meterId);
        if (to == address(0)) revert UnknownMeter(meterId);
        uint256 stored = _accounts[to];
        uint64 lastReadAt = uint64(stored >> 128);
        if (readAt <= lastReadAt || readAt > block.timestamp) revert ReadingOutOfOrder(meterId, readAt, lastReadAt);
        _accounts[to] = (stored & ~READ_AT) | (uint256(readAt) << 128);
        _mint(to, energyWh);
        emit EnergyMinted(msg.sender, to, energyWh, keccak256(abi.encodePacked(meterId, readAt)));
    }

    /// @notice ERC-20 `transferFrom`, for spenders that are admitted prosumers or the market only: an
    /// allowance granted before a suspension (or to an outsider) cannot move admitted prosumers' energy.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        address spender = _msgSender();
        if (spender != market && !registry.isAdmitted(spender)) revert NotAdmitted(spender);
        return super.transferFrom(from, to, value);
    }

    /// @inheritdoc IEnergyToken
    /// @dev The holder's last reading time is raised to one second before now: a meter changes holder only
    /// through a removal (which unbinds it) and a later admission, so whatever an earlier holder's meter
    /// read was read before this admission and cannot be minted to this holder.
    function openAccount(address account) external {
        if (msg.sender != address(registry)) revert NotRegistry(msg.sender);
        uint256 stored = _accounts[account];
        uint256 admittedAt = block.timestamp - 1;
        if (uint64(stored >> 128) < admittedAt) stored = (stored & ~READ_AT) | (admittedAt << 128);
        _accounts[account] = stored | OPEN;
    }

    /// @notice ERC-20 balance (Wh).
    function balanceOf(address account) public view override returns (uint256) {
        return _accounts[account] & BALANCE;
    }

    /// @notice ERC-20 total supply (Wh).
    function totalSupply() public view override returns (uint256) {
        return _supply;
    }

    /// @inheritdoc IEnergyToken
    function isMeterOracle(address oracle) external view returns (bool) {
        return _oracles[oracle];
    }

    /// @inheritdoc IEnergyToken
    function lastReadingOf(address holder) external view returns (uint64) {
        return uint64(_accounts[holder] >> 128);
    }

    /// @dev Energy moves only between admitted prosumers and the market. The market, as the escrow,
    /// may always pay out: a seller or buyer suspended mid-trade still gets back what they are owed.
    /// Energy enters the market only when the market pulls it (listing an offer): minted or sent to it
    /// directly, it would be owed to no one and locked for ever.
    function _update(address from, address to, uint256 value) internal override {
        if (from != market) {
            if (from != address(0) && !registry.isAdmitted(from)) revert NotAdmitted(from);
            bool pulledByMarket = to == market && _msgSender() == market;
            if (!pulledByMarket && !registry.isAdmitted(to)) revert NotAdmitted(to);
        }
        // {ERC20-_update} on {_accounts}: the same checks, errors and event. There is no burn, so `to` is
        // never the zero address (ERC20's transfer and mint refuse it).
        if (from == address(0)) {
            uint256 supply = _supply + value;
            if (supply > BALANCE) revert SupplyCapExceeded(supply);
            _supply = supply;
        } else {
            uint256 stored = _accounts[from];
            uint256 balance = stored & BALANCE;
            if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
            unchecked {
                _accounts[from] = stored - value;
            }
        }
        unchecked {
            _accounts[to] += value; // balance + value <= supply <= BALANCE: the other fields are untouched
        }
        emit Transfer(from, to, value);
    }
}
