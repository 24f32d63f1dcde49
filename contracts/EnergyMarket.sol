// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ConsortiumOwned} from "./ConsortiumOwned.sol";
import {IEnergyMarket} from "./interfaces/IEnergyMarket.sol";
import {IEnergyToken} from "./interfaces/IEnergyToken.sol";
import {IProsumerRegistry} from "./interfaces/IProsumerRegistry.sol";

/// @title Escrowed peer-to-peer energy market
/// @notice See {IEnergyMarket}. The owner is the consortium Safe; market fees are credited to it.
/// Only plain ERC-20 payment tokens are supported: what a transfer in delivers is checked (a
/// fee-on-transfer token makes purchases and bonds revert), but a token whose balances shrink later
/// (rebasing down) would leave the escrow short, so deployment refuses such tokens.
contract EnergyMarket is IEnergyMarket, ConsortiumOwned, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The highest market fee the owner may set: 10 %.
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @notice Shortest dispute window the owner may set.
    uint64 public constant MIN_DISPUTE_WINDOW = 60;
    /// @notice Longest dispute window the owner may set.
    uint64 public constant MAX_DISPUTE_WINDOW = 30 days;
    /// @notice Shortest arbitration period the owner may set.
    uint64 public constant MIN_ARBITRATION_PERIOD = 1 hours;
    /// @notice Longest arbitration period the owner may set.
    uint64 public constant MAX_ARBITRATION_PERIOD = 90 days;
    uint256 private constant BPS = 10_000;
    uint256 private constant WH_PER_KWH = 1_000;
    /// @dev The top bit of an account's stored credit ({_withdrawable}): set once the account is open,
    /// and never cleared, so that crediting it is a non-zero to non-zero write (5,000 gas, not 22,100).
    uint256 private constant OPEN = 1 << 255;

    /// @notice An offer and the terms it was listed under, in two slots: seller, expiry, state and terms;
    /// then energy left (at most 2^96 Wh) and price (at most 2^128 payment units per kWh), which
    /// {listOffer} enforces. Gas: a listing writes two new slots, a purchase reads two.
    struct Offer {
        address seller;
        uint40 expiresAt;
        bool open;
        uint16 feeBps;
        uint32 disputeWindowSeconds;
        uint96 remainingWh;
        uint128 pricePerKWh;
    }

    /// @notice A trade as {tradeOf} shows it: its parties, status, fee and dispute deadline, energy and payment.
    struct Trade {
        address seller;
        TradeStatus status;
        uint16 feeBps;
        uint64 disputeDeadline;
        address buyer;
        uint96 energyWh;
        uint256 paymentAmount;
    }

    /// @dev A trade as stored, in two slots (a purchase writes two new slots, not three): the payment is
    /// not stored but recomputed from the offer's price, which never changes after listing, exactly as
    /// {buy} computed it ({_paymentOf}); a settlement reads the offer's price slot instead of a payment
    /// slot, so it reads as many slots as before. Trade-off: the dispute deadline is 32 bits, so from
    /// February 2106 (block time 2^32) no offer can be bought any more ({buy} reverts with
    /// {OfferNotOpen}); everything already traded still settles. Offer ids fit 40 bits ({listOffer}).
    struct StoredTrade {
        address seller;
        TradeStatus status;
        uint16 feeBps;
        uint32 disputeDeadline;
        uint40 offerId;
        address buyer;
        uint96 energyWh;
    }

    /// @notice A trade's dispute as {disputeOf} shows it: who opened it, until when the owner may decide,
    /// and the bond posted.
    struct Dispute {
        address openedBy;
        uint64 arbitrationDeadline;
        uint256 bond;
    }

    /// @dev A dispute as stored, in one slot (opening a dispute writes one new slot, not two): the
    /// opener is the buyer or the seller, and the bond is at most `type(uint128).max` ({setDisputeBond}).
    struct StoredDispute {
        uint128 bond;
        uint64 arbitrationDeadline;
        bool openedBySeller;
    }

    /// @notice The registry that decides who may trade.
    IProsumerRegistry public immutable registry;
    /// @notice The energy token traded here.
    IERC20 public immutable energyToken;
    IERC20 private immutable _paymentToken;

    /// @dev The terms of disputes opened from now on, in one slot (opening a dispute reads one slot for
    /// both): the bond is at most `type(uint128).max` ({setDisputeBond}). A struct starts a slot of its
    /// own, and so does what follows it, so neither packs with {Ownable2Step}'s pending owner.
    struct DisputeTerms {
        uint128 bond;
        uint64 arbitrationPeriodSeconds;
    }

    DisputeTerms private _disputeTerms;
    // The market's terms, the pause flag and both id counters share the next slot, so a listing or a
    // purchase reads one slot and writes it once instead of two. The counters are 40 and 48 bits: at a
    // million offers or trades a day they last 3,000 and 770,000 years (beyond that the increment reverts).
    /// @notice Fee (basis points of the payment) that offers listed from now on carry.
    uint16 public marketFeeBps;
    /// @notice Dispute window (seconds) that offers listed from now on carry.
    uint64 public disputeWindowSeconds;
    /// @dev Whether the market is paused; replaces {Pausable}'s own flag (see {paused}).
    bool private _pausedFlag;
    uint40 private _lastOfferId;
    uint48 private _lastTradeId;

    mapping(uint256 offerId => Offer) private _offers;
    mapping(uint256 tradeId => StoredTrade) private _trades;
    mapping(uint256 tradeId => StoredDispute) private _disputes;
    /// @dev What each account may withdraw (payment units, bits 0-254) and the {OPEN} bit (bit 255).
    /// Gas: a seller's account is opened by its first {listOffer} (a new slot there, 20,000 gas once per
    /// seller, and a 2,100-gas read on every later listing) and stays open after {withdraw}, so every
    /// settlement credits the seller with a non-zero to non-zero write instead of creating the slot, and
    /// the next settlement after a withdrawal does not create it again. Trade-off: {withdraw} earns no
    /// storage refund (it keeps the bit). Credits stay below 2^255: they are sums of escrowed payments.
    mapping(address account => uint256) private _withdrawable;

    /// @param owner_ The consortium Safe.
    /// @param registry_ The prosumer registry (the energy token's too).
    /// @param energyToken_ The energy token (whose `market` is this contract).
    /// @param paymentToken_ The plain ERC-20 used for payment, or the zero address for native POL.
    /// @param feeBps_ The initial market fee.
    /// @param disputeWindowSeconds_ The initial dispute window.
    /// @param disputeBond_ The initial dispute bond (payment units).
    /// @param arbitrationPeriodSeconds_ The initial arbitration period.
    constructor(
        address owner_,
        IProsumerRegistry registry_,
        IERC20 energyToken_,
        IERC20 paymentToken_,
        uint16 feeBps_,
        uint64 disputeWindowSeconds_,
        uint256 disputeBond_,
        uint64 arbitrationPeriodSeconds_
    ) ConsortiumOwned(owner_) {
        address tokenMarket = IEnergyToken(address(energyToken_)).market();
        if (tokenMarket != address(this)) revert TokenMarketMismatch(tokenMarket);
        address tokenRegistry = address(IEnergyToken(address(energyToken_)).registry());
        if (tokenRegistry != address(registry_)) revert TokenRegistryMismatch(tokenRegistry);
        if (address(paymentToken_) == address(energyToken_)) revert PaymentTokenIsEnergyToken();
        registry = registry_;
        energyToken = energyToken_;
        _paymentToken = paymentToken_;
        _setMarketFee(feeBps_);
        _setDisputeWindow(disputeWindowSeconds_);
        _setDisputeBond(disputeBond_);
        _setArbitrationPeriod(arbitrationPeriodSeconds_);
    }

    modifier onlyAdmitted() {
        if (!registry.isAdmitted(msg.sender)) revert NotAdmittedProsumer(msg.sender);
        _;
    }

    /// @inheritdoc IEnergyMarket
    function listOffer(uint256 energyWh, uint256 pricePerKWh, uint64 expiresAt)
        external
        whenNotPaused
        onlyAdmitted
        nonReentrant
        returns (uint256 offerId)
    {
        if (
            energyWh == 0 || energyWh > type(uint96).max || pricePerKWh == 0 || pricePerKWh > type(uint128).max
                || expiresAt <= block.timestamp || expiresAt > type(uint40).max
        ) revert InvalidOffer();
        offerId = ++_lastOfferId;
        if (_withdrawable[msg.sender] == 0) _withdrawable[msg.sender] = OPEN; // see {_withdrawable}
        uint16 feeBps = marketFeeBps;
        // At most MAX_DISPUTE_WINDOW (30 days), so it fits 32 bits and the offer keeps to one slot.
        uint32 window = uint32(disputeWindowSeconds);
        _offers[offerId] = Offer({
            seller: msg.sender,
            expiresAt: uint40(expiresAt),
            open: true,
            feeBps: feeBps,
            disputeWindowSeconds: window,
            remainingWh: uint96(energyWh),
            pricePerKWh: uint128(pricePerKWh)
        });
        emit OfferListed(offerId, msg.sender, energyWh, pricePerKWh, expiresAt, feeBps, window);
        energyToken.safeTransferFrom(msg.sender, address(this), energyWh);
    }

    /// @inheritdoc IEnergyMarket
    function cancelOffer(uint256 offerId) external nonReentrant {
        Offer storage offer = _offers[offerId];
        if (!offer.open) revert OfferNotOpen(offerId);
        if (offer.seller != msg.sender) revert NotSeller(offerId, msg.sender);
        uint256 returned = _closeOffer(offer);
        emit OfferCancelled(offerId, returned);
        energyToken.safeTransfer(msg.sender, returned);
    }

    /// @inheritdoc IEnergyMarket
    function closeExpiredOffer(uint256 offerId) external nonReentrant {
        Offer storage offer = _offers[offerId];
        if (!offer.open) revert OfferNotOpen(offerId);
        if (block.timestamp < offer.expiresAt) revert OfferNotExpired(offerId, offer.expiresAt);
        uint256 returned = _closeOffer(offer);
        emit OfferExpired(offerId, returned);
        energyToken.safeTransfer(offer.seller, returned);
    }

    /// @inheritdoc IEnergyMarket
    function buy(uint256 offerId, uint256 energyWh)
        external
        payable
        whenNotPaused
        onlyAdmitted
        nonReentrant
        returns (uint256 tradeId)
    {
        Offer storage offer = _offers[offerId];
        if (!offer.open || block.timestamp >= offer.expiresAt) revert OfferNotOpen(offerId);
        address seller = offer.seller;
        if (seller == msg.sender) revert SelfTrade();
        // A suspended seller's offers stay listed (they may cancel them) but cannot be bought.
        if (!registry.isAdmitted(seller)) revert NotAdmittedProsumer(seller);
        uint256 available = offer.remainingWh;
        if (energyWh == 0 || energyWh > available) revert InvalidAmount(energyWh, available);
        uint256 payment = _quoteStored(uint96(energyWh), offer.pricePerKWh); // energyWh <= available < 2^96

        unchecked {
            offer.remainingWh = uint96(available - energyWh);
        }
        if (available == energyWh) offer.open = false;

        uint16 feeBps = offer.feeBps;
        uint64 deadline = uint64(block.timestamp) + offer.disputeWindowSeconds;
        if (deadline > type(uint32).max) revert OfferNotOpen(offerId); // from February 2106, see {StoredTrade}
        tradeId = ++_lastTradeId;
        _trades[tradeId] = StoredTrade({
            seller: seller,
            status: TradeStatus.Open,
            feeBps: feeBps,
            disputeDeadline: uint32(deadline),
            offerId: uint40(offerId), // an existing offer's id, at most 2^40 - 1 ({listOffer})
            buyer: msg.sender,
            energyWh: uint96(energyWh) // energyWh <= available < 2^96
        });
        emit TradeOpened(tradeId, offerId, seller, msg.sender, energyWh, payment, feeBps, deadline);
        _collectPayment(payment);
    }

    /// @inheritdoc IEnergyMarket
    function confirmDelivery(uint256 tradeId) external nonReentrant {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Open) revert UnexpectedTradeStatus(tradeId, trade.status);
        if (trade.buyer != msg.sender) revert NotTradeParty(tradeId, msg.sender);
        _settle(tradeId, trade, true);
    }

    /// @inheritdoc IEnergyMarket
    function settle(uint256 tradeId) external nonReentrant {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Open) revert UnexpectedTradeStatus(tradeId, trade.status);
        if (block.timestamp < trade.disputeDeadline) revert DisputeWindowOpen(tradeId, trade.disputeDeadline);
        _settle(tradeId, trade, false);
    }

    /// @inheritdoc IEnergyMarket
    /// @dev Gas: each settled trade is marked and announced ({TradeSettled}) as in {settle}, but the
    /// credits and transfers are grouped: the owner's fees are credited once for the whole batch, a run
    /// of consecutive trades with the same seller is credited once, and a run of consecutive trades with
    /// the same buyer receives its energy in one transfer. Every amount is the exact sum of the per-trade
    /// amounts {settle} would credit or send, so the accounting is the same; only the number of storage
    /// writes, token calls and `Transfer` events falls (sorting the ids by seller or buyer saves most).
    function settleBatch(uint256[] calldata tradeIds) external nonReentrant returns (uint256 settled) {
        uint256 fees;
        address payee; // seller of the current run and what it is owed
        uint256 owed;
        address recipient; // buyer of the current run and the energy it receives
        uint256 energy;
        for (uint256 i = 0; i < tradeIds.length; ++i) {
            uint256 tradeId = tradeIds[i];
            StoredTrade storage trade = _trades[tradeId];
            if (trade.status != TradeStatus.Open || block.timestamp < trade.disputeDeadline) continue;
            (address seller, uint256 proceeds, uint256 fee, address buyer, uint256 energyWh) =
                _markSettled(tradeId, trade, false);
            // Sums of amounts the escrow holds, so they cannot overflow; checked arithmetic kept anyway.
            fees += fee;
            if (seller == payee) {
                owed += proceeds;
            } else {
                if (owed != 0) _withdrawable[payee] += owed;
                (payee, owed) = (seller, proceeds);
            }
            if (buyer == recipient) {
                energy += energyWh;
            } else {
                if (energy != 0) energyToken.safeTransfer(recipient, energy);
                (recipient, energy) = (buyer, energyWh);
            }
            ++settled;
        }
        if (owed != 0) _withdrawable[payee] += owed;
        if (fees != 0) _withdrawable[owner()] += fees;
        if (energy != 0) energyToken.safeTransfer(recipient, energy);
    }

    /// @inheritdoc IEnergyMarket
    function openDispute(uint256 tradeId, bytes32 evidenceHash) external payable nonReentrant {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Open) revert UnexpectedTradeStatus(tradeId, trade.status);
        _requireParty(tradeId, trade);
        if (block.timestamp >= trade.disputeDeadline) revert DisputeWindowClosed(tradeId, trade.disputeDeadline);
        if (evidenceHash == bytes32(0)) revert EmptyEvidence();
        trade.status = TradeStatus.Disputed;
        DisputeTerms memory terms = _disputeTerms;
        uint256 bond = Math.min(terms.bond, _paymentOf(trade));
        uint64 arbitrationDeadline = uint64(block.timestamp) + terms.arbitrationPeriodSeconds;
        _disputes[tradeId] = StoredDispute({
            bond: uint128(bond), // bond <= terms.bond < 2^128
            arbitrationDeadline: arbitrationDeadline,
            openedBySeller: msg.sender == trade.seller
        });
        emit DisputeOpened(tradeId, msg.sender, evidenceHash, bond, arbitrationDeadline);
        _collectPayment(bond);
    }

    /// @inheritdoc IEnergyMarket
    function withdrawDispute(uint256 tradeId) external nonReentrant {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Disputed) revert UnexpectedTradeStatus(tradeId, trade.status);
        address opener = _disputes[tradeId].openedBySeller ? trade.seller : trade.buyer;
        if (opener != msg.sender) revert NotDisputeOpener(tradeId, msg.sender);
        _endDispute(tradeId, trade, uint16(BPS), DisputeEnding.Withdrawn);
    }

    /// @inheritdoc IEnergyMarket
    function applyDefaultOutcome(uint256 tradeId) external nonReentrant {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Disputed) revert UnexpectedTradeStatus(tradeId, trade.status);
        uint64 arbitrationDeadline = _disputes[tradeId].arbitrationDeadline;
        if (block.timestamp < arbitrationDeadline) revert ArbitrationOpen(tradeId, arbitrationDeadline);
        _endDispute(tradeId, trade, uint16(BPS), DisputeEnding.Defaulted);
    }

    /// @inheritdoc IEnergyMarket
    function submitEvidence(uint256 tradeId, bytes32 evidenceHash) external {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Disputed) revert UnexpectedTradeStatus(tradeId, trade.status);
        _requireParty(tradeId, trade);
        if (evidenceHash == bytes32(0)) revert EmptyEvidence();
        emit DisputeEvidenceSubmitted(tradeId, msg.sender, evidenceHash);
    }

    /// @inheritdoc IEnergyMarket
    function resolveDispute(uint256 tradeId, uint16 sellerShareBps) external onlyOwner nonReentrant {
        StoredTrade storage trade = _trades[tradeId];
        if (trade.status != TradeStatus.Disputed) revert UnexpectedTradeStatus(tradeId, trade.status);
        if (sellerShareBps > BPS) revert InvalidShare(sellerShareBps);
        uint64 arbitrationDeadline = _disputes[tradeId].arbitrationDeadline;
        if (block.timestamp >= arbitrationDeadline) revert ArbitrationClosed(tradeId, arbitrationDeadline);
        _endDispute(tradeId, trade, sellerShareBps, DisputeEnding.Decided);
    }

    /// @inheritdoc IEnergyMarket
    function withdraw() external nonReentrant {
        uint256 stored = _withdrawable[msg.sender];
        uint256 amount = stored & (OPEN - 1);
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _withdrawable[msg.sender] = stored & OPEN; // an open account stays open (see {_withdrawable})
        emit Withdrawn(msg.sender, amount);
        if (address(_paymentToken) == address(0)) {
            (bool ok,) = msg.sender.call{value: amount}("");
            if (!ok) revert PaymentTransferFailed(msg.sender, amount);
        } else {
            _paymentToken.safeTransfer(msg.sender, amount);
        }
    }

    /// @inheritdoc IEnergyMarket
    function setMarketFee(uint16 feeBps) external onlyOwner {
        _setMarketFee(feeBps);
    }

    /// @inheritdoc IEnergyMarket
    function setDisputeWindow(uint64 seconds_) external onlyOwner {
        _setDisputeWindow(seconds_);
    }

    /// @inheritdoc IEnergyMarket
    function setDisputeBond(uint256 bond) external onlyOwner {
        _setDisputeBond(bond);
    }

    /// @inheritdoc IEnergyMarket
    function setArbitrationPeriod(uint64 seconds_) external onlyOwner {
        _setArbitrationPeriod(seconds_);
    }

    /// @inheritdoc IEnergyMarket
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IEnergyMarket
    function unpause() external onlyOwner {
        _unpause();
    }

    /// @notice Bond (payment units) of disputes opened from now on, capped at the trade's payment.
    function disputeBond() external view returns (uint256) {
        return _disputeTerms.bond;
    }

    /// @notice Arbitration period (seconds) of disputes opened from now on.
    function arbitrationPeriodSeconds() external view returns (uint64) {
        return _disputeTerms.arbitrationPeriodSeconds;
    }

    /// @notice Id of the most recent offer (ids start at 1).
    function lastOfferId() external view returns (uint256) {
        return _lastOfferId;
    }

    /// @notice Id of the most recent trade (ids start at 1).
    function lastTradeId() external view returns (uint256) {
        return _lastTradeId;
    }

    /// @notice Whether new offers and purchases are refused. Gas: the flag lives in the slot of the
    /// market's terms and id counters, which listings and purchases read anyway; {Pausable}'s own
    /// `_paused` is never written (its events, errors and modifiers are used unchanged).
    function paused() public view override returns (bool) {
        return _pausedFlag;
    }

    /// @inheritdoc IEnergyMarket
    function quote(uint256 offerId, uint256 energyWh) external view returns (uint256 paymentAmount) {
        uint256 pricePerKWh = _offers[offerId].pricePerKWh;
        if (pricePerKWh == 0) revert OfferNotOpen(offerId);
        return _quote(energyWh, pricePerKWh);
    }

    /// @inheritdoc IEnergyMarket
    function withdrawable(address account) external view returns (uint256) {
        return _withdrawable[account] & (OPEN - 1);
    }

    /// @inheritdoc IEnergyMarket
    function paymentToken() external view returns (address) {
        return address(_paymentToken);
    }

    /// @notice An offer as stored (`open` is false once sold out, cancelled or closed after expiry).
    function offerOf(uint256 offerId) external view returns (Offer memory) {
        return _offers[offerId];
    }

    /// @notice A trade as stored.
    function tradeOf(uint256 tradeId) external view returns (Trade memory) {
        StoredTrade storage trade = _trades[tradeId];
        return Trade({
            seller: trade.seller,
            status: trade.status,
            feeBps: trade.feeBps,
            disputeDeadline: trade.disputeDeadline,
            buyer: trade.buyer,
            energyWh: trade.energyWh,
            paymentAmount: _paymentOf(trade)
        });
    }

    /// @notice The dispute of a trade: opener, arbitration deadline and bond (zeros if never disputed;
    /// kept after the dispute ended).
    function disputeOf(uint256 tradeId) external view returns (Dispute memory dispute) {
        StoredDispute memory stored = _disputes[tradeId];
        if (stored.arbitrationDeadline == 0) return dispute;
        StoredTrade storage trade = _trades[tradeId];
        return Dispute({
            openedBy: stored.openedBySeller ? trade.seller : trade.buyer,
            arbitrationDeadline: stored.arbitrationDeadline,
            bond: stored.bond
        });
    }

    /// @dev Ends a dispute with a split. The buyer's energy rounds down and the seller is paid for
    /// exactly that energy (rounded down), so energy and payment shares are consistent: a split that
    /// gives the buyer 0 Wh refunds the whole payment. The bond follows the seller's share (rounded
    /// down for the seller). Everything is credited or sent in this call: nothing stays escrowed.
    function _endDispute(uint256 tradeId, StoredTrade storage trade, uint16 sellerShareBps, DisputeEnding how) private {
        trade.status = TradeStatus.Resolved;
        uint256 energyWh = trade.energyWh;
        uint256 energyToBuyer = energyWh * sellerShareBps / BPS;
        (uint256 toSeller, uint256 toBuyer) = _splitPayment(tradeId, trade, sellerShareBps, energyWh, energyToBuyer);
        uint256 bond = _disputes[tradeId].bond;
        uint256 bondToSeller = bond * sellerShareBps / BPS;
        uint256 bondToBuyer = bond - bondToSeller;
        address seller = trade.seller;
        address buyer = trade.buyer;
        // Gas: one credit per party, its share of the payment plus its share of the bond (the exact sum
        // of the two credits the events report); nothing is written for a party owed nothing.
        toSeller += bondToSeller;
        toBuyer += bondToBuyer;
        if (toSeller != 0) _withdrawable[seller] += toSeller;
        if (toBuyer != 0) _withdrawable[buyer] += toBuyer;
        emit DisputeEnded(tradeId, how, msg.sender, bondToSeller, bondToBuyer);
        if (energyToBuyer != 0) energyToken.safeTransfer(buyer, energyToBuyer);
        if (energyWh != energyToBuyer) energyToken.safeTransfer(seller, energyWh - energyToBuyer);
    }

    /// @dev The payment side of {_endDispute}: credits the fee, emits {DisputeResolved} and returns the
    /// seller's proceeds and the buyer's refund for the caller to credit.
    function _splitPayment(
        uint256 tradeId,
        StoredTrade storage trade,
        uint16 sellerShareBps,
        uint256 energyWh,
        uint256 energyToBuyer
    ) private returns (uint256 sellerProceeds, uint256 buyerRefund) {
        uint256 payment = _quoteStored(uint96(energyWh), _offers[trade.offerId].pricePerKWh);
        uint256 sellerGross = Math.mulDiv(payment, energyToBuyer, energyWh);
        uint256 fee = sellerGross * trade.feeBps / BPS;
        if (fee != 0) _withdrawable[owner()] += fee;
        sellerProceeds = sellerGross - fee;
        buyerRefund = payment - sellerGross;
        emit DisputeResolved(
            tradeId, sellerShareBps, sellerProceeds, buyerRefund, fee, energyToBuyer, energyWh - energyToBuyer
        );
    }

    function _settle(uint256 tradeId, StoredTrade storage trade, bool confirmedByBuyer) private {
        (address seller, uint256 proceeds, uint256 fee, address buyer, uint256 energyWh) =
            _markSettled(tradeId, trade, confirmedByBuyer);
        _withdrawable[seller] += proceeds;
        if (fee != 0) _withdrawable[owner()] += fee;
        energyToken.safeTransfer(buyer, energyWh);
    }

    /// @dev Marks an open trade settled and emits {TradeSettled}; returns who is owed what, which the
    /// caller credits and sends. Gas: the trade's two slots are read once each and the first written
    /// once, by position in the {StoredTrade} layout (Solidity packs members from the low-order bits:
    /// seller 0-159, status 160-167, feeBps 168-183, disputeDeadline 184-215, offerId 216-255; then
    /// buyer 0-159, energyWh 160-255), instead of a storage read per field (~500 gas a trade).
    function _markSettled(uint256 tradeId, StoredTrade storage trade, bool confirmedByBuyer)
        private
        returns (address seller, uint256 proceeds, uint256 fee, address buyer, uint256 energyWh)
    {
        uint256 head;
        uint256 tail;
        uint256 settledStatus = uint256(TradeStatus.Settled) << 160;
        assembly ("memory-safe") {
            head := sload(trade.slot)
            tail := sload(add(trade.slot, 1))
            sstore(trade.slot, or(and(head, not(shl(160, 0xff))), settledStatus))
        }
        seller = address(uint160(head));
        buyer = address(uint160(tail));
        energyWh = tail >> 160;
        uint256 payment = _quoteStored(uint96(energyWh), _offers[head >> 216].pricePerKWh);
        // payment <= ceil(2^96 * 2^128 / 1000) < 2^215 ({buy}) and feeBps <= MAX_FEE_BPS < BPS, so the
        // product cannot overflow and the fee never exceeds the payment.
        unchecked {
            fee = payment * uint16(head >> 168) / BPS;
            proceeds = payment - fee;
        }
        emit TradeSettled(tradeId, proceeds, fee, confirmedByBuyer);
    }

    function _closeOffer(Offer storage offer) private returns (uint256 returned) {
        returned = offer.remainingWh;
        offer.remainingWh = 0;
        offer.open = false;
    }

    /// @dev Takes `payment` from the caller: exactly `msg.value` in a native market; otherwise by
    /// `transferFrom`, checking that the market's balance grew by exactly `payment` (what is credited
    /// later must have arrived).
    function _collectPayment(uint256 payment) private {
        if (address(_paymentToken) == address(0)) {
            if (msg.value != payment) revert WrongPayment(payment, msg.value);
        } else {
            if (msg.value != 0) revert WrongPayment(0, msg.value);
            if (payment == 0) return;
            uint256 before = _paymentToken.balanceOf(address(this));
            _paymentToken.safeTransferFrom(msg.sender, address(this), payment);
            uint256 balance = _paymentToken.balanceOf(address(this));
            if (balance != before + payment) revert PaymentNotReceived(payment, balance > before ? balance - before : 0);
        }
    }

    function _requireParty(uint256 tradeId, StoredTrade storage trade) private view {
        if (msg.sender != trade.buyer && msg.sender != trade.seller) revert NotTradeParty(tradeId, msg.sender);
    }

    /// @dev What the buyer paid: the quote {buy} charged, from the same energy and the same (immutable)
    /// price of the offer. Zero for a trade that does not exist (no energy).
    function _paymentOf(StoredTrade storage trade) private view returns (uint256) {
        return _quoteStored(trade.energyWh, _offers[trade.offerId].pricePerKWh);
    }

    /// @dev {_quote} for amounts within the stored bounds: energy below 2^96 and price below 2^128 make a
    /// product below 2^224, so the plain (unchecked) arithmetic is exact and equals `Math.mulDiv`'s
    /// rounded-up result, at a fraction of its gas.
    function _quoteStored(uint96 energyWh, uint128 pricePerKWh) private pure returns (uint256 payment) {
        unchecked {
            uint256 product = uint256(energyWh) * pricePerKWh;
            payment = product / WH_PER_KWH;
            if (product % WH_PER_KWH != 0) ++payment;
        }
    }

    function _quote(uint256 energyWh, uint256 pricePerKWh) private pure returns (uint256) {
        return Math.mulDiv(energyWh, pricePerKWh, WH_PER_KWH, Math.Rounding.Ceil);
    }

    function _pause() internal override whenNotPaused {
        _pausedFlag = true;
        emit Paused(_msgSender());
    }

    function _unpause() internal override whenPaused {
        _pausedFlag = false;
        emit Unpaused(_msgSender());
    }

    function _setMarketFee(uint16 feeBps) private {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        emit MarketFeeChanged(marketFeeBps, feeBps);
        marketFeeBps = feeBps;
    }

    function _setDisputeWindow(uint64 seconds_) private {
        if (seconds_ < MIN_DISPUTE_WINDOW || seconds_ > MAX_DISPUTE_WINDOW) revert InvalidDisputeWindow(seconds_);
        emit DisputeWindowChanged(disputeWindowSeconds, seconds_);
        disputeWindowSeconds = seconds_;
    }

    function _setDisputeBond(uint256 bond) private {
        if (bond > type(uint128).max) revert DisputeBondTooHigh(bond);
        emit DisputeBondChanged(_disputeTerms.bond, bond);
        _disputeTerms.bond = uint128(bond);
    }

    function _setArbitrationPeriod(uint64 seconds_) private {
        if (seconds_ < MIN_ARBITRATION_PERIOD || seconds_ > MAX_ARBITRATION_PERIOD) {
            revert InvalidArbitrationPeriod(seconds_);
        }
        emit ArbitrationPeriodChanged(_disputeTerms.arbitrationPeriodSeconds, seconds_);
        _disputeTerms.arbitrationPeriodSeconds = seconds_;
    }
}
