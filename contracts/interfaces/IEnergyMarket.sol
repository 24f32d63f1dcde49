// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Escrowed peer-to-peer energy market
/// @notice A seller lists an offer (energy locked here) under the market fee and dispute window of that
/// moment, which stay the offer's terms; a buyer buys all or part of it (payment locked here, in native
/// POL or in the plain ERC-20 payment token fixed at deployment). The buyer confirms delivery, or anyone
/// settles after the dispute window. Either party may dispute inside the window by posting the dispute
/// bond; the owner (the consortium Safe) resolves with a split before the arbitration deadline, the
/// opener may withdraw the dispute, and after the deadline anyone applies the default outcome. Every
/// ending of a dispute is a split: the seller's share of the energy decides its share of the payment and
/// of the bond. Every escrowed amount therefore reaches a final state without the owners. Proceeds,
/// refunds, bonds and fees are withdrawn (pull payments). The owner may pause new offers and purchases;
/// settlement, disputes and withdrawal keep working.
interface IEnergyMarket {
    /// @notice Lifecycle of a trade. `Settled` and `Resolved` are final.
    enum TradeStatus {
        None,
        Open,
        Disputed,
        Settled,
        Resolved
    }

    /// @notice How a dispute ended: the owner's decision, withdrawn by its opener, or the default outcome
    /// applied after the arbitration deadline.
    enum DisputeEnding {
        Decided,
        Withdrawn,
        Defaulted
    }

    /// @notice A seller locked `energyWh` for sale at `pricePerKWh` (payment units per kWh) until `expiresAt`;
    /// its trades carry the fee `feeBps` and the dispute window `disputeWindowSeconds` of this moment.
    event OfferListed(
        uint256 indexed offerId,
        address indexed seller,
        uint256 energyWh,
        uint256 pricePerKWh,
        uint64 expiresAt,
        uint16 feeBps,
        uint64 disputeWindowSeconds
    );
    /// @notice The seller withdrew an offer; the unsold energy went back to them.
    event OfferCancelled(uint256 indexed offerId, uint256 energyWhReturned);
    /// @notice An expired offer was closed; the unsold energy went back to the seller.
    event OfferExpired(uint256 indexed offerId, uint256 energyWhReturned);
    /// @notice A buyer bought `energyWh` of an offer; `paymentAmount` is locked until settlement.
    event TradeOpened(
        uint256 indexed tradeId,
        uint256 indexed offerId,
        address indexed seller,
        address buyer,
        uint256 energyWh,
        uint256 paymentAmount,
        uint16 feeBps,
        uint64 disputeDeadline
    );
    /// @notice A trade settled in full: energy to the buyer, proceeds and fee credited for withdrawal.
    event TradeSettled(uint256 indexed tradeId, uint256 sellerProceeds, uint256 feeAmount, bool confirmedByBuyer);
    /// @notice A party opened a dispute with the hash of its evidence and posted `bond` (payment units).
    /// The owner may decide until `arbitrationDeadline`; from then on anyone applies the default outcome.
    event DisputeOpened(
        uint256 indexed tradeId, address indexed openedBy, bytes32 evidenceHash, uint256 bond, uint64 arbitrationDeadline
    );
    /// @notice A party added evidence to an open dispute.
    event DisputeEvidenceSubmitted(uint256 indexed tradeId, address indexed submittedBy, bytes32 evidenceHash);
    /// @notice The owner resolved a dispute: the seller gets `sellerShareBps` of the payment (less the fee)
    /// and the buyer the same share of the energy; the rest of each goes back.
    event DisputeResolved(
        uint256 indexed tradeId,
        uint16 sellerShareBps,
        uint256 sellerProceeds,
        uint256 buyerRefund,
        uint256 feeAmount,
        uint256 energyWhToBuyer,
        uint256 energyWhToSeller
    );
    /// @notice A dispute ended (`how`), just after its {DisputeResolved}: the bond went `bondToSeller` to the
    /// seller and `bondToBuyer` to the buyer, credited for withdrawal. `by` is who ended it.
    event DisputeEnded(
        uint256 indexed tradeId, DisputeEnding how, address indexed by, uint256 bondToSeller, uint256 bondToBuyer
    );
    /// @notice `account` withdrew `amount` of its credited proceeds, refunds or fees.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice The market fee for new offers changed.
    event MarketFeeChanged(uint16 oldFeeBps, uint16 newFeeBps);
    /// @notice The dispute window for new offers changed.
    event DisputeWindowChanged(uint64 oldSeconds, uint64 newSeconds);
    /// @notice The bond for new disputes changed (payment units).
    event DisputeBondChanged(uint256 oldBond, uint256 newBond);
    /// @notice The arbitration period for new disputes changed.
    event ArbitrationPeriodChanged(uint64 oldSeconds, uint64 newSeconds);

