-- What this store belongs to: one file per (chain id, genesis hash, market).
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
