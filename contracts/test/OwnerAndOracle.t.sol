// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IEnergyToken} from "../interfaces/IEnergyToken.sol";
import {MarketFixture} from "./MarketFixture.t.sol";

/// @notice Fuzzed callers: only meter oracles mint; only the owner (the Safe) governs.
contract OwnerAndOracleTest is MarketFixture {
    address internal applicant = address(0xA991);

    function setUp() public {
        deployMarket(false, 2);
        vm.deal(applicant, REGISTRATION_FEE);
        vm.prank(applicant);
        registry.applyForAdmission{value: REGISTRATION_FEE}(keccak256("meter:applicant"), keccak256("kyc:applicant"));
    }

    function expectNotOwner(address caller) internal {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_onlyOraclesMint(address caller, uint256 energyWh, uint64 readAt) public {
        vm.assume(caller != ORACLE);
        energyWh = bound(energyWh, 1, 1e12);
        vm.expectRevert(abi.encodeWithSelector(IEnergyToken.NotMeterOracle.selector, caller));
        vm.prank(caller);
        token.mint(meterOf(prosumers[0]), energyWh, readAt);
        vm.assertEq(token.totalSupply(), 0, "nothing minted");
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_deauthorisedOracleCannotMint(uint256 energyWh, uint64 readAt) public {
        energyWh = bound(energyWh, 1, 1e12);
        vm.prank(SAFE);
        token.setMeterOracle(ORACLE, false);
        vm.expectRevert(abi.encodeWithSelector(IEnergyToken.NotMeterOracle.selector, ORACLE));
        vm.prank(ORACLE);
        token.mint(meterOf(prosumers[0]), energyWh, readAt);
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_onlyOwnerSetsOracles(address caller) public {
        vm.assume(caller != SAFE);
        expectNotOwner(caller);
        token.setMeterOracle(caller, true);
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_onlyOwnerDecidesAdmissions(address caller) public {
        vm.assume(caller != SAFE);
        bytes32 applicationHash = registry.applicationHashOf(applicant);
        expectNotOwner(caller);
        registry.admit(applicant, applicationHash);
        expectNotOwner(caller);
        registry.reject(applicant, applicationHash, "no");
        expectNotOwner(caller);
        registry.remove(prosumers[0], "no");
        expectNotOwner(caller);
        registry.suspend(prosumers[0], "no");
        expectNotOwner(caller);
        registry.reinstate(prosumers[0]);
        expectNotOwner(caller);
        registry.setRegistrationFee(0);
        expectNotOwner(caller);
        registry.withdrawRegistrationFees();
        vm.assertTrue(!registry.isAdmitted(applicant), "applicant still pending");
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_onlyOwnerGovernsTheMarket(address caller, uint16 bps, uint64 window) public {
        vm.assume(caller != SAFE);
        expectNotOwner(caller);
        market.pause();
        expectNotOwner(caller);
        market.unpause();
        expectNotOwner(caller);
        market.setMarketFee(bps);
        expectNotOwner(caller);
        market.setDisputeWindow(window);
        expectNotOwner(caller);
        market.setDisputeBond(bps);
        expectNotOwner(caller);
        market.setArbitrationPeriod(window);
        vm.assertTrue(!market.paused(), "not paused");
    }

    /// forge-config: default.fuzz.runs = 128
    function testFuzz_onlyOwnerResolvesDisputes(address caller, uint16 sellerShareBps) public {
        vm.assume(caller != SAFE);
        uint256 tradeId = disputedTrade();
        expectNotOwner(caller);
        market.resolveDispute(tradeId, sellerShareBps);
        vm.prank(SAFE);
        market.resolveDispute(tradeId, uint16(bound(sellerShareBps, 0, 10_000)));
    }

    function disputedTrade() internal returns (uint256 tradeId) {
        (address seller, address buyer) = (prosumers[0], prosumers[1]);
        uint64 readAt = nextReading(seller);
        vm.prank(ORACLE);
        token.mint(meterOf(seller), 1_000, readAt);
        vm.startPrank(seller);
        token.approve(address(market), 1_000);
        uint256 offerId = market.listOffer(1_000, 1 ether, uint64(block.timestamp + 1 hours));
        vm.stopPrank();
        vm.deal(buyer, 1 ether);
        vm.startPrank(buyer);
        tradeId = market.buy{value: 1 ether}(offerId, 1_000);
        vm.deal(buyer, BOND);
        market.openDispute{value: BOND}(tradeId, keccak256("evidence"));
        vm.stopPrank();
    }
}
