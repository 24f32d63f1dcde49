-- Secondary indexes of the market tables that a long backfill dropped, with the SQL that recreates
-- them once it has caught up. Dropped and recorded in one transaction, so after a crash the next
-- start still knows what to rebuild.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) STRICT;
