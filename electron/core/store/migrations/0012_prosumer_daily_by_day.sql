-- prosumer_daily keyed by (day, address) instead of (address, day) (issue 15, backfill): a commit
-- adds to the rows of the day it is in. Keyed by address first, those rows were one in every
-- prosumer's run of days, spread over every page of the table, so each backfill commit rewrote the
-- whole table (and its WAL and checkpoint copies): work that grew with the history, quadratic over a
-- backfill. Keyed by day first they are together at the end. One prosumer's days (the prosumer page,
-- a statement's coverage) are read through prosumer_daily_address, a secondary index that a long
-- backfill defers like the others. The columns keep their order.
CREATE TABLE prosumer_daily_by_day (
  address BLOB NOT NULL,
  day INTEGER NOT NULL,
  trades INTEGER NOT NULL,
  energy_sold_wh INTEGER NOT NULL,
  energy_bought_wh INTEGER NOT NULL,
  value_sold BLOB NOT NULL,
  value_bought BLOB NOT NULL,
  PRIMARY KEY (day, address)
) WITHOUT ROWID;
INSERT INTO prosumer_daily_by_day SELECT address, day, trades, energy_sold_wh, energy_bought_wh,
  value_sold, value_bought FROM prosumer_daily;
DROP TABLE prosumer_daily;
ALTER TABLE prosumer_daily_by_day RENAME TO prosumer_daily;
CREATE INDEX prosumer_daily_address ON prosumer_daily (address, day);
