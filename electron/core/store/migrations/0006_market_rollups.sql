-- Time series of the market at 60 s, 3600 s and 86400 s buckets (t = bucket start, unix seconds).
-- Flows are sums over the bucket; escrow_locked and open_disputes are levels at the bucket's end,
-- NULL when unchanged in that bucket (a reader carries the previous level forward).
CREATE TABLE market_rollups (
  bucket_seconds INTEGER NOT NULL,
  t INTEGER NOT NULL,
  energy_wh INTEGER NOT NULL,
  value_wei TEXT NOT NULL,
  trades INTEGER NOT NULL,
  new_prosumers INTEGER NOT NULL,
  escrow_locked TEXT,
  open_disputes INTEGER,
  PRIMARY KEY (bucket_seconds, t)
) WITHOUT ROWID;
