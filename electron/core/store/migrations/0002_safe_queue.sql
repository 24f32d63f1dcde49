-- The Safe decision queue: proposals, the owners' signatures, and where each proposal was shared.
-- Amounts and nonces that may exceed 2^63 are decimal TEXT; the nonce used for grouping is INTEGER.

CREATE TABLE safe_proposals (
  safe_tx_hash TEXT PRIMARY KEY,
  safe_address TEXT NOT NULL,
  safe_version TEXT NOT NULL,
  to_address TEXT NOT NULL,
  value TEXT NOT NULL,
  data TEXT NOT NULL,
  operation INTEGER NOT NULL CHECK (operation IN (0, 1)),
  safe_tx_gas TEXT NOT NULL,
  base_gas TEXT NOT NULL,
  gas_price TEXT NOT NULL,
  gas_token TEXT NOT NULL,
  refund_receiver TEXT NOT NULL,
  nonce INTEGER NOT NULL,
  domain_hash TEXT NOT NULL,
  message_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  -- JSON array of the intents decoded from the transaction (for display; always re-derivable).
  intents TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('local', 'bundle', 'tx-service', 'tx-builder')),
  proposed_by TEXT,
  dangerous_override INTEGER NOT NULL DEFAULT 0 CHECK (dangerous_override IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('open', 'executing', 'executed', 'failed', 'replaced')),
  -- JSON of the last simulation, or NULL when never simulated.
  simulation TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  executed_tx_hash TEXT,
  executed_block INTEGER,
  executed_by TEXT,
  replaced_by TEXT
) STRICT;

CREATE INDEX safe_proposals_by_nonce ON safe_proposals (safe_address, nonce);

-- One signature per owner and proposal: merging the same owner's signature twice changes nothing.
CREATE TABLE safe_signatures (
  safe_tx_hash TEXT NOT NULL REFERENCES safe_proposals (safe_tx_hash),
  owner TEXT NOT NULL,
  signature TEXT NOT NULL,
  signature_type TEXT NOT NULL CHECK (signature_type IN ('eip712', 'eth_sign', 'approved-hash')),
  source TEXT NOT NULL CHECK (source IN ('local', 'bundle', 'tx-service', 'on-chain')),
  signer_kind TEXT,
  signer_id TEXT,
  added_at TEXT NOT NULL,
  PRIMARY KEY (safe_tx_hash, owner)
) STRICT;

-- Where a proposal was shared: the Safe Transaction Service, a bundle file, an on-chain approval.
CREATE TABLE safe_transport_status (
  safe_tx_hash TEXT NOT NULL REFERENCES safe_proposals (safe_tx_hash),
  transport TEXT NOT NULL CHECK (transport IN ('tx-service', 'bundle', 'on-chain')),
  status TEXT NOT NULL,
  detail TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (safe_tx_hash, transport)
) STRICT;

-- Write-ahead record of every step that acts outside the store (a device signature, a chain
-- transaction): written before the step, closed after it, reconciled with the chain on start.
CREATE TABLE safe_pending_actions (
  id INTEGER PRIMARY KEY,
  safe_tx_hash TEXT NOT NULL REFERENCES safe_proposals (safe_tx_hash),
  action TEXT NOT NULL CHECK (action IN ('sign', 'approve-hash', 'execute')),
  actor TEXT NOT NULL,
  chain_tx_hash TEXT,
  raw_tx TEXT,
  state TEXT NOT NULL CHECK (state IN ('started', 'sent', 'done', 'abandoned')),
  outcome TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX safe_pending_actions_open ON safe_pending_actions (state) WHERE state IN ('started', 'sent');

-- The Safe's owners, threshold and nonce as last read from the chain: what an offline machine
-- verifies signatures and nonces against.
CREATE TABLE safe_state (
  safe_address TEXT PRIMARY KEY,
  safe_version TEXT NOT NULL,
  owners TEXT NOT NULL,
  threshold INTEGER NOT NULL,
  nonce INTEGER NOT NULL,
  block_number INTEGER,
  updated_at TEXT NOT NULL
) STRICT;
