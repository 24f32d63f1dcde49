// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ConsortiumOwned} from "../ConsortiumOwned.sol";
import {EnergyMarket} from "../EnergyMarket.sol";
import {EnergyToken} from "../EnergyToken.sol";
import {IEnergyMarket} from "../interfaces/IEnergyMarket.sol";
import {IEnergyToken} from "../interfaces/IEnergyToken.sol";
import {ProsumerRegistry} from "../ProsumerRegistry.sol";
import {MarketFixture} from "./MarketFixture.t.sol";
import {FalseReturningToken, FeeOnTransferToken, HookToken, MintableToken} from "./PaymentTokenMocks.sol";

/// @notice One regression test per finding of the market contracts' review (issue 16): each shows the
/// proof of concept no longer works. The registry's findings (squatted meter ids, decisions bound to the
/// reviewed application) are in ProsumerRegistry.test.ts.
contract AuditFindingsTest is MarketFixture {
    uint256 internal constant ENERGY = 10_000; // 10 kWh
    uint256 internal constant PRICE = 0.2 ether; // per kWh: 10 kWh cost 2 units
    uint256 internal constant PAYMENT = 2 ether;
    /// @dev A fee whose low byte and high byte are both set (0x03E7), so a mask that clobbers either shows.
    uint16 internal constant MAX_FEE_FOR_MASK = 999;
    address internal seller;
    address internal buyer;

    function setUpNative() internal {
        deployMarket(false, 3);
        (seller, buyer) = (prosumers[0], prosumers[1]);
    }

    /// @dev A market paid in `paymentToken`, an offer of 10 kWh, and the buyer holding and approving
    /// its price; the buyer's prank is left running for the purchase.
    function setUpPaidIn(MintableToken paymentToken) internal returns (uint256 offerId) {
        deployMarketPaidIn(address(paymentToken), 3);
        (seller, buyer) = (prosumers[0], prosumers[1]);
        offerId = listOffer(ENERGY);
        paymentToken.mint(buyer, PAYMENT);
        vm.startPrank(buyer);
        paymentToken.approve(address(market), PAYMENT);
    }

    function listOffer(uint256 energyWh) internal returns (uint256 offerId) {
        uint64 readAt = nextReading(seller);
        vm.prank(ORACLE);
        token.mint(meterOf(seller), energyWh, readAt);
        vm.startPrank(seller);
        token.approve(address(market), energyWh);
        offerId = market.listOffer(energyWh, PRICE, uint64(block.timestamp + 1 days));
        vm.stopPrank();
    }

    /// @dev An open trade of `energyWh` in a native market, bought by `buyer`.
    function openTrade(uint256 energyWh) internal returns (uint256 tradeId) {
        uint256 offerId = listOffer(energyWh);
        uint256 payment = market.quote(offerId, energyWh);
        vm.deal(buyer, payment);
        vm.prank(buyer);
        tradeId = market.buy{value: payment}(offerId, energyWh);
    }

    function dispute(uint256 tradeId, address party) internal returns (uint256 bond) {
        bond = BOND;
        vm.deal(party, bond);
        vm.prank(party);
        market.openDispute{value: bond}(tradeId, keccak256("evidence"));
    }

    function withdrawAll() internal {
        address[3] memory accounts = [seller, buyer, SAFE];
        for (uint256 i = 0; i < accounts.length; ++i) {
            if (market.withdrawable(accounts[i]) == 0) continue;
            vm.prank(accounts[i]);
            market.withdraw();
        }
    }

    // ------------------------------------------------ Medium: non-plain payment tokens

    /// @notice PoC: with a 1 % fee-on-transfer token the market owed 2 and held 1.98. Now the purchase reverts.
    function test_feeOnTransferPaymentIsRefused() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        uint256 offerId = setUpPaidIn(fee);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.PaymentNotReceived.selector, PAYMENT, PAYMENT * 99 / 100));
        market.buy(offerId, ENERGY);
        vm.stopPrank();
        vm.assertEq(fee.balanceOf(address(market)), 0, "nothing escrowed");
        vm.assertEq(market.lastTradeId(), 0, "no trade");
    }

    /// @notice A token that returns false instead of reverting cannot open a trade it was not paid for.
    function test_falseReturningPaymentIsRefused() public {
        FalseReturningToken falseToken = new FalseReturningToken();
        uint256 offerId = setUpPaidIn(falseToken);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(falseToken)));
        market.buy(offerId, ENERGY);
        vm.stopPrank();
    }

    /// @notice A token whose transfer hook re-enters the market (here: to withdraw during the payout) gets nothing twice.
    function test_hookTokenCannotReenter() public {
        HookToken hook = new HookToken();
        uint256 offerId = setUpPaidIn(hook);
        uint256 tradeId = market.buy(offerId, ENERGY);
        market.confirmDelivery(tradeId);
        vm.stopPrank();
        hook.setHook(address(market), abi.encodeCall(market.withdraw, ()));
        vm.prank(seller);
        market.withdraw();
        vm.assertEq(hook.hookCalls(), 1, "the hook ran");
        vm.assertEq(hook.hookSuccesses(), 0, "its re-entry failed");
        vm.assertEq(hook.balanceOf(address(market)), market.withdrawable(SAFE), "only the fee is left, for the Safe");
    }

    // ------------------------------------------------ Low: disputes froze trades for free and for ever

    /// @notice PoC: a dispute the owners never resolve locked payment and energy after 365 days. Now the
    /// default outcome applies at the arbitration deadline, triggered by anyone, and nothing stays locked.
    function test_anUnresolvedDisputeEndsAtItsArbitrationDeadline() public {
        setUpNative();
        uint256 tradeId = openTrade(ENERGY);
        uint256 bond = dispute(tradeId, buyer);
        uint64 deadline = market.disputeOf(tradeId).arbitrationDeadline;
        vm.assertEq(deadline, block.timestamp + ARBITRATION, "deadline = opening + arbitration period");

        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.ArbitrationOpen.selector, tradeId, deadline));
        market.applyDefaultOutcome(tradeId);

        vm.warp(deadline);
        vm.prank(SAFE);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.ArbitrationClosed.selector, tradeId, deadline));
        market.resolveDispute(tradeId, 0);
        vm.prank(prosumers[2]); // anyone
        market.applyDefaultOutcome(tradeId);

        // The trade ended as traded: energy to the buyer, payment less fee and the buyer's bond to the seller.
        uint256 fee = PAYMENT * FEE_BPS / 10_000;
        vm.assertEq(token.balanceOf(buyer), ENERGY, "buyer got the energy");
        vm.assertEq(market.withdrawable(seller), PAYMENT - fee + bond, "seller got the payment and the bond");
        vm.assertEq(market.withdrawable(SAFE), fee, "fee to the Safe");
        withdrawAll();
        vm.assertEq(address(market).balance, 0, "no payment left in escrow");
        vm.assertEq(token.balanceOf(address(market)), 0, "no energy left in escrow");
    }

    /// @notice The party that disputed may withdraw: the trade ends as traded at once.
    function test_theOpenerWithdrawsItsDispute() public {
        setUpNative();
        uint256 tradeId = openTrade(ENERGY);
        uint256 bond = dispute(tradeId, seller);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.NotDisputeOpener.selector, tradeId, buyer));
        market.withdrawDispute(tradeId);
        vm.prank(seller);
        market.withdrawDispute(tradeId);
        vm.assertEq(token.balanceOf(buyer), ENERGY, "buyer got the energy");
        uint256 fee = PAYMENT * FEE_BPS / 10_000;
        vm.assertEq(market.withdrawable(seller), PAYMENT - fee + bond, "a withdrawing seller keeps its bond");
        vm.assertEq(market.withdrawable(buyer), 0, "nothing to the buyer");
        vm.assertEq(uint8(market.tradeOf(tradeId).status), uint8(IEnergyMarket.TradeStatus.Resolved), "resolved");
    }

    /// @notice Disputing costs the bond (set by the Safe, capped at the payment); it follows the split.
    function test_theBondIsPostedAndFollowsTheSplit() public {
        setUpNative();
        uint256 tradeId = openTrade(ENERGY);
        vm.deal(buyer, BOND);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.WrongPayment.selector, BOND, 0));
        market.openDispute(tradeId, keccak256("evidence"));
        dispute(tradeId, buyer);
        vm.prank(SAFE);
        market.resolveDispute(tradeId, 2_500); // the buyer was mostly right
        vm.assertEq(market.withdrawable(seller) - (PAYMENT / 4 - PAYMENT / 4 * FEE_BPS / 10_000), BOND / 4, "a quarter");
        vm.assertEq(market.withdrawable(buyer) - PAYMENT * 3 / 4, BOND * 3 / 4, "three quarters back");

        // The bond fits its 128-bit slot, and one above a trade's payment is capped at the payment.
        vm.prank(SAFE);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.DisputeBondTooHigh.selector, uint256(1) << 128));
        market.setDisputeBond(uint256(1) << 128);
        vm.prank(SAFE);
        market.setDisputeBond(100 ether);
        uint256 small = openTrade(5); // 5 Wh cost 0.001 units
        uint256 payment = market.tradeOf(small).paymentAmount;
        vm.deal(buyer, payment);
        vm.prank(buyer);
        market.openDispute{value: payment}(small, keccak256("evidence"));
        vm.assertEq(market.disputeOf(small).bond, payment, "bond capped at the payment");
        vm.assertEq(market.disputeOf(small).openedBy, buyer, "opened by the buyer");
        vm.assertEq(market.disputeOf(12345).arbitrationDeadline, 0, "no dispute, no deadline");
    }

    // ------------------------------------------------ Low: one-step, renounceable ownership

    /// @notice PoC: one Safe transaction renounced ownership of any of the three contracts. Now it reverts.
    function test_ownershipCannotBeRenounced() public {
        setUpNative();
        address[3] memory owned = [address(market), address(token), address(registry)];
        for (uint256 i = 0; i < owned.length; ++i) {
            vm.prank(SAFE);
            vm.expectRevert(abi.encodeWithSelector(ConsortiumOwned.OwnershipCannotBeRenounced.selector));
            ConsortiumOwned(owned[i]).renounceOwnership();
            vm.assertEq(ConsortiumOwned(owned[i]).owner(), SAFE, "the Safe still owns it");
        }
    }

    /// @notice PoC: a mistyped new owner took control at once. Now it only becomes pending; the Safe keeps
    /// governing until the right address accepts.
    function test_aMistypedOwnerNeverTakesControl() public {
        setUpNative();
        address typo = address(0xdead);
        address newSafe = address(0x5AFE2);
        vm.prank(SAFE);
        market.transferOwnership(typo);
        vm.assertEq(market.owner(), SAFE, "still the Safe");
        vm.assertEq(market.pendingOwner(), typo, "only pending");
        vm.prank(SAFE);
        market.setMarketFee(100); // still governs
        vm.prank(SAFE);
        market.transferOwnership(newSafe); // corrects the mistake
        vm.prank(typo);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, typo));
        market.acceptOwnership();
        vm.prank(newSafe);
        market.acceptOwnership();
        vm.assertEq(market.owner(), newSafe, "the new Safe accepted");
    }

    // ------------------------------------------------ Low: terms applied at buy time

    /// @notice PoC: raising the fee to 10 % and the window to 30 days hit offers listed before. Now a
    /// trade carries the terms its offer was listed under.
    function test_termsAreFixedAtListing() public {
        setUpNative();
        uint256 offerId = listOffer(ENERGY);
        vm.startPrank(SAFE);
        market.setMarketFee(1_000);
        market.setDisputeWindow(30 days);
        vm.stopPrank();
        vm.deal(buyer, PAYMENT);
        vm.prank(buyer);
        uint256 tradeId = market.buy{value: PAYMENT}(offerId, ENERGY);
        EnergyMarket.Trade memory trade = market.tradeOf(tradeId);
        vm.assertEq(trade.feeBps, FEE_BPS, "the fee of the listing");
        vm.assertEq(trade.disputeDeadline, block.timestamp + WINDOW, "the window of the listing");
        uint256 later = listOffer(ENERGY);
        vm.assertEq(market.offerOf(later).feeBps, 1_000, "new offers carry the new fee");
    }

    // ------------------------------------------------ Informational: decisions bound to what was reviewed

    /// @notice PoC: an oracle minted to any admitted prosumer. Now it names a meter and the energy goes to
    /// the prosumer the registry binds that meter to.
    function test_oracleMintsGoToTheMetersHolder() public {
        setUpNative();
        uint64 readAt = nextReading(seller);
        vm.prank(ORACLE);
        address to = token.mint(meterOf(seller), 500, readAt);
        vm.assertEq(to, seller, "the meter's holder");
        vm.assertEq(token.balanceOf(seller), 500, "credited to the meter's holder");
        bytes32 unbound = keccak256("meter nobody holds");
        vm.prank(ORACLE);
        vm.expectRevert(abi.encodeWithSelector(IEnergyToken.UnknownMeter.selector, unbound));
        token.mint(unbound, 500, readAt + 1);
    }

    /// @notice PoC: a never-admitted (or suspended) address holding an allowance moved an admitted
    /// prosumer's energy. Now the spender must be admitted too (or the market).
    function test_onlyAdmittedSpendersUseAllowances() public {
        setUpNative();
        address outsider = address(0xBAD);
        uint64 readAt = nextReading(seller);
        vm.prank(ORACLE);
        token.mint(meterOf(seller), 500, readAt);
        vm.startPrank(seller);
        token.approve(outsider, 500);
        token.approve(prosumers[2], 500);
        vm.stopPrank();
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IEnergyToken.NotAdmitted.selector, outsider));
        token.transferFrom(seller, buyer, 500);
        vm.prank(SAFE);
        registry.suspend(prosumers[2], "audit");
        vm.prank(prosumers[2]);
        vm.expectRevert(abi.encodeWithSelector(IEnergyToken.NotAdmitted.selector, prosumers[2]));
        token.transferFrom(seller, buyer, 500);
        vm.prank(SAFE);
        registry.reinstate(prosumers[2]);
        vm.prank(prosumers[2]);
        token.transferFrom(seller, buyer, 200);
        vm.assertEq(token.balanceOf(buyer), 200, "an admitted spender may");
    }

    /// @notice PoC: a 1 Wh dispute split at 99.99 % gave the buyer 0 Wh and the seller 99.99 % of the
    /// payment. Now the seller is paid for the energy the buyer gets: nothing for nothing.
    function test_aSplitNeverPaysForEnergyNotDelivered() public {
        setUpNative();
        vm.prank(SAFE);
        market.setDisputeBond(0);
        uint256 tradeId = openTrade(1);
        uint256 payment = market.tradeOf(tradeId).paymentAmount;
        vm.prank(buyer);
        market.openDispute(tradeId, keccak256("evidence"));
        vm.prank(SAFE);
        market.resolveDispute(tradeId, 9_999);
        vm.assertEq(token.balanceOf(buyer), 0, "the buyer gets 0 Wh (rounded down)");
        vm.assertEq(market.withdrawable(seller), 0, "so the seller gets nothing");
        vm.assertEq(market.withdrawable(buyer), payment, "and the buyer all the payment back");
        vm.assertEq(token.balanceOf(seller), 1, "the energy went back to the seller");
    }

    /// @notice PoC: the constructor accepted an energy token bound to another registry, and the energy
    /// token itself as payment token. Now both revert; so does a token whose registry names another token.
    function test_constructorChecksRegistryAndPaymentToken() public {
        setUpNative();
        uint256 nonce = vm.getNonce(address(this));
        ProsumerRegistry other = new ProsumerRegistry(SAFE, 0, createAddress(address(this), nonce + 1));
        EnergyToken foreign = new EnergyToken(SAFE, other, createAddress(address(this), nonce + 2));
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.TokenRegistryMismatch.selector, address(other)));
        new EnergyMarket(SAFE, registry, IERC20(address(foreign)), IERC20(address(0)), FEE_BPS, WINDOW, BOND, ARBITRATION);

        vm.expectRevert(abi.encodeWithSelector(IEnergyToken.RegistryTokenMismatch.selector, address(token)));
        new EnergyToken(SAFE, registry, createAddress(address(this), vm.getNonce(address(this)) + 1));

        nonce = vm.getNonce(address(this));
        ProsumerRegistry fresh = new ProsumerRegistry(SAFE, 0, createAddress(address(this), nonce + 1));
        EnergyToken own = new EnergyToken(SAFE, fresh, createAddress(address(this), nonce + 2));
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.PaymentTokenIsEnergyToken.selector));
        new EnergyMarket(SAFE, fresh, IERC20(address(own)), IERC20(address(own)), FEE_BPS, WINDOW, BOND, ARBITRATION);
    }

    // ------------------------------------------------ Mutation checks (issue 16, item 7)
    // Mutants that only the randomised invariant campaigns killed, or nothing did; each test below kills
    // one deterministically (contracts/test/mutants/README.md lists the mutants and what kills them).

    /// @notice Kills "settle one second early": the second before the deadline still belongs to disputes,
    /// for {settle} and {settleBatch} alike.
    function test_noSettlementBeforeTheDeadlineSecond() public {
        setUpNative();
        uint256 tradeId = openTrade(ENERGY);
        uint64 deadline = market.tradeOf(tradeId).disputeDeadline;
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IEnergyMarket.DisputeWindowOpen.selector, tradeId, deadline));
        market.settle(tradeId);
        uint256[] memory ids = new uint256[](1);
        ids[0] = tradeId;
        vm.assertEq(market.settleBatch(ids), 0, "the batch skips it");
        vm.assertEq(uint8(market.tradeOf(tradeId).status), uint8(IEnergyMarket.TradeStatus.Open), "still open");
        vm.warp(deadline);
        vm.assertEq(market.settleBatch(ids), 1, "settled at the deadline");
    }

    /// @notice Kills "a run is credited only its last trade": one seller and one buyer, three trades of
    /// different sizes settled in one batch; the seller is credited, the Safe charged and the buyer sent
    /// the sum of all three.
    function test_settleBatchCreditsEveryTradeOfARun() public {
        setUpNative();
        uint256[] memory ids = new uint256[](3);
        uint256 payments;
        uint256 fees;
        for (uint256 i = 0; i < ids.length; ++i) {
            ids[i] = openTrade(1_000 * (i + 1));
            uint256 payment = market.tradeOf(ids[i]).paymentAmount;
            payments += payment;
            fees += payment * FEE_BPS / 10_000;
        }
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(market.settleBatch(ids), 3, "all three settled");
        vm.assertEq(market.withdrawable(seller), payments - fees, "the seller: every trade's proceeds");
        vm.assertEq(market.withdrawable(SAFE), fees, "the Safe: every trade's fee");
        vm.assertEq(token.balanceOf(buyer), 6_000, "the buyer: every trade's energy");
    }

    /// @notice Kills a too-wide status mask in the settlement's packed write: settling changes the status
    /// byte only, the trade keeps its fee and parties.
    function test_settlementRewritesOnlyTheStatus() public {
        setUpNative();
        vm.prank(SAFE);
        market.setMarketFee(MAX_FEE_FOR_MASK);
        uint256 tradeId = openTrade(ENERGY);
        vm.prank(buyer);
        market.confirmDelivery(tradeId);
        EnergyMarket.Trade memory trade = market.tradeOf(tradeId);
        vm.assertEq(uint8(trade.status), uint8(IEnergyMarket.TradeStatus.Settled), "settled");
        vm.assertEq(trade.feeBps, MAX_FEE_FOR_MASK, "the fee it was traded at");
        vm.assertEq(trade.seller, seller, "its seller");
        vm.assertEq(trade.buyer, buyer, "its buyer");
        vm.assertEq(trade.energyWh, ENERGY, "its energy");
    }
}
