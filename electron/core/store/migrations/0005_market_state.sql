-- What the market indexer derives from the event tables (0004), for the UI to read without the chain.
-- Amounts that may exceed 2^63 (wei, payment units) are decimal TEXT; energy in Wh is INTEGER.

-- Where the indexer stands: every block up to indexed_block is stored (written with the rows, one transaction).
CREATE TABLE indexer_checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  chain_id INTEGER NOT NULL,
  market_address TEXT NOT NULL,
  deployment_block INTEGER NOT NULL,
  indexed_block INTEGER NOT NULL,
  indexed_block_hash TEXT,
  indexed_timestamp INTEGER,
  finalized_block INTEGER NOT NULL
);

-- Headers of indexed blocks above the finalized block: reorgs are found by parent hash.
CREATE TABLE indexed_blocks (
  number INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  parent_hash TEXT NOT NULL,
  timestamp INTEGER NOT NULL
);

-- Prior images of derived rows changed by non-final blocks; a rollback replays them backwards.
CREATE TABLE undo_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  block_number INTEGER NOT NULL,
  tbl TEXT NOT NULL,
  key TEXT NOT NULL,
  old TEXT
);
CREATE INDEX undo_log_block ON undo_log (block_number);

-- Market parameters and running totals (fee_bps, paused, escrow_locked, safe_threshold…).
CREATE TABLE market_params (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE prosumers (
  address TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'admitted', 'rejected', 'suspended')),
  meter_id TEXT NOT NULL,
  kyc_hash TEXT NOT NULL,
  fee_wei TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  applied_block INTEGER NOT NULL,
  applied_tx TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  reason TEXT,
  applications INTEGER NOT NULL,
  rejections INTEGER NOT NULL,
  trades INTEGER NOT NULL,
  energy_sold_wh INTEGER NOT NULL,
  energy_bought_wh INTEGER NOT NULL,
  energy_minted_wh INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX prosumers_status ON prosumers (status, applied_at);

CREATE TABLE offers (
  offer_id INTEGER PRIMARY KEY,
  seller TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'sold', 'cancelled', 'expired')),
  energy_wh INTEGER NOT NULL,
  energy_wh_remaining INTEGER NOT NULL,
  price_per_kwh TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  listed_at INTEGER NOT NULL,
  closed_at INTEGER,
  trades INTEGER NOT NULL,
  block_number INTEGER NOT NULL,
  tx_hash TEXT NOT NULL
);
CREATE INDEX offers_status ON offers (status);
CREATE INDEX offers_seller ON offers (seller);

CREATE TABLE trades (
  trade_id INTEGER PRIMARY KEY,
  offer_id INTEGER NOT NULL,
  seller TEXT NOT NULL,
  buyer TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'disputed', 'settled', 'resolved')),
  energy_wh INTEGER NOT NULL,
  payment_amount TEXT NOT NULL,
  price_per_kwh TEXT NOT NULL,
  fee_bps INTEGER NOT NULL,
  dispute_deadline INTEGER NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  seller_proceeds TEXT,
  fee_amount TEXT,
  buyer_refund TEXT,
  confirmed_by_buyer INTEGER,
  block_number INTEGER NOT NULL,
  tx_hash TEXT NOT NULL
);
CREATE INDEX trades_status ON trades (status);
CREATE INDEX trades_seller ON trades (seller);
CREATE INDEX trades_buyer ON trades (buyer);
CREATE INDEX trades_opened_at ON trades (opened_at);
-- The trades table sorts by these; decimal text orders numerically by (length, text).
CREATE INDEX trades_energy ON trades (energy_wh);
CREATE INDEX trades_payment ON trades (length(payment_amount), payment_amount);
CREATE INDEX trades_price ON trades (length(price_per_kwh), price_per_kwh);

CREATE TABLE disputes (
  trade_id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  opened_by TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  resolved_at INTEGER,
  seller_share_bps INTEGER,
  block_number INTEGER NOT NULL
);
CREATE INDEX disputes_status ON disputes (status, opened_at);

CREATE TABLE safe_owners (
  address TEXT PRIMARY KEY,
  added_block INTEGER NOT NULL,
  added_log_index INTEGER NOT NULL
) WITHOUT ROWID;
