-- The owner's own names for addresses (owners, prosumers, contracts, anyone), per chain, as in
-- Safe{Wallet}'s address book. Kept in the session store: the owner's records, backed up with it.
CREATE TABLE address_book (
  chain_id INTEGER NOT NULL,
  -- checksummed
  address TEXT NOT NULL,
  name TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (chain_id, address)
) STRICT;
