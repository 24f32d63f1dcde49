-- Event tables for the events and arguments the contracts gained. Generated from the ABIs by
-- electron/core/indexer/event-catalog.ts (eventTablesSql); a test keeps them equal.
-- Integers are decimal TEXT (uint256 does not fit SQLite INTEGER); hashes and addresses lowercase hex.

-- ArbitrationPeriodChanged(uint64 oldSeconds, uint64 newSeconds)
CREATE TABLE arbitration_period_changed (
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

-- DisputeBondChanged(uint256 oldBond, uint256 newBond)
CREATE TABLE dispute_bond_changed (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  old_bond TEXT NOT NULL,
  new_bond TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;

-- DisputeEnded(uint256 tradeId, uint8 how, address by, uint256 bondToSeller, uint256 bondToBuyer)
CREATE TABLE dispute_ended (
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  tx_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  address TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  how TEXT NOT NULL,
  by TEXT NOT NULL,
  bond_to_seller TEXT NOT NULL,
  bond_to_buyer TEXT NOT NULL,
  PRIMARY KEY (block_number, log_index, block_hash)
) WITHOUT ROWID;
CREATE INDEX dispute_ended_trade_id ON dispute_ended (trade_id);

-- DisputeOpened(uint256 tradeId, address openedBy, bytes32 evidenceHash, uint256 bond, uint64 arbitrationDeadline)
ALTER TABLE dispute_opened ADD COLUMN bond TEXT NOT NULL DEFAULT '';
ALTER TABLE dispute_opened ADD COLUMN arbitration_deadline TEXT NOT NULL DEFAULT '';

-- OfferListed(uint256 offerId, address seller, uint256 energyWh, uint256 pricePerKWh, uint64 expiresAt, uint16 feeBps, uint64 disputeWindowSeconds)
ALTER TABLE offer_listed ADD COLUMN fee_bps TEXT NOT NULL DEFAULT '';
ALTER TABLE offer_listed ADD COLUMN dispute_window_seconds TEXT NOT NULL DEFAULT '';

-- OwnershipTransferStarted(address previousOwner, address newOwner)
CREATE TABLE ownership_transfer_started (
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

-- ProsumerApplied(address prosumer, bytes32 meterId, bytes32 kycHash, uint256 feeWei, bytes32 applicationHash)
ALTER TABLE prosumer_applied ADD COLUMN application_hash TEXT NOT NULL DEFAULT '';

-- ProsumerRemoved(address prosumer, bytes32 meterId, string reason)
CREATE TABLE prosumer_removed (
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
CREATE INDEX prosumer_removed_prosumer ON prosumer_removed (prosumer);
