// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnergyMarket} from "../EnergyMarket.sol";
import {EnergyToken} from "../EnergyToken.sol";
import {IEnergyMarket} from "../interfaces/IEnergyMarket.sol";
import {ProsumerRegistry} from "../ProsumerRegistry.sol";
import {ERC20Mock} from "./ERC20Mock.sol";
import {MarketFixture} from "./MarketFixture.t.sol";
import {Vm} from "./TestBase.t.sol";

/// @notice Drives the market with random but well-formed actions and keeps its own model of what the
/// market owes (energy of open offers and open/disputed trades, payment of open/disputed trades and the
/// bonds of open disputes, credits and withdrawals), and of the terms each offer was listed under. Whenever the market disagrees with the model on whether a call must succeed, or on
/// what it moved, the handler records a violation instead of reverting (the invariant runner ignores
/// handler reverts).
contract MarketHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct ModelOffer {
        uint256 id;
        address seller;
        uint256 remainingWh;
        uint256 pricePerKWh;
        uint64 expiresAt;
        bool open;
        uint16 feeBps;
        uint64 window;
    }

    struct ModelTrade {
        uint256 id;
        address seller;
        address buyer;
        uint256 energyWh;
        uint256 payment;
        uint64 deadline;
        IEnergyMarket.TradeStatus status;
        uint16 feeBps;
        address disputedBy;
        uint256 bond;
        uint64 arbitrationDeadline;
    }

    ProsumerRegistry internal immutable registry;
    EnergyToken internal immutable token;
    EnergyMarket internal immutable market;
    ERC20Mock internal immutable payToken;
    address internal immutable owner;
    address internal immutable oracle;
    address[] internal actors;

    ModelOffer[] internal offers;
    ModelTrade[] internal trades;

    /// @notice Energy the market must hold: unsold energy of open offers + energy of open/disputed trades.
    uint256 public lockedEnergy;
    /// @notice Payment the market must hold besides credits: payment of open/disputed trades and bonds.
    uint256 public lockedPayment;
    /// @notice Payment (and bond) of every trade that settled or was resolved (all credited to someone).
    uint256 public finalizedPayment;
    /// @notice The terms the owner set last: new offers must carry them.
    uint16 public feeBps;
    uint64 public window;
    uint256 public bond;
    uint64 public arbitrationPeriod;
    uint256 public withdrawnTotal;
    uint256 public mintedByOracle;
    bool public paused;
    mapping(address prosumer => bool) public suspended;

    uint256 public violations;
    string public firstViolation;

    constructor(
        ProsumerRegistry registry_,
        EnergyToken token_,
        EnergyMarket market_,
        ERC20Mock payToken_,
        address owner_,
        address oracle_,
        address[] memory actors_
    ) {
        (registry, token, market, payToken, owner, oracle) = (registry_, token_, market_, payToken_, owner_, oracle_);
        actors = actors_;
        (feeBps, window, bond, arbitrationPeriod) = (
            market_.marketFeeBps(),
            market_.disputeWindowSeconds(),
            market_.disputeBond(),
            market_.arbitrationPeriodSeconds()
        );
    }

    // ---------------------------------------------------------------- actions

    function list(uint256 actorSeed, uint256 energyWh, uint256 pricePerKWh, uint256 ttl) external {
        address seller = pick(actorSeed);
        energyWh = bound(energyWh, 1, 50_000);
        pricePerKWh = bound(pricePerKWh, 1, 1 ether);
        uint64 expiresAt = uint64(block.timestamp + bound(ttl, 1, 3 hours));
        if (suspended[seller]) {
            vm.prank(seller);
            try market.listOffer(energyWh, pricePerKWh, expiresAt) {
                check(false, "a suspended prosumer listed an offer");
            } catch {}
            return;
        }
        ensureEnergy(seller, energyWh);
        vm.prank(seller);
        token.approve(address(market), energyWh);
        uint256 before = token.balanceOf(seller);
        vm.prank(seller);
        try market.listOffer(energyWh, pricePerKWh, expiresAt) returns (uint256 offerId) {
            check(!paused, "listed while paused");
            check(offerId == offers.length + 1, "offer ids are not sequential from 1");
            check(before - token.balanceOf(seller) == energyWh, "listing did not lock the energy");
            offers.push(ModelOffer(offerId, seller, energyWh, pricePerKWh, expiresAt, true, feeBps, window));
            lockedEnergy += energyWh;
        } catch {
            check(paused, "a valid listing failed");
        }
    }

    function cancel(uint256 offerSeed) external {
        if (offers.length == 0) return;
        ModelOffer storage offer = offers[offerSeed % offers.length];
        uint256 before = token.balanceOf(offer.seller);
        vm.prank(offer.seller);
        try market.cancelOffer(offer.id) {
            check(offer.open, "cancelled a closed offer");
            check(token.balanceOf(offer.seller) - before == offer.remainingWh, "cancel returned the wrong energy");
            closeOffer(offer);
        } catch {
            check(!offer.open, "the seller could not cancel an open offer");
        }
    }

    function closeExpired(uint256 offerSeed, uint256 callerSeed) external {
        if (offers.length == 0) return;
        ModelOffer storage offer = offers[offerSeed % offers.length];
        bool closable = offer.open && block.timestamp >= offer.expiresAt;
        uint256 before = token.balanceOf(offer.seller);
        vm.prank(pick(callerSeed));
        try market.closeExpiredOffer(offer.id) {
            check(closable, "closed an offer that was not open and expired");
            check(token.balanceOf(offer.seller) - before == offer.remainingWh, "expiry returned the wrong energy");
            closeOffer(offer);
        } catch {
            check(!closable, "an expired open offer could not be closed");
        }
    }

    function buy(uint256 buyerSeed, uint256 offerSeed, uint256 energyWh) external {
        if (offers.length == 0) return;
        ModelOffer storage offer = offers[offerSeed % offers.length];
        uint256 buyerIndex = buyerSeed % actors.length;
        if (actors[buyerIndex] == offer.seller) buyerIndex = (buyerIndex + 1) % actors.length;
        address buyer = actors[buyerIndex];
        energyWh = bound(energyWh, 1, offer.remainingWh == 0 ? 1 : offer.remainingWh);
        uint256 payment = ceilDiv(energyWh * offer.pricePerKWh, 1_000);
        check(market.quote(offer.id, energyWh) == payment, "quote is not energy x price / 1000 rounded up");
        // Suspended prosumers neither buy nor sell: a suspended seller's open offer stays listed (they may
        // cancel it, and the escrow still pays them what it owes) but cannot be bought.
        bool buyable =
            offer.open && block.timestamp < offer.expiresAt && !paused && !suspended[buyer] && !suspended[offer.seller];

        uint256 value = fund(buyer, payment);
        vm.prank(buyer);
        try market.buy{value: value}(offer.id, energyWh) returns (uint256 tradeId) {
            check(buyable, "bought from a closed, expired or paused offer");
            check(tradeId == trades.length + 1, "trade ids are not sequential from 1");
            offer.remainingWh -= energyWh;
            if (offer.remainingWh == 0) offer.open = false;
            lockedPayment += payment;
            trades.push(
                ModelTrade(
                    tradeId,
                    offer.seller,
                    buyer,
                    energyWh,
                    payment,
                    uint64(block.timestamp) + offer.window,
                    IEnergyMarket.TradeStatus.Open,
                    offer.feeBps,
                    address(0),
                    0,
                    0
                )
            );
        } catch {
            check(!buyable, "a valid purchase failed");
        }
    }

    function confirm(uint256 tradeSeed) external {
        if (trades.length == 0) return;
        ModelTrade storage trade = trades[tradeSeed % trades.length];
        bool open = trade.status == IEnergyMarket.TradeStatus.Open;
        uint256 buyerEnergy = token.balanceOf(trade.buyer);
        uint256 credits = totalCredits();
        uint256 fees = market.withdrawable(owner);
        vm.prank(trade.buyer);
        try market.confirmDelivery(trade.id) {
            check(open, "confirmed a trade that was not open");
            checkSettlement(trade, buyerEnergy, credits, fees);
        } catch {
            check(!open, "the buyer could not confirm an open trade");
        }
    }

    function settle(uint256 tradeSeed, uint256 callerSeed) external {
        if (trades.length == 0) return;
        ModelTrade storage trade = trades[tradeSeed % trades.length];
        bool due = trade.status == IEnergyMarket.TradeStatus.Open && block.timestamp >= trade.deadline;
        uint256 buyerEnergy = token.balanceOf(trade.buyer);
        uint256 credits = totalCredits();
        uint256 fees = market.withdrawable(owner);
        vm.prank(pick(callerSeed));
        try market.settle(trade.id) {
            check(due, "settled a trade that was not open and past its window");
            checkSettlement(trade, buyerEnergy, credits, fees);
        } catch {
            check(!due, "a matured open trade could not be settled");
        }
    }

    function settleBatch(uint256 seed, uint256 count) external {
        if (trades.length == 0) return;
        count = bound(count, 1, 8);
        uint256[] memory ids = new uint256[](count);
        bool[] memory due = new bool[](count);
        uint256 expected;
        for (uint256 i = 0; i < count; ++i) {
            uint256 index = uint256(keccak256(abi.encode(seed, i))) % (trades.length + 1);
            if (index == trades.length) {
                ids[i] = 1_000_000 + i; // an id that does not exist
                continue;
            }
            ModelTrade storage trade = trades[index];
            ids[i] = trade.id;
            bool duplicate;
            for (uint256 j = 0; j < i; ++j) {
                if (ids[j] == trade.id && due[j]) duplicate = true;
            }
            due[i] = !duplicate && trade.status == IEnergyMarket.TradeStatus.Open && block.timestamp >= trade.deadline;
            if (due[i]) ++expected;
        }
        uint256 credits = totalCredits();
        uint256 settled = market.settleBatch(ids);
        check(settled == expected, "settleBatch settled a different set than the matured open trades");
        uint256 creditedNow;
        for (uint256 i = 0; i < count; ++i) {
            if (!due[i]) continue;
            ModelTrade storage trade = trades[ids[i] - 1];
            creditedNow += trade.payment;
            finalize(trade, IEnergyMarket.TradeStatus.Settled);
        }
        check(totalCredits() - credits == creditedNow, "settleBatch credited a different amount than it settled");
    }

    function dispute(uint256 tradeSeed, bool bySeller, bytes32 evidence) external {
        if (trades.length == 0) return;
        if (evidence == bytes32(0)) evidence = keccak256("evidence");
        ModelTrade storage trade = trades[tradeSeed % trades.length];
        bool disputable = trade.status == IEnergyMarket.TradeStatus.Open && block.timestamp < trade.deadline;
        address party = bySeller ? trade.seller : trade.buyer;
        uint256 due = bond < trade.payment ? bond : trade.payment;
        uint256 value = fund(party, due);
        vm.prank(party);
        try market.openDispute{value: value}(trade.id, evidence) {
            check(disputable, "disputed a trade that was not open or past its window");
            trade.status = IEnergyMarket.TradeStatus.Disputed;
            trade.disputedBy = party;
            trade.bond = due;
            trade.arbitrationDeadline = uint64(block.timestamp) + arbitrationPeriod;
            lockedPayment += due;
        } catch {
            check(!disputable, "a party could not dispute an open trade inside its window");
        }
    }

    function resolve(uint256 tradeSeed, uint256 sellerShareBps) external {
        if (trades.length == 0) return;
        ModelTrade storage trade = trades[tradeSeed % trades.length];
        sellerShareBps = bound(sellerShareBps, 0, 10_000);
        bool decidable =
            trade.status == IEnergyMarket.TradeStatus.Disputed && block.timestamp < trade.arbitrationDeadline;
        endDispute(trade, owner, decidable, abi.encodeCall(market.resolveDispute, (trade.id, uint16(sellerShareBps))));
    }

    /// @notice The opener (or, to be refused, the other party) withdraws a dispute.
    function withdrawDispute(uint256 tradeSeed, bool byOpener) external {
        if (trades.length == 0) return;
        ModelTrade storage trade = trades[tradeSeed % trades.length];
        address caller = byOpener || trade.disputedBy == address(0)
            ? trade.disputedBy
            : (trade.disputedBy == trade.buyer ? trade.seller : trade.buyer);
        bool withdrawable = trade.status == IEnergyMarket.TradeStatus.Disputed && caller == trade.disputedBy;
        endDispute(trade, caller, withdrawable, abi.encodeCall(market.withdrawDispute, (trade.id)));
    }

    /// @notice Anyone applies the default outcome of a dispute (it must wait for the arbitration deadline).
    function applyDefault(uint256 tradeSeed, uint256 callerSeed) external {
        if (trades.length == 0) return;
        ModelTrade storage trade = trades[tradeSeed % trades.length];
        bool due = trade.status == IEnergyMarket.TradeStatus.Disputed && block.timestamp >= trade.arbitrationDeadline;
        endDispute(trade, pick(callerSeed), due, abi.encodeCall(market.applyDefaultOutcome, (trade.id)));
    }

    /// @notice The owner changes the market's terms: trades of offers listed before keep theirs.
    function changeTerms(uint256 which, uint256 value) external {
        which = which % 4;
        vm.startPrank(owner);
        if (which == 0) {
            feeBps = uint16(bound(value, 0, 1_000));
            market.setMarketFee(feeBps);
        } else if (which == 1) {
            window = uint64(bound(value, 60, 3 hours));
            market.setDisputeWindow(window);
        } else if (which == 2) {
            bond = bound(value, 0, 1 ether);
            market.setDisputeBond(bond);
        } else {
            arbitrationPeriod = uint64(bound(value, 1 hours, 2 days));
            market.setArbitrationPeriod(arbitrationPeriod);
        }
        vm.stopPrank();
    }

    function withdraw(uint256 accountSeed) external {
        address account = accountSeed % (actors.length + 1) == actors.length ? owner : pick(accountSeed);
        uint256 credit = market.withdrawable(account);
        uint256 before = paymentBalance(account);
        vm.prank(account);
        try market.withdraw() {
            check(credit > 0, "withdrew with nothing credited");
            check(paymentBalance(account) - before == credit, "withdraw paid a different amount than credited");
            check(market.withdrawable(account) == 0, "withdraw left a credit behind");
            withdrawnTotal += credit;
        } catch {
            check(credit == 0, "a credited account could not withdraw");
        }
    }

    /// @notice Time passes: a random stretch, or exactly up to a trade's deadline or an offer's expiry
    /// (or the second before), where off-by-one mistakes live.
    function warp(uint256 seconds_, uint256 targetSeed) external {
        uint256 to = block.timestamp + bound(seconds_, 1, 2 hours);
        uint256 mode = seconds_ % 3;
        if (mode == 1 && trades.length > 0) {
            ModelTrade storage trade = trades[targetSeed % trades.length];
            to = trade.status == IEnergyMarket.TradeStatus.Disputed ? trade.arbitrationDeadline : trade.deadline;
        }
        if (mode == 2 && offers.length > 0) to = offers[targetSeed % offers.length].expiresAt;
        if (targetSeed % 2 == 1) to -= 1;
        if (to > block.timestamp) vm.warp(to);
    }

    /// @notice The owner suspends or reinstates a prosumer: it can no longer list or buy, but everything
    /// already in escrow (offers, trades, credits) must still come out to it.
    function toggleSuspension(uint256 actorSeed) external {
        address prosumer = pick(actorSeed);
        vm.prank(owner);
        if (suspended[prosumer]) registry.reinstate(prosumer);
        else registry.suspend(prosumer, "invariant run");
        suspended[prosumer] = !suspended[prosumer];
    }

    function togglePause() external {
        vm.prank(owner);
        if (paused) market.unpause();
        else market.pause();
        paused = !paused;
    }

    /// @notice Someone without oracle rights tries to mint.
    function mintWithoutRights(address caller, uint256 actorSeed, uint256 energyWh) external {
        if (token.isMeterOracle(caller)) return;
        vm.prank(caller);
        try token.mint(meterOf(pick(actorSeed)), bound(energyWh, 1, 1e12), uint64(block.timestamp)) {
            check(false, "minted without oracle rights");
        } catch {}
    }

    /// @notice Someone other than the owner tries an owner-only call.
    function governWithoutRights(address caller, uint256 which, uint256 seed) external {
        if (caller == owner) return;
        which = which % 7;
        bool ok;
        vm.prank(caller);
        if (which == 0) {
            try registry.admit(pick(seed), bytes32(seed)) {
                ok = true;
            } catch {}
        } else if (which == 5) {
            try market.transferOwnership(caller) {
                ok = true;
            } catch {}
        } else if (which == 6) {
            try market.setDisputeBond(seed) {
                ok = true;
            } catch {}
        } else if (which == 1) {
            try market.resolveDispute(trades.length == 0 ? 1 : trades[seed % trades.length].id, 0) {
                ok = true;
            } catch {}
        } else if (which == 2) {
            try market.pause() {
                ok = true;
            } catch {}
        } else if (which == 3) {
            try market.unpause() {
                ok = true;
            } catch {}
        } else {
            try token.setMeterOracle(caller, true) {
                ok = true;
            } catch {}
        }
        check(!ok, "an owner-only call succeeded for someone else");
    }

    /// @notice The owner itself tries to renounce ownership of any of the three contracts.
    function renounce(uint256 which) external {
        which = which % 3;
        address target = which == 0 ? address(market) : which == 1 ? address(token) : address(registry);
        vm.prank(owner);
        (bool ok,) = target.call(abi.encodeWithSignature("renounceOwnership()"));
        check(!ok, "ownership was renounced");
    }

    // ---------------------------------------------------------------- views for the invariants

    /// @notice Sum of what the market credits to every account that can be credited.
    function totalCredits() public view returns (uint256 sum) {
        for (uint256 i = 0; i < actors.length; ++i) {
            sum += market.withdrawable(actors[i]);
        }
        sum += market.withdrawable(owner);
    }

    function paymentBalance(address account) public view returns (uint256) {
        return address(payToken) == address(0) ? account.balance : payToken.balanceOf(account);
    }

    // ---------------------------------------------------------------- model helpers

    function checkSettlement(
        ModelTrade storage trade,
        uint256 buyerEnergyBefore,
        uint256 creditsBefore,
        uint256 feesBefore
    ) private {
        check(token.balanceOf(trade.buyer) - buyerEnergyBefore == trade.energyWh, "buyer did not get the energy");
        check(totalCredits() - creditsBefore == trade.payment, "settlement did not credit exactly the payment");
        check(
            market.withdrawable(owner) - feesBefore == trade.payment * trade.feeBps / 10_000,
            "settlement charged another fee than the offer was listed with"
        );
        finalize(trade, IEnergyMarket.TradeStatus.Settled);
    }

    /// @dev `caller` calls the market to end a dispute; it must succeed exactly when `allowed`, hand out
    /// exactly the trade's energy and credit exactly its payment and bond.
    function endDispute(ModelTrade storage trade, address caller, bool allowed, bytes memory call) private {
        uint256 energyBefore = token.balanceOf(trade.buyer) + token.balanceOf(trade.seller);
        uint256 credits = totalCredits();
        vm.prank(caller);
        (bool ok,) = address(market).call(call);
        if (!ok) {
            check(!allowed, "a dispute could not be ended when it should");
            return;
        }
        check(allowed, "a dispute was ended by the wrong party or at the wrong time");
        check(
            token.balanceOf(trade.buyer) + token.balanceOf(trade.seller) - energyBefore == trade.energyWh,
            "ending a dispute did not hand out exactly the trade's energy"
        );
        check(
            totalCredits() - credits == trade.payment + trade.bond,
            "ending a dispute did not credit exactly the payment and the bond"
        );
        finalize(trade, IEnergyMarket.TradeStatus.Resolved);
    }

    function finalize(ModelTrade storage trade, IEnergyMarket.TradeStatus status) private {
        trade.status = status;
        lockedEnergy -= trade.energyWh;
        lockedPayment -= trade.payment + trade.bond;
        finalizedPayment += trade.payment + trade.bond;
    }

    /// @dev Gives `who` `amount` of payment to spend: the `msg.value` to send in a native market, or
    /// tokens approved to the market (then the value to send is zero).
    function fund(address who, uint256 amount) private returns (uint256 value) {
        if (address(payToken) == address(0)) {
            vm.deal(who, who.balance + amount);
            return amount;
        }
        payToken.mint(who, amount);
        vm.prank(who);
        payToken.approve(address(market), amount);
    }

    function meterOf(address who) private pure returns (bytes32) {
        return keccak256(abi.encode("meter", who));
    }

    function closeOffer(ModelOffer storage offer) private {
        lockedEnergy -= offer.remainingWh;
        offer.remainingWh = 0;
        offer.open = false;
    }

    function ensureEnergy(address who, uint256 energyWh) private {
        uint256 balance = token.balanceOf(who);
        if (balance >= energyWh) return;
        uint64 readAt = token.lastReadingOf(who) + 1;
        if (readAt > block.timestamp) vm.warp(readAt);
        vm.prank(oracle);
        token.mint(meterOf(who), energyWh - balance, readAt);
        mintedByOracle += energyWh - balance;
    }

    function check(bool condition, string memory what) private {
        if (condition) return;
        if (violations == 0) firstViolation = what;
        ++violations;
    }

    function pick(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }

    function bound(uint256 x, uint256 min, uint256 max) private pure returns (uint256) {
        return min + (x % (max - min + 1));
    }

    function ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}