    /// @dev The caller is not an admitted prosumer.
    error NotAdmittedProsumer(address account);
    /// @dev Zero energy or more than 2^96 Wh, zero price or more than 2^128 units per kWh, or an expiry
    /// that is not in the future (or beyond 2^40 seconds).
    error InvalidOffer();
    /// @dev The offer does not exist, is closed, or has expired; or it is February 2106 or later, when a
    /// trade's dispute deadline no longer fits the market's 32 bits and nothing can be bought any more.
    error OfferNotOpen(uint256 offerId);
    /// @dev The offer has not expired yet.
    error OfferNotExpired(uint256 offerId, uint64 expiresAt);
    /// @dev The caller is not the offer's seller.
    error NotSeller(uint256 offerId, address caller);
    /// @dev Asked for more energy than the offer has left (or zero).
    error InvalidAmount(uint256 requestedWh, uint256 availableWh);
    /// @dev A seller cannot buy their own offer.
    error SelfTrade();
    /// @dev `msg.value` is not the exact payment (native market), or value sent to a token market.
    error WrongPayment(uint256 expected, uint256 sent);
    /// @dev The trade is not in the status the call requires.
    error UnexpectedTradeStatus(uint256 tradeId, TradeStatus status);
    /// @dev The caller is neither buyer nor seller (or not the buyer, for confirmation).
    error NotTradeParty(uint256 tradeId, address caller);
    /// @dev The dispute window has closed.
    error DisputeWindowClosed(uint256 tradeId, uint64 deadline);
    /// @dev The dispute window is still open, so the trade cannot be settled by anyone yet.
    error DisputeWindowOpen(uint256 tradeId, uint64 deadline);
    /// @dev A split above 10,000 basis points.
    error InvalidShare(uint16 sellerShareBps);
    /// @dev A fee above `MAX_FEE_BPS`.
    error FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @dev A dispute window outside the allowed bounds.
    error InvalidDisputeWindow(uint64 seconds_);
    /// @dev An empty evidence hash.
    error EmptyEvidence();
    /// @dev Nothing to withdraw.
    error NothingToWithdraw(address account);
    /// @dev Sending native POL failed.
    error PaymentTransferFailed(address to, uint256 amount);
    /// @dev The payment token delivered another amount than was transferred (a fee-on-transfer or
    /// otherwise non-plain token): the market only escrows what it actually received.
    error PaymentNotReceived(uint256 expected, uint256 received);
    /// @dev A dispute bond above `type(uint128).max` payment units.
    error DisputeBondTooHigh(uint256 bond);
    /// @dev An arbitration period outside the allowed bounds.
    error InvalidArbitrationPeriod(uint64 seconds_);
    /// @dev The owner's arbitration deadline has passed: only the default outcome applies now.
    error ArbitrationClosed(uint256 tradeId, uint64 arbitrationDeadline);
    /// @dev The arbitration deadline has not passed yet: the default outcome cannot apply.
    error ArbitrationOpen(uint256 tradeId, uint64 arbitrationDeadline);
    /// @dev Only the party that opened a dispute may withdraw it.
    error NotDisputeOpener(uint256 tradeId, address caller);
    /// @dev The energy token was deployed for another market address.
    error TokenMarketMismatch(address tokenMarket);
    /// @dev The energy token answers to another registry than the market.
    error TokenRegistryMismatch(address tokenRegistry);
    /// @dev The payment token is the energy token.
    error PaymentTokenIsEnergyToken();

