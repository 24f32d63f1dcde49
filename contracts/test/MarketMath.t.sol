// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketFixture} from "./MarketFixture.t.sol";

/// @notice Fuzzed amounts: quotes round up, settlement and dispute splits hand out exactly what was
/// locked (the bond included), the seller is paid for exactly the energy the buyer gets, and the fee
/// never exceeds its basis points.
contract MarketMathTest is MarketFixture {
    address internal seller;
    address internal buyer;

    function setUp() public {
        deployMarket(false, 2);
        (seller, buyer) = (prosumers[0], prosumers[1]);
    }

    function openTrade(uint256 energyWh, uint256 pricePerKWh) internal returns (uint256 tradeId, uint256 payment) {
        uint64 readAt = nextReading(seller);
        vm.prank(ORACLE);
        token.mint(meterOf(seller), energyWh, readAt);
        vm.startPrank(seller);
        token.approve(address(market), energyWh);
        uint256 offerId = market.listOffer(energyWh, pricePerKWh, uint64(block.timestamp + 1 hours));
        vm.stopPrank();
        payment = market.quote(offerId, energyWh);
        vm.deal(buyer, payment);
        vm.prank(buyer);
        tradeId = market.buy{value: payment}(offerId, energyWh);
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_quoteRoundsUpToTheNextUnit(uint256 energyWh, uint256 pricePerKWh) public {
        energyWh = bound(energyWh, 1, 1e15);
        pricePerKWh = bound(pricePerKWh, 1, 1e24);
        uint64 readAt = nextReading(seller);
        vm.prank(ORACLE);
        token.mint(meterOf(seller), energyWh, readAt);
        vm.startPrank(seller);
        token.approve(address(market), energyWh);
        uint256 offerId = market.listOffer(energyWh, pricePerKWh, uint64(block.timestamp + 1 hours));
        vm.stopPrank();
        uint256 quote = market.quote(offerId, energyWh);
        vm.assertTrue(quote * 1_000 >= energyWh * pricePerKWh, "quote covers energy x price");
        vm.assertTrue((quote - 1) * 1_000 < energyWh * pricePerKWh, "quote is at most one unit above");
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_settlementCreditsExactlyThePayment(uint256 energyWh, uint256 pricePerKWh, uint16 feeBps)
        public
    {
        energyWh = bound(energyWh, 1, 1e12);
        pricePerKWh = bound(pricePerKWh, 1, 1e21);
        feeBps = uint16(bound(feeBps, 0, 1_000));
        vm.prank(SAFE);
        market.setMarketFee(feeBps);
        (uint256 tradeId, uint256 payment) = openTrade(energyWh, pricePerKWh);
        vm.prank(buyer);
        market.confirmDelivery(tradeId);
        uint256 fee = market.withdrawable(SAFE);
        vm.assertEq(market.withdrawable(seller) + fee, payment, "proceeds + fee = payment");
        vm.assertTrue(fee * 10_000 <= payment * feeBps, "fee within its basis points");
        vm.assertTrue((fee + 1) * 10_000 > payment * feeBps, "fee rounds down by less than one unit");
        vm.assertEq(token.balanceOf(buyer), energyWh, "buyer got all the energy");
        vm.assertEq(address(market).balance, payment, "payment still held until withdrawn");
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_disputeSplitHandsOutExactlyWhatWasLocked(
        uint256 energyWh,
        uint256 pricePerKWh,
        uint16 feeBps,
        uint16 sellerShareBps
    ) public {
        energyWh = bound(energyWh, 1, 1e12);
        pricePerKWh = bound(pricePerKWh, 1, 1e21);
        feeBps = uint16(bound(feeBps, 0, 1_000));
        sellerShareBps = uint16(bound(sellerShareBps, 0, 10_000));
        vm.prank(SAFE);
        market.setMarketFee(feeBps);
        (uint256 tradeId, uint256 payment) = openTrade(energyWh, pricePerKWh);
        uint256 bond = payment < BOND ? payment : BOND;
        vm.deal(seller, bond);
        vm.prank(seller);
        market.openDispute{value: bond}(tradeId, keccak256("evidence"));
        vm.prank(SAFE);
        market.resolveDispute(tradeId, sellerShareBps);

        uint256 bondToSeller = bond * sellerShareBps / 10_000;
        uint256 proceeds = market.withdrawable(seller) - bondToSeller;
        uint256 refund = market.withdrawable(buyer) - (bond - bondToSeller);
        uint256 fee = market.withdrawable(SAFE);
        vm.assertEq(proceeds + fee + refund, payment, "proceeds + fee + refund = payment");
        vm.assertTrue((proceeds + fee) * 10_000 <= payment * sellerShareBps, "seller side within its share");
        vm.assertTrue(fee * 10_000 <= (proceeds + fee) * feeBps, "fee only on the seller's share");
        uint256 toBuyer = token.balanceOf(buyer);
        vm.assertEq(toBuyer + token.balanceOf(seller), energyWh, "all the energy left the escrow");
        vm.assertTrue(toBuyer * 10_000 <= energyWh * sellerShareBps, "buyer's energy within the seller's share");
        vm.assertTrue(
            (proceeds + fee) * energyWh <= payment * toBuyer, "the seller is paid for no more energy than the buyer got"
        );
        vm.assertTrue(
            (proceeds + fee + 1) * energyWh > payment * toBuyer, "and for that energy, rounded down by under one unit"
        );
        vm.assertEq(address(market).balance, payment + bond, "payment and bond held until withdrawn");
        vm.assertEq(token.balanceOf(address(market)), 0, "no energy left behind");
        if (sellerShareBps == 0) vm.assertEq(refund, payment, "a 0 % share refunds everything");
        if (sellerShareBps == 10_000) vm.assertEq(toBuyer, energyWh, "a 100 % share delivers everything");
    }
}
