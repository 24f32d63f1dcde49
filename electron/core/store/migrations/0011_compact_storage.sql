-- Compact market store (issue 15): hashes, addresses and bytesN as BLOBs of their bytes; amounts
-- (uint256 and other wide unsigned integers) as ordered-amount BLOBs (a length byte, then the
-- big-endian bytes: memcmp order is numeric order, see electron/core/store/values.ts); small
-- integers as INTEGER. Event rows no longer repeat the block hash (one row per block in
-- event_blocks) or the emitter's address (an id into contracts). Every table is converted in place:
-- nothing is re-fetched, and prosumer_daily (which retention keeps forever) keeps its history.
-- market_rollups, market_params, the journal and the app's own tables (audit log, Safe queue,
-- address book, settings) are unchanged.

-- Indexes a backfill deferred are recreated below in their new form.
DELETE FROM deferred_indexes;

-- The hash of every block that has stored event rows (final blocks cannot reorg; the headers of
-- non-final blocks stay in indexed_blocks for the parent-hash check).
CREATE TABLE event_blocks (
  number INTEGER PRIMARY KEY,
  hash BLOB NOT NULL
);

-- The contracts whose events are stored; event rows name theirs by id.
CREATE TABLE contracts (
  id INTEGER PRIMARY KEY,
  address BLOB NOT NULL UNIQUE
);

-- Event tables in compact form. Generated from the ABIs by electron/core/indexer/event-catalog.ts
-- (compactEventTablesSql); a test keeps them equal. Storage per column: see columnStorage.

-- AddedOwner(address owner)
CREATE TABLE added_owner_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  owner BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM added_owner;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM added_owner;
INSERT INTO added_owner_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(owner, 3))
  FROM added_owner e;
DROP TABLE added_owner;
ALTER TABLE added_owner_compact RENAME TO added_owner;

-- Approval(address owner, address spender, uint256 value)
CREATE TABLE approval_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  owner BLOB NOT NULL,
  spender BLOB NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM approval;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM approval;
INSERT INTO approval_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(owner, 3)),
  unhex(substr(spender, 3)),
  amount_blob(value)
  FROM approval e;
DROP TABLE approval;
ALTER TABLE approval_compact RENAME TO approval;

-- ApproveHash(bytes32 approvedHash, address owner)
CREATE TABLE approve_hash_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  approved_hash BLOB NOT NULL,
  owner BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM approve_hash;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM approve_hash;
INSERT INTO approve_hash_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(approved_hash, 3)),
  unhex(substr(owner, 3))
  FROM approve_hash e;
DROP TABLE approve_hash;
ALTER TABLE approve_hash_compact RENAME TO approve_hash;

-- ArbitrationPeriodChanged(uint64 oldSeconds, uint64 newSeconds)
CREATE TABLE arbitration_period_changed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  old_seconds BLOB NOT NULL,
  new_seconds BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM arbitration_period_changed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM arbitration_period_changed;
INSERT INTO arbitration_period_changed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  amount_blob(old_seconds),
  amount_blob(new_seconds)
  FROM arbitration_period_changed e;
DROP TABLE arbitration_period_changed;
ALTER TABLE arbitration_period_changed_compact RENAME TO arbitration_period_changed;

-- ChangedFallbackHandler(address handler)
CREATE TABLE changed_fallback_handler_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  handler BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM changed_fallback_handler;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM changed_fallback_handler;
INSERT INTO changed_fallback_handler_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(handler, 3))
  FROM changed_fallback_handler e;
DROP TABLE changed_fallback_handler;
ALTER TABLE changed_fallback_handler_compact RENAME TO changed_fallback_handler;

-- ChangedGuard(address guard)
CREATE TABLE changed_guard_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  guard BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM changed_guard;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM changed_guard;
INSERT INTO changed_guard_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(guard, 3))
  FROM changed_guard e;
DROP TABLE changed_guard;
ALTER TABLE changed_guard_compact RENAME TO changed_guard;

-- ChangedThreshold(uint256 threshold)
CREATE TABLE changed_threshold_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  threshold BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM changed_threshold;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM changed_threshold;
INSERT INTO changed_threshold_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  amount_blob(threshold)
  FROM changed_threshold e;
DROP TABLE changed_threshold;
ALTER TABLE changed_threshold_compact RENAME TO changed_threshold;

-- DisabledModule(address module)
CREATE TABLE disabled_module_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  module BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM disabled_module;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM disabled_module;
INSERT INTO disabled_module_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(module, 3))
  FROM disabled_module e;
