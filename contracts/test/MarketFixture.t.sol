// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {EnergyMarket} from "../EnergyMarket.sol";
import {EnergyToken} from "../EnergyToken.sol";
import {ProsumerRegistry} from "../ProsumerRegistry.sol";
import {ERC20Mock} from "./ERC20Mock.sol";
import {TestBase} from "./TestBase.t.sol";

/// @notice Deploys the three market contracts as production does (token first, with the market's
/// predicted address), owned by a stand-in Safe, with admitted prosumers and one meter oracle.
abstract contract MarketFixture is TestBase {
    address internal constant SAFE = address(0x5AFE);
    address internal constant ORACLE = address(0x0AC1E);
    uint256 internal constant REGISTRATION_FEE = 0.01 ether;
    uint16 internal constant FEE_BPS = 250;
    uint64 internal constant WINDOW = 1 hours;
    uint256 internal constant BOND = 0.01 ether;
    uint64 internal constant ARBITRATION = 1 days;

    ProsumerRegistry internal registry;
    EnergyToken internal token;
    EnergyMarket internal market;
    /// @dev Zero for a native POL market.
    ERC20Mock internal payToken;
    address[] internal prosumers;

    function deployMarket(bool erc20Payment, uint256 prosumerCount) internal {
        if (erc20Payment) payToken = new ERC20Mock();
        deployMarketPaidIn(address(payToken), prosumerCount);
    }

    /// @dev The market paid in `paymentToken` (zero: native POL), with `prosumerCount` admitted prosumers.
    function deployMarketPaidIn(address paymentToken, uint256 prosumerCount) internal {
        vm.warp(1_800_000_000);
        uint256 nonce = vm.getNonce(address(this));
        registry = new ProsumerRegistry(SAFE, REGISTRATION_FEE, createAddress(address(this), nonce + 1));
        address predicted = createAddress(address(this), nonce + 2);
        token = new EnergyToken(SAFE, registry, predicted);
        market = new EnergyMarket(
            SAFE, registry, IERC20(address(token)), IERC20(paymentToken), FEE_BPS, WINDOW, BOND, ARBITRATION
        );
        require(address(market) == predicted, "market address prediction");
        vm.prank(SAFE);
        token.setMeterOracle(ORACLE, true);
        for (uint256 i = 0; i < prosumerCount; ++i) {
            address p = address(uint160(0x10000 + i));
            admitProsumer(p);
            prosumers.push(p);
        }
    }

    function admitProsumer(address p) internal {
        vm.deal(p, REGISTRATION_FEE);
        vm.prank(p);
        registry.applyForAdmission{value: REGISTRATION_FEE}(meterOf(p), keccak256(abi.encode("kyc", p)));
        bytes32 applicationHash = registry.applicationHashOf(p);
        vm.prank(SAFE);
        registry.admit(p, applicationHash);
    }

    /// @dev A reading time {EnergyToken-mint} accepts for `who`'s meter: the second after its last reading,
    /// moving the clock there if that is still to come. Call it before pranking the oracle.
    function nextReading(address who) internal returns (uint64 readAt) {
        readAt = token.lastReadingOf(who) + 1;
        if (readAt > block.timestamp) vm.warp(readAt);
    }

    /// @dev The meter id each fixture prosumer applies with.
    function meterOf(address p) internal pure returns (bytes32) {
        return keccak256(abi.encode("meter", p));
    }

    /// @dev Address of the contract `deployer` creates with `nonce` (RLP for nonces below 0x80).
    function createAddress(address deployer, uint256 nonce) internal pure returns (address) {
        require(nonce > 0 && nonce < 0x80, "nonce out of range");
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xd6), bytes1(0x94), deployer, uint8(nonce))))));
    }
}