/// @notice The market always holds exactly what it owes, credits conserve every payment, and only
/// oracles mint. Run against a native POL market and an ERC-20 payment market, at 20 runs x 100 calls
/// (hardhat.config.ts), or 100 x 300 with `npm run test:deep`.
abstract contract MarketInvariants is MarketFixture {
    MarketHandler internal handler;

    function setUpMarket(bool erc20Payment) internal {
        deployMarket(erc20Payment, 4);
        handler = new MarketHandler(registry, token, market, payToken, SAFE, ORACLE, prosumers);
        targetContract(address(handler));
        bytes4[] memory actions = new bytes4[](23);
        // Purchases and time drive most paths, so they get more draws.
        actions[0] = MarketHandler.list.selector;
        actions[1] = MarketHandler.list.selector;
        actions[2] = MarketHandler.buy.selector;
        actions[3] = MarketHandler.buy.selector;
        actions[4] = MarketHandler.buy.selector;
        actions[5] = MarketHandler.cancel.selector;
        actions[6] = MarketHandler.closeExpired.selector;
        actions[7] = MarketHandler.confirm.selector;
        actions[8] = MarketHandler.settle.selector;
        actions[9] = MarketHandler.settleBatch.selector;
        actions[10] = MarketHandler.dispute.selector;
        actions[11] = MarketHandler.resolve.selector;
        actions[12] = MarketHandler.withdraw.selector;
        actions[13] = MarketHandler.warp.selector;
        actions[14] = MarketHandler.togglePause.selector;
        actions[15] = MarketHandler.mintWithoutRights.selector;
        actions[16] = MarketHandler.governWithoutRights.selector;
        actions[17] = MarketHandler.toggleSuspension.selector;
        actions[18] = MarketHandler.withdrawDispute.selector;
        actions[19] = MarketHandler.applyDefault.selector;
        actions[20] = MarketHandler.changeTerms.selector;
        actions[21] = MarketHandler.renounce.selector;
        actions[22] = MarketHandler.dispute.selector;
        targetSelectors(address(handler), actions);
    }

    function paymentHeld() internal view returns (uint256) {
        return address(payToken) == address(0) ? address(market).balance : payToken.balanceOf(address(market));
    }

    /// @dev One campaign checks every property after every call (a campaign per property would
    /// multiply the run time for the same coverage).
    function invariant_escrowMatchesTheModel() public view {
        vm.assertEq(handler.violations(), 0, handler.firstViolation());
        vm.assertEq(token.balanceOf(address(market)), handler.lockedEnergy(), "energy held != energy owed");
        vm.assertEq(
            paymentHeld(), handler.lockedPayment() + handler.totalCredits(), "payment held != locked + credited"
        );
        vm.assertEq(
            handler.totalCredits() + handler.withdrawnTotal(),
            handler.finalizedPayment(),
            "credited + withdrawn != payment of finished trades"
        );
        vm.assertEq(token.totalSupply(), handler.mintedByOracle(), "supply != what oracles minted");
    }
}

contract NativeMarketInvariantTest is MarketInvariants {
    function setUp() public {
        setUpMarket(false);
    }
}

contract TokenMarketInvariantTest is MarketInvariants {
    function setUp() public {
        setUpMarket(true);
    }
}