DROP TABLE disabled_module;
ALTER TABLE disabled_module_compact RENAME TO disabled_module;

-- DisputeBondChanged(uint256 oldBond, uint256 newBond)
CREATE TABLE dispute_bond_changed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  old_bond BLOB NOT NULL,
  new_bond BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM dispute_bond_changed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM dispute_bond_changed;
INSERT INTO dispute_bond_changed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  amount_blob(old_bond),
  amount_blob(new_bond)
  FROM dispute_bond_changed e;
DROP TABLE dispute_bond_changed;
ALTER TABLE dispute_bond_changed_compact RENAME TO dispute_bond_changed;

-- DisputeEnded(uint256 tradeId, uint8 how, address by, uint256 bondToSeller, uint256 bondToBuyer)
CREATE TABLE dispute_ended_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  how INTEGER NOT NULL,
  by BLOB NOT NULL,
  bond_to_seller BLOB NOT NULL,
  bond_to_buyer BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM dispute_ended;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM dispute_ended;
INSERT INTO dispute_ended_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(trade_id AS INTEGER),
  CAST(how AS INTEGER),
  unhex(substr(by, 3)),
  amount_blob(bond_to_seller),
  amount_blob(bond_to_buyer)
  FROM dispute_ended e;
DROP TABLE dispute_ended;
ALTER TABLE dispute_ended_compact RENAME TO dispute_ended;
CREATE INDEX dispute_ended_trade_id ON dispute_ended (trade_id);

-- DisputeEvidenceSubmitted(uint256 tradeId, address submittedBy, bytes32 evidenceHash)
CREATE TABLE dispute_evidence_submitted_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  submitted_by BLOB NOT NULL,
  evidence_hash BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM dispute_evidence_submitted;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM dispute_evidence_submitted;
INSERT INTO dispute_evidence_submitted_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(trade_id AS INTEGER),
  unhex(substr(submitted_by, 3)),
  unhex(substr(evidence_hash, 3))
  FROM dispute_evidence_submitted e;
DROP TABLE dispute_evidence_submitted;
ALTER TABLE dispute_evidence_submitted_compact RENAME TO dispute_evidence_submitted;
CREATE INDEX dispute_evidence_submitted_trade_id ON dispute_evidence_submitted (trade_id);

-- DisputeOpened(uint256 tradeId, address openedBy, bytes32 evidenceHash, uint256 bond, uint64 arbitrationDeadline)
CREATE TABLE dispute_opened_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  opened_by BLOB NOT NULL,
  evidence_hash BLOB NOT NULL,
  bond BLOB NOT NULL,
  arbitration_deadline BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM dispute_opened;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM dispute_opened;
INSERT INTO dispute_opened_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(trade_id AS INTEGER),
  unhex(substr(opened_by, 3)),
  unhex(substr(evidence_hash, 3)),
  amount_blob(bond),
  amount_blob(arbitration_deadline)
  FROM dispute_opened e;
DROP TABLE dispute_opened;
ALTER TABLE dispute_opened_compact RENAME TO dispute_opened;
CREATE INDEX dispute_opened_trade_id ON dispute_opened (trade_id);

-- DisputeResolved(uint256 tradeId, uint16 sellerShareBps, uint256 sellerProceeds, uint256 buyerRefund, uint256 feeAmount, uint256 energyWhToBuyer, uint256 energyWhToSeller)
CREATE TABLE dispute_resolved_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  seller_share_bps INTEGER NOT NULL,
  seller_proceeds BLOB NOT NULL,
  buyer_refund BLOB NOT NULL,
  fee_amount BLOB NOT NULL,
  energy_wh_to_buyer BLOB NOT NULL,
  energy_wh_to_seller BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM dispute_resolved;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM dispute_resolved;
INSERT INTO dispute_resolved_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(trade_id AS INTEGER),
  CAST(seller_share_bps AS INTEGER),
  amount_blob(seller_proceeds),
  amount_blob(buyer_refund),
  amount_blob(fee_amount),
  amount_blob(energy_wh_to_buyer),
  amount_blob(energy_wh_to_seller)
  FROM dispute_resolved e;
DROP TABLE dispute_resolved;
ALTER TABLE dispute_resolved_compact RENAME TO dispute_resolved;
CREATE INDEX dispute_resolved_trade_id ON dispute_resolved (trade_id);

