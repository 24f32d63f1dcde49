-- Two indexes nothing reads any more (issue 15, compact storage; ~8 MB per million market events):
-- - trades_opened_at: a date window is a trade-id range found by binary search over the ids, as
--   `opened_at` grows with them (market/queries.ts, `tradeWindow`), and the date order is the id
--   order; the CSV export reads both that way too.
-- - trade_settled_trade_id: settlements are read by block range (statements) and through the
--   trade's own row, never by trade id.
-- A backfill in progress may hold them as deferred SQL instead: that goes too.
DELETE FROM deferred_indexes WHERE name IN ('trades_opened_at', 'trade_settled_trade_id');
DROP INDEX IF EXISTS trades_opened_at;
DROP INDEX IF EXISTS trade_settled_trade_id;
