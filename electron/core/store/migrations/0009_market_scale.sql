-- Market store at scale (see electron/core/indexer/README.md, "Scale").

-- Secondary indexes of the market tables that a long backfill dropped, with the SQL that recreates
-- them once it has caught up. Dropped and recorded in one transaction, so after a crash the next
-- start still knows what to rebuild.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) STRICT;

-- What each address traded per UTC day (day = unix seconds of the day's start). Kept forever, like
-- market_rollups, when the retention window prunes the event rows and closed trades behind it.
CREATE TABLE prosumer_daily (
  address TEXT NOT NULL,
  day INTEGER NOT NULL,
  trades INTEGER NOT NULL,
  energy_sold_wh INTEGER NOT NULL,
  energy_bought_wh INTEGER NOT NULL,
  value_sold TEXT NOT NULL,
  value_bought TEXT NOT NULL,
  PRIMARY KEY (address, day)
) WITHOUT ROWID;