-- DisputeWindowChanged(uint64 oldSeconds, uint64 newSeconds)
CREATE TABLE dispute_window_changed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  old_seconds BLOB NOT NULL,
  new_seconds BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM dispute_window_changed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM dispute_window_changed;
INSERT INTO dispute_window_changed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  amount_blob(old_seconds),
  amount_blob(new_seconds)
  FROM dispute_window_changed e;
DROP TABLE dispute_window_changed;
ALTER TABLE dispute_window_changed_compact RENAME TO dispute_window_changed;

-- EnabledModule(address module)
CREATE TABLE enabled_module_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  module BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM enabled_module;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM enabled_module;
INSERT INTO enabled_module_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(module, 3))
  FROM enabled_module e;
DROP TABLE enabled_module;
ALTER TABLE enabled_module_compact RENAME TO enabled_module;

-- EnergyMinted(address oracle, address to, uint256 energyWh, bytes32 readingId)
CREATE TABLE energy_minted_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  oracle BLOB NOT NULL,
  to_address BLOB NOT NULL,
  energy_wh BLOB NOT NULL,
  reading_id BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM energy_minted;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM energy_minted;
INSERT INTO energy_minted_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(oracle, 3)),
  unhex(substr(to_address, 3)),
  amount_blob(energy_wh),
  unhex(substr(reading_id, 3))
  FROM energy_minted e;
DROP TABLE energy_minted;
ALTER TABLE energy_minted_compact RENAME TO energy_minted;

-- ExecutionFailure(bytes32 txHash, uint256 payment)
CREATE TABLE execution_failure_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  tx_hash_safe BLOB NOT NULL,
  payment BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM execution_failure;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM execution_failure;
INSERT INTO execution_failure_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(tx_hash_safe, 3)),
  amount_blob(payment)
  FROM execution_failure e;
DROP TABLE execution_failure;
ALTER TABLE execution_failure_compact RENAME TO execution_failure;

-- ExecutionFromModuleFailure(address module)
CREATE TABLE execution_from_module_failure_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  module BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM execution_from_module_failure;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM execution_from_module_failure;
INSERT INTO execution_from_module_failure_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(module, 3))
  FROM execution_from_module_failure e;
DROP TABLE execution_from_module_failure;
ALTER TABLE execution_from_module_failure_compact RENAME TO execution_from_module_failure;

-- ExecutionFromModuleSuccess(address module)
CREATE TABLE execution_from_module_success_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  module BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM execution_from_module_success;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM execution_from_module_success;
INSERT INTO execution_from_module_success_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(module, 3))
  FROM execution_from_module_success e;
DROP TABLE execution_from_module_success;
ALTER TABLE execution_from_module_success_compact RENAME TO execution_from_module_success;

-- ExecutionSuccess(bytes32 txHash, uint256 payment)
CREATE TABLE execution_success_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  tx_hash_safe BLOB NOT NULL,
  payment BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM execution_success;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM execution_success;
INSERT INTO execution_success_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(tx_hash_safe, 3)),
  amount_blob(payment)
  FROM execution_success e;
DROP TABLE execution_success;
ALTER TABLE execution_success_compact RENAME TO execution_success;

-- MarketFeeChanged(uint16 oldFeeBps, uint16 newFeeBps)
CREATE TABLE market_fee_changed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  old_fee_bps INTEGER NOT NULL,
  new_fee_bps INTEGER NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM market_fee_changed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM market_fee_changed;
INSERT INTO market_fee_changed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(old_fee_bps AS INTEGER),
  CAST(new_fee_bps AS INTEGER)
  FROM market_fee_changed e;
DROP TABLE market_fee_changed;
ALTER TABLE market_fee_changed_compact RENAME TO market_fee_changed;

-- MeterOracleSet(address oracle, bool authorised)
CREATE TABLE meter_oracle_set_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  oracle BLOB NOT NULL,
  authorised INTEGER NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM meter_oracle_set;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM meter_oracle_set;
INSERT INTO meter_oracle_set_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(oracle, 3)),
  CAST(authorised AS INTEGER)
  FROM meter_oracle_set e;
DROP TABLE meter_oracle_set;
ALTER TABLE meter_oracle_set_compact RENAME TO meter_oracle_set;

-- OfferCancelled(uint256 offerId, uint256 energyWhReturned)
CREATE TABLE offer_cancelled_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  offer_id INTEGER NOT NULL,
  energy_wh_returned BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM offer_cancelled;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM offer_cancelled;
INSERT INTO offer_cancelled_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(offer_id AS INTEGER),
  amount_blob(energy_wh_returned)
  FROM offer_cancelled e;
