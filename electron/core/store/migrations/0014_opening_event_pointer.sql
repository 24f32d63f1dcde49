-- Trades and offers point at the event that opened them instead of repeating its transaction hash
-- (issue 15, compact storage): `block_number` was already the opening event's block, `log_index`
-- now places it in that block, and the hash is read from `trade_opened` / `offer_listed` by their
-- primary key when a view needs it (market/rows.ts, `openingTxHash`). 33 bytes less per trade and
-- per offer, ~22 MB per million market events. Retention may prune the event of a trade or offer
-- it keeps (one still open): its hash is then unknown (null).
-- DROP COLUMN keeps the tables and their indexes (also the SQL of indexes a backfill deferred).
ALTER TABLE trades DROP COLUMN tx_hash;
ALTER TABLE trades ADD COLUMN log_index INTEGER;
UPDATE trades SET log_index = (SELECT e.log_index FROM trade_opened e
  WHERE e.trade_id = trades.trade_id AND e.block_number = trades.block_number);

ALTER TABLE offers DROP COLUMN tx_hash;
ALTER TABLE offers ADD COLUMN log_index INTEGER;
-- offer_listed has no index on offer_id (nothing else reads it that way): one for this update only.
CREATE INDEX offer_listed_offer_id_0014 ON offer_listed (offer_id);
UPDATE offers SET log_index = (SELECT e.log_index FROM offer_listed e
  WHERE e.offer_id = offers.offer_id AND e.block_number = offers.block_number);
DROP INDEX offer_listed_offer_id_0014;
