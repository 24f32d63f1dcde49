-- Derived state for the contracts of issue 16: prosumers can be removed and name their application
-- hash; offers carry the fee and dispute window they were listed under; disputes have a bond, an
-- arbitration deadline (after which anyone applies the default outcome) and an ending.

-- SQLite cannot widen a CHECK: the prosumers table is rebuilt with 'removed' and the application hash.
CREATE TABLE prosumers_v2 (
  address TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'admitted', 'rejected', 'suspended', 'removed')),
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
  energy_minted_wh INTEGER NOT NULL,
  -- What admit/reject must name (ProsumerApplied.applicationHash); empty for rows of older contracts.
  application_hash TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO prosumers_v2 (address, status, meter_id, kyc_hash, fee_wei, applied_at, applied_block, applied_tx,
  updated_at, reason, applications, rejections, trades, energy_sold_wh, energy_bought_wh, energy_minted_wh)
  SELECT address, status, meter_id, kyc_hash, fee_wei, applied_at, applied_block, applied_tx,
    updated_at, reason, applications, rejections, trades, energy_sold_wh, energy_bought_wh, energy_minted_wh
  FROM prosumers;
DROP TABLE prosumers;
ALTER TABLE prosumers_v2 RENAME TO prosumers;
CREATE INDEX prosumers_status ON prosumers (status, applied_at);

ALTER TABLE offers ADD COLUMN fee_bps INTEGER;
ALTER TABLE offers ADD COLUMN dispute_window_seconds INTEGER;

-- Payment units posted by the opener; the Safe may decide until arbitration_deadline (unix seconds).
ALTER TABLE disputes ADD COLUMN bond TEXT;
ALTER TABLE disputes ADD COLUMN arbitration_deadline INTEGER;
-- How it ended: 'decided' by the Safe, 'withdrawn' by its opener, 'defaulted' after the deadline.
ALTER TABLE disputes ADD COLUMN ending TEXT CHECK (ending IN ('decided', 'withdrawn', 'defaulted'));
ALTER TABLE disputes ADD COLUMN bond_to_seller TEXT;
ALTER TABLE disputes ADD COLUMN bond_to_buyer TEXT;
