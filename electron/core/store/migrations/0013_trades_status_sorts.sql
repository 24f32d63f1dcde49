-- The trades list's value sorts (energy, payment, price) by status (issue 15, list pages at any
-- depth): each sort's index leads with the status, so a status filter is a seek into the sort's
-- order, and the whole list is the statuses' parts merged (electron/core/market/queries.ts). The
-- same number of indexes as before, each entry a status longer. A backfill defers them like the
-- others (every index of the market tables).
DELETE FROM deferred_indexes WHERE name IN ('trades_energy', 'trades_payment', 'trades_price');
DROP INDEX IF EXISTS trades_energy;
DROP INDEX IF EXISTS trades_payment;
DROP INDEX IF EXISTS trades_price;
CREATE INDEX trades_status_energy ON trades (status, energy_wh);
CREATE INDEX trades_status_payment ON trades (status, payment_amount);
CREATE INDEX trades_status_price ON trades (status, price_per_kwh);