    /// @notice List `energyWh` (approved to the market beforehand) at `pricePerKWh` until `expiresAt`.
    /// @return offerId The new offer's id (ids start at 1).
    function listOffer(uint256 energyWh, uint256 pricePerKWh, uint64 expiresAt) external returns (uint256 offerId);

    /// @notice Withdraw your open offer; the unsold energy comes back.
    function cancelOffer(uint256 offerId) external;

    /// @notice Close an expired offer and return its unsold energy to the seller. Anyone may call.
    function closeExpiredOffer(uint256 offerId) external;

    /// @notice Buy `energyWh` of an offer. Pays `quote(offerId, energyWh)`: as `msg.value` in a native
    /// market, or by `transferFrom` of the payment token (approved beforehand).
    /// @return tradeId The new trade's id (ids start at 1).
    function buy(uint256 offerId, uint256 energyWh) external payable returns (uint256 tradeId);

    /// @notice The buyer confirms delivery: the trade settles now.
    function confirmDelivery(uint256 tradeId) external;

    /// @notice Settle an open trade whose dispute window has passed. Anyone may call.
    function settle(uint256 tradeId) external;

    /// @notice Settle every listed trade that is open and past its dispute window; others are skipped.
    /// The caller bounds the work by the length of `tradeIds`.
    /// @return settled How many trades settled.
    function settleBatch(uint256[] calldata tradeIds) external returns (uint256 settled);

    /// @notice Buyer or seller opens a dispute inside the dispute window, posting the bond: `disputeBond()`
    /// capped at the trade's payment, as `msg.value` in a native market or by `transferFrom` (approved
    /// beforehand). The arbitration deadline is now + `arbitrationPeriod()`.
    function openDispute(uint256 tradeId, bytes32 evidenceHash) external payable;

    /// @notice The party that opened a dispute withdraws it: the trade ends as traded (seller's share
    /// 100 %: the energy to the buyer, the payment less the fee to the seller) and the bond follows that
    /// split, i.e. goes to the seller. A withdrawing seller gets its own bond back.
    function withdrawDispute(uint256 tradeId) external;

    /// @notice After the arbitration deadline, anyone applies the default outcome: the trade ends as traded
    /// (seller's share 100 %), exactly as {withdrawDispute} would end it.
    function applyDefaultOutcome(uint256 tradeId) external;

    /// @notice Buyer or seller adds evidence to an open dispute.
    function submitEvidence(uint256 tradeId, bytes32 evidenceHash) external;

    /// @notice Resolve a dispute before its arbitration deadline. The buyer gets
    /// floor(energyWh × sellerShareBps / 10,000) of the energy and the seller is paid for exactly that
    /// energy, floor(payment × energyToBuyer / energyWh), less the fee; the rest of the payment is refunded
    /// and the rest of the energy returns to the seller. So the seller is never paid for energy the buyer
    /// does not get. The bond goes floor(bond × sellerShareBps / 10,000) to the seller, the rest to the
    /// buyer. Owner only.
    function resolveDispute(uint256 tradeId, uint16 sellerShareBps) external;

    /// @notice Withdraw everything credited to the caller.
    function withdraw() external;

    /// @notice Set the fee (basis points of the payment) for offers listed from now on. Owner only.
    function setMarketFee(uint16 feeBps) external;

    /// @notice Set the dispute window for offers listed from now on. Owner only.
    function setDisputeWindow(uint64 seconds_) external;

    /// @notice Set the bond for disputes opened from now on (payment units, at most `type(uint128).max`;
    /// zero disables it). Owner only.
    function setDisputeBond(uint256 bond) external;

    /// @notice Set the arbitration period for disputes opened from now on. Owner only.
    function setArbitrationPeriod(uint64 seconds_) external;

    /// @notice Stop new offers and purchases. Owner only.
    function pause() external;

    /// @notice Allow new offers and purchases again. Owner only.
    function unpause() external;

    /// @notice The payment for `energyWh` of an offer (rounded up to the next payment unit).
    function quote(uint256 offerId, uint256 energyWh) external view returns (uint256 paymentAmount);

    /// @notice Amount credited to `account` and not yet withdrawn.
    function withdrawable(address account) external view returns (uint256);

    /// @notice The ERC-20 payment token, or the zero address for native POL.
    function paymentToken() external view returns (address);
}