DROP TABLE offer_cancelled;
ALTER TABLE offer_cancelled_compact RENAME TO offer_cancelled;

-- OfferExpired(uint256 offerId, uint256 energyWhReturned)
CREATE TABLE offer_expired_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  offer_id INTEGER NOT NULL,
  energy_wh_returned BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM offer_expired;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM offer_expired;
INSERT INTO offer_expired_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(offer_id AS INTEGER),
  amount_blob(energy_wh_returned)
  FROM offer_expired e;
DROP TABLE offer_expired;
ALTER TABLE offer_expired_compact RENAME TO offer_expired;

-- OfferListed(uint256 offerId, address seller, uint256 energyWh, uint256 pricePerKWh, uint64 expiresAt, uint16 feeBps, uint64 disputeWindowSeconds)
CREATE TABLE offer_listed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  offer_id INTEGER NOT NULL,
  seller BLOB NOT NULL,
  energy_wh BLOB NOT NULL,
  price_per_kwh BLOB NOT NULL,
  expires_at BLOB NOT NULL,
  fee_bps INTEGER NOT NULL,
  dispute_window_seconds BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM offer_listed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM offer_listed;
INSERT INTO offer_listed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(offer_id AS INTEGER),
  unhex(substr(seller, 3)),
  amount_blob(energy_wh),
  amount_blob(price_per_kwh),
  amount_blob(expires_at),
  CAST(fee_bps AS INTEGER),
  amount_blob(dispute_window_seconds)
  FROM offer_listed e;
DROP TABLE offer_listed;
ALTER TABLE offer_listed_compact RENAME TO offer_listed;

-- OwnershipTransferStarted(address previousOwner, address newOwner)
CREATE TABLE ownership_transfer_started_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  previous_owner BLOB NOT NULL,
  new_owner BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM ownership_transfer_started;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM ownership_transfer_started;
INSERT INTO ownership_transfer_started_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(previous_owner, 3)),
  unhex(substr(new_owner, 3))
  FROM ownership_transfer_started e;
DROP TABLE ownership_transfer_started;
ALTER TABLE ownership_transfer_started_compact RENAME TO ownership_transfer_started;

-- OwnershipTransferred(address previousOwner, address newOwner)
CREATE TABLE ownership_transferred_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  previous_owner BLOB NOT NULL,
  new_owner BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM ownership_transferred;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM ownership_transferred;
INSERT INTO ownership_transferred_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(previous_owner, 3)),
  unhex(substr(new_owner, 3))
  FROM ownership_transferred e;
DROP TABLE ownership_transferred;
ALTER TABLE ownership_transferred_compact RENAME TO ownership_transferred;

-- Paused(address account)
CREATE TABLE paused_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  account BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM paused;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM paused;
INSERT INTO paused_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(account, 3))
  FROM paused e;
DROP TABLE paused;
ALTER TABLE paused_compact RENAME TO paused;

-- ProsumerAdmitted(address prosumer, bytes32 meterId)
CREATE TABLE prosumer_admitted_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  prosumer BLOB NOT NULL,
  meter_id BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM prosumer_admitted;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM prosumer_admitted;
INSERT INTO prosumer_admitted_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(prosumer, 3)),
  unhex(substr(meter_id, 3))
  FROM prosumer_admitted e;
DROP TABLE prosumer_admitted;
ALTER TABLE prosumer_admitted_compact RENAME TO prosumer_admitted;
CREATE INDEX prosumer_admitted_prosumer ON prosumer_admitted (prosumer);

-- ProsumerApplied(address prosumer, bytes32 meterId, bytes32 kycHash, uint256 feeWei, bytes32 applicationHash)
CREATE TABLE prosumer_applied_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  prosumer BLOB NOT NULL,
  meter_id BLOB NOT NULL,
  kyc_hash BLOB NOT NULL,
  fee_wei BLOB NOT NULL,
  application_hash BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM prosumer_applied;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM prosumer_applied;
INSERT INTO prosumer_applied_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(prosumer, 3)),
  unhex(substr(meter_id, 3)),
  unhex(substr(kyc_hash, 3)),
  amount_blob(fee_wei),
  unhex(substr(application_hash, 3))
  FROM prosumer_applied e;
DROP TABLE prosumer_applied;
ALTER TABLE prosumer_applied_compact RENAME TO prosumer_applied;
CREATE INDEX prosumer_applied_prosumer ON prosumer_applied (prosumer);

