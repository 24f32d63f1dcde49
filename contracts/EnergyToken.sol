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

    /// @dev The top bit of an account as stored ({_accounts}): set once the account is open.
    uint256 private constant OPEN = 1 << 255;

    mapping(address oracle => bool) private _oracles;
    mapping(bytes32 readingId => bool) private _minted;
    /// @dev Balances as stored, instead of {ERC20}'s (whose storage stays unused): bits 0-254 the balance,
    /// bit 255 set once the account is open ({openAccount}) and never cleared, so an open account's slot
    /// never returns to zero and crediting it never creates a slot (5,000 gas instead of 22,100, e.g. the
    /// energy a settlement sends a buyer). Trade-off: emptying an open account earns no storage refund.
    /// Every balance is at most the total supply, which stays below 2^255 ({SupplyCapExceeded}).
    mapping(address account => uint256) private _accounts;
    uint256 private _supply;

    /// @param owner_ The consortium Safe.
    /// @param registry_ The prosumer registry.
    /// @param market_ The market contract (deployed after this token, at an address known in advance).
    constructor(address owner_, IProsumerRegistry registry_, address market_)
        ERC20("Gridkeeper Energy", "kWh")
        ConsortiumOwned(owner_)
    {
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
    function mint(bytes32 meterId, uint256 energyWh, bytes32 readingId) external returns (address to) {
        if (!_oracles[msg.sender]) revert NotMeterOracle(msg.sender);
        if (energyWh == 0) revert ZeroEnergy();
        if (_minted[readingId]) revert ReadingAlreadyMinted(readingId);
        to = registry.meterHolder(meterId);
        if (to == address(0)) revert UnknownMeter(meterId);
        _minted[readingId] = true;
        _mint(to, energyWh);
        emit EnergyMinted(msg.sender, to, energyWh, readingId);
    }

    /// @notice ERC-20 `transferFrom`, for spenders that are admitted prosumers or the market only: an
    /// allowance granted before a suspension (or to an outsider) cannot move admitted prosumers' energy.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        address spender = _msgSender();
        if (spender != market && !registry.isAdmitted(spender)) revert NotAdmitted(spender);
        return super.transferFrom(from, to, value);
    }

    /// @inheritdoc IEnergyToken
    function openAccount(address account) external {
        if (msg.sender != market) revert NotMarket(msg.sender);
        uint256 stored = _accounts[account];
        if (stored < OPEN) _accounts[account] = stored | OPEN;
    }

    /// @notice ERC-20 balance (Wh).
    function balanceOf(address account) public view override returns (uint256) {
        return _accounts[account] & (OPEN - 1);
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
    function readingMinted(bytes32 readingId) external view returns (bool) {
        return _minted[readingId];
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
            if (supply >= OPEN) revert SupplyCapExceeded(supply);
            _supply = supply;
        } else {
            uint256 stored = _accounts[from];
            uint256 balance = stored & (OPEN - 1);
            if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
            unchecked {
                _accounts[from] = stored - value;
            }
        }
        unchecked {
            _accounts[to] += value; // balance + value <= supply < OPEN, so the bit is untouched
        }
        emit Transfer(from, to, value);
    }
}
