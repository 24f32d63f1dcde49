-- One table per contract event, named like the event. Generated from the ABIs by
-- electron/core/indexer/event-catalog.ts (eventTablesSql); a test keeps them equal.
-- Integers are decimal TEXT (uint256 does not fit SQLite INTEGER); hashes and addresses lowercase hex.

-- AddedOwner(address owner)
CREATE TABLE added_owner (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- Approval(address owner, address spender, uint256 value)
CREATE TABLE approval (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  owner TEXT NOT NULL,
  spender TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ApproveHash(bytes32 approvedHash, address owner)
CREATE TABLE approve_hash (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  approved_hash TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ChangedFallbackHandler(address handler)
CREATE TABLE changed_fallback_handler (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  handler TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ChangedGuard(address guard)
CREATE TABLE changed_guard (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  guard TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ChangedThreshold(uint256 threshold)
CREATE TABLE changed_threshold (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  threshold TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- DisabledModule(address module)
CREATE TABLE disabled_module (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  module TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- DisputeEvidenceSubmitted(uint256 tradeId, address submittedBy, bytes32 evidenceHash)
CREATE TABLE dispute_evidence_submitted (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  evidence_hash TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX dispute_evidence_submitted_trade_id ON dispute_evidence_submitted (trade_id);

-- DisputeOpened(uint256 tradeId, address openedBy, bytes32 evidenceHash)
CREATE TABLE dispute_opened (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  evidence_hash TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX dispute_opened_trade_id ON dispute_opened (trade_id);

-- DisputeResolved(uint256 tradeId, uint16 sellerShareBps, uint256 sellerProceeds, uint256 buyerRefund, uint256 feeAmount, uint256 energyWhToBuyer, uint256 energyWhToSeller)
CREATE TABLE dispute_resolved (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  seller_share_bps TEXT NOT NULL,
  seller_proceeds TEXT NOT NULL,
  buyer_refund TEXT NOT NULL,
  fee_amount TEXT NOT NULL,
  energy_wh_to_buyer TEXT NOT NULL,
  energy_wh_to_seller TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX dispute_resolved_trade_id ON dispute_resolved (trade_id);

-- DisputeWindowChanged(uint64 oldSeconds, uint64 newSeconds)
CREATE TABLE dispute_window_changed (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  old_seconds TEXT NOT NULL,
  new_seconds TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- EnabledModule(address module)
CREATE TABLE enabled_module (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  module TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- EnergyMinted(address oracle, address to, uint256 energyWh, bytes32 readingId)
CREATE TABLE energy_minted (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  oracle TEXT NOT NULL,
  to_address TEXT NOT NULL,
  energy_wh TEXT NOT NULL,
  reading_id TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ExecutionFailure(bytes32 txHash, uint256 payment)
CREATE TABLE execution_failure (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  tx_hash_safe TEXT NOT NULL,
  payment TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ExecutionFromModuleFailure(address module)
CREATE TABLE execution_from_module_failure (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  module TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ExecutionFromModuleSuccess(address module)
CREATE TABLE execution_from_module_success (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  module TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ExecutionSuccess(bytes32 txHash, uint256 payment)
CREATE TABLE execution_success (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  tx_hash_safe TEXT NOT NULL,
  payment TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- MarketFeeChanged(uint16 oldFeeBps, uint16 newFeeBps)
CREATE TABLE market_fee_changed (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  old_fee_bps TEXT NOT NULL,
  new_fee_bps TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- MeterOracleSet(address oracle, bool authorised)
CREATE TABLE meter_oracle_set (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  oracle TEXT NOT NULL,
  authorised TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- OfferCancelled(uint256 offerId, uint256 energyWhReturned)
CREATE TABLE offer_cancelled (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  energy_wh_returned TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- OfferExpired(uint256 offerId, uint256 energyWhReturned)
CREATE TABLE offer_expired (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  energy_wh_returned TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- OfferListed(uint256 offerId, address seller, uint256 energyWh, uint256 pricePerKWh, uint64 expiresAt)
CREATE TABLE offer_listed (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  seller TEXT NOT NULL,
  energy_wh TEXT NOT NULL,
  price_per_kwh TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- OwnershipTransferred(address previousOwner, address newOwner)
CREATE TABLE ownership_transferred (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  previous_owner TEXT NOT NULL,
  new_owner TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- Paused(address account)
CREATE TABLE paused (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  account TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- ProsumerAdmitted(address prosumer, bytes32 meterId)
CREATE TABLE prosumer_admitted (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  prosumer TEXT NOT NULL,
  meter_id TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX prosumer_admitted_prosumer ON prosumer_admitted (prosumer);

-- ProsumerApplied(address prosumer, bytes32 meterId, bytes32 kycHash, uint256 feeWei)
CREATE TABLE prosumer_applied (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  prosumer TEXT NOT NULL,
  meter_id TEXT NOT NULL,
  kyc_hash TEXT NOT NULL,
  fee_wei TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX prosumer_applied_prosumer ON prosumer_applied (prosumer);

-- ProsumerReinstated(address prosumer)
CREATE TABLE prosumer_reinstated (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  prosumer TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX prosumer_reinstated_prosumer ON prosumer_reinstated (prosumer);

-- ProsumerRejected(address prosumer, bytes32 meterId, string reason)
CREATE TABLE prosumer_rejected (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  prosumer TEXT NOT NULL,
  meter_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX prosumer_rejected_prosumer ON prosumer_rejected (prosumer);

-- ProsumerSuspended(address prosumer, string reason)
CREATE TABLE prosumer_suspended (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  prosumer TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX prosumer_suspended_prosumer ON prosumer_suspended (prosumer);

-- RegistrationFeeChanged(uint256 oldFeeWei, uint256 newFeeWei)
CREATE TABLE registration_fee_changed (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  old_fee_wei TEXT NOT NULL,
  new_fee_wei TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- RegistrationFeesWithdrawn(address to, uint256 amountWei)
CREATE TABLE registration_fees_withdrawn (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  amount_wei TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- RemovedOwner(address owner)
CREATE TABLE removed_owner (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- SafeModuleTransaction(address module, address to, uint256 value, bytes data, uint8 operation)
CREATE TABLE safe_module_transaction (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  module TEXT NOT NULL,
  to_address TEXT NOT NULL,
  value TEXT NOT NULL,
  data TEXT NOT NULL,
  operation TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- SafeMultiSigTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures, bytes additionalInfo)
CREATE TABLE safe_multi_sig_transaction (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  value TEXT NOT NULL,
  data TEXT NOT NULL,
  operation TEXT NOT NULL,
  safe_tx_gas TEXT NOT NULL,
  base_gas TEXT NOT NULL,
  gas_price TEXT NOT NULL,
  gas_token TEXT NOT NULL,
  refund_receiver TEXT NOT NULL,
  signatures TEXT NOT NULL,
  additional_info TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- SafeReceived(address sender, uint256 value)
CREATE TABLE safe_received (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  sender TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- SafeSetup(address initiator, address[] owners, uint256 threshold, address initializer, address fallbackHandler)
CREATE TABLE safe_setup (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  initiator TEXT NOT NULL,
  owners TEXT NOT NULL,
  threshold TEXT NOT NULL,
  initializer TEXT NOT NULL,
  fallback_handler TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- SignMsg(bytes32 msgHash)
CREATE TABLE sign_msg (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  msg_hash TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- TradeOpened(uint256 tradeId, uint256 offerId, address seller, address buyer, uint256 energyWh, uint256 paymentAmount, uint16 feeBps, uint64 disputeDeadline)
CREATE TABLE trade_opened (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  seller TEXT NOT NULL,
  buyer TEXT NOT NULL,
  energy_wh TEXT NOT NULL,
  payment_amount TEXT NOT NULL,
  fee_bps TEXT NOT NULL,
  dispute_deadline TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX trade_opened_trade_id ON trade_opened (trade_id);

-- TradeSettled(uint256 tradeId, uint256 sellerProceeds, uint256 feeAmount, bool confirmedByBuyer)
CREATE TABLE trade_settled (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  seller_proceeds TEXT NOT NULL,
  fee_amount TEXT NOT NULL,
  confirmed_by_buyer TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX trade_settled_trade_id ON trade_settled (trade_id);

-- Transfer(address from, address to, uint256 value)
CREATE TABLE transfer (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- Unpaused(address account)
CREATE TABLE unpaused (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  account TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- Withdrawn(address account, uint256 amount)
CREATE TABLE withdrawn (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  account TEXT NOT NULL,
  amount TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