-- ProsumerReinstated(address prosumer)
CREATE TABLE prosumer_reinstated_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  prosumer BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM prosumer_reinstated;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM prosumer_reinstated;
INSERT INTO prosumer_reinstated_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(prosumer, 3))
  FROM prosumer_reinstated e;
DROP TABLE prosumer_reinstated;
ALTER TABLE prosumer_reinstated_compact RENAME TO prosumer_reinstated;
CREATE INDEX prosumer_reinstated_prosumer ON prosumer_reinstated (prosumer);

-- ProsumerRejected(address prosumer, bytes32 meterId, string reason)
CREATE TABLE prosumer_rejected_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  prosumer BLOB NOT NULL,
  meter_id BLOB NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM prosumer_rejected;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM prosumer_rejected;
INSERT INTO prosumer_rejected_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(prosumer, 3)),
  unhex(substr(meter_id, 3)),
  reason
  FROM prosumer_rejected e;
DROP TABLE prosumer_rejected;
ALTER TABLE prosumer_rejected_compact RENAME TO prosumer_rejected;
CREATE INDEX prosumer_rejected_prosumer ON prosumer_rejected (prosumer);

-- ProsumerRemoved(address prosumer, bytes32 meterId, string reason)
CREATE TABLE prosumer_removed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  prosumer BLOB NOT NULL,
  meter_id BLOB NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM prosumer_removed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM prosumer_removed;
INSERT INTO prosumer_removed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(prosumer, 3)),
  unhex(substr(meter_id, 3)),
  reason
  FROM prosumer_removed e;
DROP TABLE prosumer_removed;
ALTER TABLE prosumer_removed_compact RENAME TO prosumer_removed;
CREATE INDEX prosumer_removed_prosumer ON prosumer_removed (prosumer);

-- ProsumerSuspended(address prosumer, string reason)
CREATE TABLE prosumer_suspended_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  prosumer BLOB NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM prosumer_suspended;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM prosumer_suspended;
INSERT INTO prosumer_suspended_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(prosumer, 3)),
  reason
  FROM prosumer_suspended e;
DROP TABLE prosumer_suspended;
ALTER TABLE prosumer_suspended_compact RENAME TO prosumer_suspended;
CREATE INDEX prosumer_suspended_prosumer ON prosumer_suspended (prosumer);

-- RegistrationFeeChanged(uint256 oldFeeWei, uint256 newFeeWei)
CREATE TABLE registration_fee_changed_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  old_fee_wei BLOB NOT NULL,
  new_fee_wei BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM registration_fee_changed;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM registration_fee_changed;
INSERT INTO registration_fee_changed_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  amount_blob(old_fee_wei),
  amount_blob(new_fee_wei)
  FROM registration_fee_changed e;
DROP TABLE registration_fee_changed;
ALTER TABLE registration_fee_changed_compact RENAME TO registration_fee_changed;

-- RegistrationFeesWithdrawn(address to, uint256 amountWei)
CREATE TABLE registration_fees_withdrawn_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  to_address BLOB NOT NULL,
  amount_wei BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM registration_fees_withdrawn;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM registration_fees_withdrawn;
INSERT INTO registration_fees_withdrawn_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(to_address, 3)),
  amount_blob(amount_wei)
  FROM registration_fees_withdrawn e;
DROP TABLE registration_fees_withdrawn;
ALTER TABLE registration_fees_withdrawn_compact RENAME TO registration_fees_withdrawn;

-- RemovedOwner(address owner)
CREATE TABLE removed_owner_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  owner BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM removed_owner;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM removed_owner;
INSERT INTO removed_owner_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(owner, 3))
  FROM removed_owner e;
DROP TABLE removed_owner;
ALTER TABLE removed_owner_compact RENAME TO removed_owner;

-- SafeModuleTransaction(address module, address to, uint256 value, bytes data, uint8 operation)
CREATE TABLE safe_module_transaction_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  module BLOB NOT NULL,
  to_address BLOB NOT NULL,
  value BLOB NOT NULL,
  data TEXT NOT NULL,
  operation INTEGER NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM safe_module_transaction;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM safe_module_transaction;
INSERT INTO safe_module_transaction_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(module, 3)),
  unhex(substr(to_address, 3)),
  amount_blob(value),
  data,
  CAST(operation AS INTEGER)
  FROM safe_module_transaction e;
DROP TABLE safe_module_transaction;
ALTER TABLE safe_module_transaction_compact RENAME TO safe_module_transaction;

-- SafeMultiSigTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures, bytes additionalInfo)
CREATE TABLE safe_multi_sig_transaction_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  to_address BLOB NOT NULL,
  value BLOB NOT NULL,
  data TEXT NOT NULL,
  operation INTEGER NOT NULL,
  safe_tx_gas BLOB NOT NULL,
  base_gas BLOB NOT NULL,
  gas_price BLOB NOT NULL,
  gas_token BLOB NOT NULL,
  refund_receiver BLOB NOT NULL,
  signatures TEXT NOT NULL,
  additional_info TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM safe_multi_sig_transaction;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM safe_multi_sig_transaction;
INSERT INTO safe_multi_sig_transaction_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(to_address, 3)),
  amount_blob(value),
  data,
  CAST(operation AS INTEGER),
  amount_blob(safe_tx_gas),
  amount_blob(base_gas),
  amount_blob(gas_price),
  unhex(substr(gas_token, 3)),
  unhex(substr(refund_receiver, 3)),
  signatures,
  additional_info
  FROM safe_multi_sig_transaction e;
DROP TABLE safe_multi_sig_transaction;
ALTER TABLE safe_multi_sig_transaction_compact RENAME TO safe_multi_sig_transaction;

-- SafeReceived(address sender, uint256 value)
CREATE TABLE safe_received_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  sender BLOB NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM safe_received;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM safe_received;
INSERT INTO safe_received_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(sender, 3)),
  amount_blob(value)
  FROM safe_received e;
DROP TABLE safe_received;
ALTER TABLE safe_received_compact RENAME TO safe_received;

-- SafeSetup(address initiator, address[] owners, uint256 threshold, address initializer, address fallbackHandler)
CREATE TABLE safe_setup_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  initiator BLOB NOT NULL,
  owners TEXT NOT NULL,
  threshold BLOB NOT NULL,
  initializer BLOB NOT NULL,
  fallback_handler BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM safe_setup;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM safe_setup;
INSERT INTO safe_setup_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(initiator, 3)),
  owners,
  amount_blob(threshold),
  unhex(substr(initializer, 3)),
  unhex(substr(fallback_handler, 3))
  FROM safe_setup e;
DROP TABLE safe_setup;
ALTER TABLE safe_setup_compact RENAME TO safe_setup;

-- SignMsg(bytes32 msgHash)
CREATE TABLE sign_msg_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  msg_hash BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM sign_msg;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM sign_msg;
INSERT INTO sign_msg_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(msg_hash, 3))
  FROM sign_msg e;
DROP TABLE sign_msg;
ALTER TABLE sign_msg_compact RENAME TO sign_msg;

-- TradeOpened(uint256 tradeId, uint256 offerId, address seller, address buyer, uint256 energyWh, uint256 paymentAmount, uint16 feeBps, uint64 disputeDeadline)
CREATE TABLE trade_opened_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  offer_id INTEGER NOT NULL,
  seller BLOB NOT NULL,
  buyer BLOB NOT NULL,
  energy_wh BLOB NOT NULL,
  payment_amount BLOB NOT NULL,
  fee_bps INTEGER NOT NULL,
  dispute_deadline BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM trade_opened;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM trade_opened;
INSERT INTO trade_opened_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(trade_id AS INTEGER),
  CAST(offer_id AS INTEGER),
  unhex(substr(seller, 3)),
  unhex(substr(buyer, 3)),
  amount_blob(energy_wh),
  amount_blob(payment_amount),
  CAST(fee_bps AS INTEGER),
  amount_blob(dispute_deadline)
  FROM trade_opened e;
DROP TABLE trade_opened;
ALTER TABLE trade_opened_compact RENAME TO trade_opened;
CREATE INDEX trade_opened_trade_id ON trade_opened (trade_id);

-- TradeSettled(uint256 tradeId, uint256 sellerProceeds, uint256 feeAmount, bool confirmedByBuyer)
CREATE TABLE trade_settled_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  trade_id INTEGER NOT NULL,
  seller_proceeds BLOB NOT NULL,
  fee_amount BLOB NOT NULL,
  confirmed_by_buyer INTEGER NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM trade_settled;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM trade_settled;
INSERT INTO trade_settled_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  CAST(trade_id AS INTEGER),
  amount_blob(seller_proceeds),
  amount_blob(fee_amount),
  CAST(confirmed_by_buyer AS INTEGER)
  FROM trade_settled e;
DROP TABLE trade_settled;
ALTER TABLE trade_settled_compact RENAME TO trade_settled;
CREATE INDEX trade_settled_trade_id ON trade_settled (trade_id);

-- Transfer(address from, address to, uint256 value)
CREATE TABLE transfer_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  from_address BLOB NOT NULL,
  to_address BLOB NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM transfer;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM transfer;
INSERT INTO transfer_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(from_address, 3)),
  unhex(substr(to_address, 3)),
  amount_blob(value)
  FROM transfer e;
DROP TABLE transfer;
ALTER TABLE transfer_compact RENAME TO transfer;

-- Unpaused(address account)
CREATE TABLE unpaused_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  account BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM unpaused;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM unpaused;
INSERT INTO unpaused_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(account, 3))
  FROM unpaused e;
DROP TABLE unpaused;
ALTER TABLE unpaused_compact RENAME TO unpaused;

-- Withdrawn(address account, uint256 amount)
CREATE TABLE withdrawn_compact (
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  contract INTEGER NOT NULL,
  account BLOB NOT NULL,
  amount BLOB NOT NULL,
  PRIMARY KEY (block_number, log_index)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_blocks (number, hash) SELECT block_number, unhex(substr(block_hash, 3)) FROM withdrawn;
INSERT OR IGNORE INTO contracts (address) SELECT DISTINCT unhex(substr(address, 3)) FROM withdrawn;
INSERT INTO withdrawn_compact SELECT block_number, log_index, unhex(substr(tx_hash, 3)), timestamp,
  (SELECT id FROM contracts WHERE contracts.address = unhex(substr(e.address, 3))),
  unhex(substr(account, 3)),
  amount_blob(amount)
  FROM withdrawn e;
DROP TABLE withdrawn;
ALTER TABLE withdrawn_compact RENAME TO withdrawn;

-- Derived state in compact form.
CREATE TABLE prosumers_compact (
  address BLOB PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'admitted', 'rejected', 'suspended', 'removed')),
  meter_id BLOB NOT NULL,
  kyc_hash BLOB NOT NULL,
  fee_wei BLOB NOT NULL,
  applied_at INTEGER NOT NULL,
  applied_block INTEGER NOT NULL,
  applied_tx BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  reason TEXT,
  applications INTEGER NOT NULL,
  rejections INTEGER NOT NULL,
  trades INTEGER NOT NULL,
  energy_sold_wh INTEGER NOT NULL,
  energy_bought_wh INTEGER NOT NULL,
  energy_minted_wh INTEGER NOT NULL,
  application_hash BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO prosumers_compact SELECT unhex(substr(address, 3)), status, unhex(substr(meter_id, 3)),
  unhex(substr(kyc_hash, 3)), amount_blob(fee_wei), applied_at, applied_block, unhex(substr(applied_tx, 3)),
  updated_at, reason, applications, rejections, trades, energy_sold_wh, energy_bought_wh, energy_minted_wh,
  unhex(substr(application_hash, 3))
  FROM prosumers;
DROP TABLE prosumers;
ALTER TABLE prosumers_compact RENAME TO prosumers;
CREATE INDEX prosumers_status ON prosumers (status, applied_at);

CREATE TABLE offers_compact (
  offer_id INTEGER PRIMARY KEY,
  seller BLOB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'sold', 'cancelled', 'expired')),
  energy_wh INTEGER NOT NULL,
  energy_wh_remaining INTEGER NOT NULL,
  price_per_kwh BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  listed_at INTEGER NOT NULL,
  closed_at INTEGER,
  trades INTEGER NOT NULL,
  block_number INTEGER NOT NULL,
  tx_hash BLOB NOT NULL,
  fee_bps INTEGER,
  dispute_window_seconds INTEGER
);
INSERT INTO offers_compact SELECT offer_id, unhex(substr(seller, 3)), status, energy_wh, energy_wh_remaining,
  amount_blob(price_per_kwh), expires_at, listed_at, closed_at, trades, block_number, unhex(substr(tx_hash, 3)),
  fee_bps, dispute_window_seconds
  FROM offers;
DROP TABLE offers;
ALTER TABLE offers_compact RENAME TO offers;
CREATE INDEX offers_status ON offers (status);
CREATE INDEX offers_seller ON offers (seller);

CREATE TABLE trades_compact (
  trade_id INTEGER PRIMARY KEY,
  offer_id INTEGER NOT NULL,
  seller BLOB NOT NULL,
  buyer BLOB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'disputed', 'settled', 'resolved')),
  energy_wh INTEGER NOT NULL,
  payment_amount BLOB NOT NULL,
  price_per_kwh BLOB NOT NULL,
  fee_bps INTEGER NOT NULL,
  dispute_deadline INTEGER NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  seller_proceeds BLOB,
  fee_amount BLOB,
  buyer_refund BLOB,
  confirmed_by_buyer INTEGER,
  block_number INTEGER NOT NULL,
  tx_hash BLOB NOT NULL
);
INSERT INTO trades_compact SELECT trade_id, offer_id, unhex(substr(seller, 3)), unhex(substr(buyer, 3)), status,
  energy_wh, amount_blob(payment_amount), amount_blob(price_per_kwh), fee_bps, dispute_deadline, opened_at,
  closed_at, amount_blob(seller_proceeds), amount_blob(fee_amount), amount_blob(buyer_refund),
  confirmed_by_buyer, block_number, unhex(substr(tx_hash, 3))
  FROM trades;
DROP TABLE trades;
ALTER TABLE trades_compact RENAME TO trades;
CREATE INDEX trades_status ON trades (status);
CREATE INDEX trades_seller ON trades (seller);
CREATE INDEX trades_buyer ON trades (buyer);
CREATE INDEX trades_opened_at ON trades (opened_at);
-- The trades table sorts by these; ordered amounts sort numerically as they are.
CREATE INDEX trades_energy ON trades (energy_wh);
CREATE INDEX trades_payment ON trades (payment_amount);
CREATE INDEX trades_price ON trades (price_per_kwh);

CREATE TABLE disputes_compact (
  trade_id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  opened_by BLOB NOT NULL,
  opened_at INTEGER NOT NULL,
  resolved_at INTEGER,
  seller_share_bps INTEGER,
  block_number INTEGER NOT NULL,
  bond BLOB,
  arbitration_deadline INTEGER,
  ending TEXT CHECK (ending IN ('decided', 'withdrawn', 'defaulted')),
  bond_to_seller BLOB,
  bond_to_buyer BLOB
);
INSERT INTO disputes_compact SELECT trade_id, status, unhex(substr(opened_by, 3)), opened_at, resolved_at,
  seller_share_bps, block_number, amount_blob(bond), arbitration_deadline, ending, amount_blob(bond_to_seller),
  amount_blob(bond_to_buyer)
  FROM disputes;
DROP TABLE disputes;
ALTER TABLE disputes_compact RENAME TO disputes;
CREATE INDEX disputes_status ON disputes (status, opened_at);

CREATE TABLE safe_owners_compact (
  address BLOB PRIMARY KEY,
  added_block INTEGER NOT NULL,
  added_log_index INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO safe_owners_compact SELECT unhex(substr(address, 3)), added_block, added_log_index FROM safe_owners;
DROP TABLE safe_owners;
ALTER TABLE safe_owners_compact RENAME TO safe_owners;

CREATE TABLE prosumer_daily_compact (
  address BLOB NOT NULL,
  day INTEGER NOT NULL,
  trades INTEGER NOT NULL,
  energy_sold_wh INTEGER NOT NULL,
  energy_bought_wh INTEGER NOT NULL,
  value_sold BLOB NOT NULL,
  value_bought BLOB NOT NULL,
  PRIMARY KEY (address, day)
) WITHOUT ROWID;
INSERT INTO prosumer_daily_compact SELECT unhex(substr(address, 3)), day, trades, energy_sold_wh,
  energy_bought_wh, amount_blob(value_sold), amount_blob(value_bought)
  FROM prosumer_daily;
DROP TABLE prosumer_daily;
ALTER TABLE prosumer_daily_compact RENAME TO prosumer_daily;

-- Rows per status of the lists the UI counts (prosumers, offers, trades, disputes), kept by the
-- indexer from now on (`count:<table>:<status>`), so a list's count is one read, not a scan.
INSERT OR REPLACE INTO market_params (key, value)
  SELECT 'count:prosumers:' || status, CAST(COUNT(*) AS TEXT) FROM prosumers GROUP BY status;
INSERT OR REPLACE INTO market_params (key, value)
  SELECT 'count:offers:' || status, CAST(COUNT(*) AS TEXT) FROM offers GROUP BY status;
INSERT OR REPLACE INTO market_params (key, value)
  SELECT 'count:trades:' || status, CAST(COUNT(*) AS TEXT) FROM trades GROUP BY status;
INSERT OR REPLACE INTO market_params (key, value)
  SELECT 'count:disputes:' || status, CAST(COUNT(*) AS TEXT) FROM disputes GROUP BY status;
