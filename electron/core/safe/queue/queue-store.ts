import type { Database } from 'better-sqlite3';
import type { IntentJson } from '../build/intents';
import type {
  OwnerSignature,
  SafeState,
  SafeTxData,
  SafeTxHashes,
  SignatureSource,
  SignatureType,
} from '../types';
import type { SimulationResult } from '../verify/simulate';

export type ProposalStatus = 'open' | 'executing' | 'executed' | 'failed' | 'replaced';
export type ProposalOrigin = 'local' | 'bundle' | 'tx-service' | 'tx-builder';
export type TransportKind = 'tx-service' | 'bundle' | 'on-chain';
export type PendingActionKind = 'sign' | 'approve-hash' | 'execute';
export type PendingActionState = 'started' | 'sent' | 'done' | 'abandoned';

export interface Proposal {
  safeTxHash: string;
  safeAddress: string;
  safeVersion: string;
  tx: SafeTxData;
  hashes: SafeTxHashes;
  title: string;
  intents: IntentJson[];
  origin: ProposalOrigin;
  proposedBy: string | null;
  /** Set on proposals queued with the delegatecall override of earlier versions (the policy has none). */
  dangerousOverride: boolean;
  status: ProposalStatus;
  simulation: SimulationResult | null;
  createdAt: string;
  updatedAt: string;
  executedTxHash: string | null;
  executedBlock: number | null;
  executedBy: string | null;
  /** The chain transaction that spent this proposal's nonce, when another proposal won it. */
  replacedBy: string | null;
}

export type NewProposal = Omit<
  Proposal,
  | 'status'
  | 'simulation'
  | 'updatedAt'
  | 'executedTxHash'
  | 'executedBlock'
  | 'executedBy'
  | 'replacedBy'
  | 'dangerousOverride'
>;

export interface TransportStatus {
  transport: TransportKind;
  status: string;
  detail: string | null;
  updatedAt: string;
}

export interface PendingAction {
  id: number;
  safeTxHash: string;
  action: PendingActionKind;
  actor: string;
  chainTxHash: string | null;
  rawTx: string | null;
  state: PendingActionState;
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
}

interface ProposalRow {
  safe_tx_hash: string;
  safe_address: string;
  safe_version: string;
  to_address: string;
  value: string;
  data: string;
  operation: number;
  safe_tx_gas: string;
  base_gas: string;
  gas_price: string;
  gas_token: string;
  refund_receiver: string;
  nonce: number;
  domain_hash: string;
  message_hash: string;
  title: string;
  intents: string;
  origin: ProposalOrigin;
  proposed_by: string | null;
  dangerous_override: number;
  status: ProposalStatus;
  simulation: string | null;
  created_at: string;
  updated_at: string;
  executed_tx_hash: string | null;
  executed_block: number | null;
  executed_by: string | null;
  replaced_by: string | null;
}

const toProposal = (r: ProposalRow): Proposal => ({
  safeTxHash: r.safe_tx_hash,
  safeAddress: r.safe_address,
  safeVersion: r.safe_version,
  tx: {
    to: r.to_address,
    value: BigInt(r.value),
    data: r.data,
    operation: r.operation === 1 ? 1 : 0,
    safeTxGas: BigInt(r.safe_tx_gas),
    baseGas: BigInt(r.base_gas),
    gasPrice: BigInt(r.gas_price),
    gasToken: r.gas_token,
    refundReceiver: r.refund_receiver,
    nonce: BigInt(r.nonce),
  },
  hashes: { safeTxHash: r.safe_tx_hash, domainHash: r.domain_hash, messageHash: r.message_hash },
  title: r.title,
  intents: JSON.parse(r.intents) as IntentJson[],
  origin: r.origin,
  proposedBy: r.proposed_by,
  dangerousOverride: r.dangerous_override === 1,
  status: r.status,
  simulation: r.simulation ? (JSON.parse(r.simulation) as SimulationResult) : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  executedTxHash: r.executed_tx_hash,
  executedBlock: r.executed_block,
  executedBy: r.executed_by,
  replacedBy: r.replaced_by,
});

/**
 * The Safe queue in the chain's store. Every write is idempotent (keyed by safeTxHash, by owner,
 * by transport), so a step repeated after a crash never duplicates anything.
 */
export class SafeQueueStore {
  readonly db: Database;
  readonly #now: () => Date;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.db = db;
    this.#now = now;
  }

  now(): string {
    return this.#now().toISOString();
  }

  /** Runs `fn` in one store transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Inserts the proposal unless it is already queued; returns whether it was new. */
  insertProposal(p: NewProposal): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO safe_proposals (safe_tx_hash, safe_address, safe_version, to_address, value, data, operation,
           safe_tx_gas, base_gas, gas_price, gas_token, refund_receiver, nonce, domain_hash, message_hash, title,
           intents, origin, proposed_by, status, created_at, updated_at)
         VALUES (@safeTxHash, @safeAddress, @safeVersion, @to, @value, @data, @operation, @safeTxGas, @baseGas,
           @gasPrice, @gasToken, @refundReceiver, @nonce, @domainHash, @messageHash, @title, @intents, @origin,
           @proposedBy, 'open', @createdAt, @createdAt)
         ON CONFLICT (safe_tx_hash) DO NOTHING`,
      )
      .run({
        safeTxHash: p.safeTxHash,
        safeAddress: p.safeAddress,
        safeVersion: p.safeVersion,
        to: p.tx.to,
        value: p.tx.value.toString(),
        data: p.tx.data,
        operation: p.tx.operation,
        safeTxGas: p.tx.safeTxGas.toString(),
        baseGas: p.tx.baseGas.toString(),
        gasPrice: p.tx.gasPrice.toString(),
        gasToken: p.tx.gasToken,
        refundReceiver: p.tx.refundReceiver,
        nonce: Number(p.tx.nonce),
        domainHash: p.hashes.domainHash,
        messageHash: p.hashes.messageHash,
        title: p.title,
        intents: JSON.stringify(p.intents),
        origin: p.origin,
        proposedBy: p.proposedBy,
        createdAt: p.createdAt,
      });
    return result.changes === 1;
  }

  getProposal(safeTxHash: string): Proposal | null {
    const row = this.db
      .prepare('SELECT * FROM safe_proposals WHERE safe_tx_hash = ?')
      .get(safeTxHash.toLowerCase()) as ProposalRow | undefined;
    return row ? toProposal(row) : null;
  }

  /** Proposals of a Safe, by nonce then creation time. */
  listProposals(safeAddress: string, statuses?: ProposalStatus[]): Proposal[] {
    const rows = this.db
      .prepare('SELECT * FROM safe_proposals WHERE safe_address = ? ORDER BY nonce, created_at, safe_tx_hash')
      .all(safeAddress) as ProposalRow[];
    return rows.map(toProposal).filter((p) => !statuses || statuses.includes(p.status));
  }

  proposalsAtNonce(safeAddress: string, nonce: bigint): Proposal[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM safe_proposals WHERE safe_address = ? AND nonce = ? ORDER BY created_at, safe_tx_hash',
      )
      .all(safeAddress, Number(nonce)) as ProposalRow[];
    return rows.map(toProposal);
  }

  setSimulation(safeTxHash: string, simulation: SimulationResult): void {
    this.db
      .prepare('UPDATE safe_proposals SET simulation = ?, updated_at = ? WHERE safe_tx_hash = ?')
      .run(JSON.stringify(simulation), this.now(), safeTxHash);
  }

  setStatus(
    safeTxHash: string,
    status: ProposalStatus,
    execution: {
      txHash?: string | null;
      block?: number | null;
      by?: string | null;
      replacedBy?: string | null;
    } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE safe_proposals SET status = @status, updated_at = @now,
           executed_tx_hash = @txHash, executed_block = @block, executed_by = @by, replaced_by = @replacedBy
         WHERE safe_tx_hash = @safeTxHash`,
      )
      .run({
        safeTxHash,
        status,
        now: this.now(),
        txHash: execution.txHash ?? null,
        block: execution.block ?? null,
        by: execution.by ?? null,
        replacedBy: execution.replacedBy ?? null,
      });
  }

  /** Adds the owner's signature unless one is held; returns whether it was added. */
  addSignature(safeTxHash: string, s: OwnerSignature): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO safe_signatures (safe_tx_hash, owner, signature, signature_type, source, signer_kind, signer_id, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (safe_tx_hash, owner) DO NOTHING`,
      )
      .run(
        safeTxHash,
        s.owner,
        s.data,
        s.type,
        s.source,
        s.signerKind ?? null,
        s.signerId ?? null,
        s.addedAt,
      );
    return result.changes === 1;
  }

  signatures(safeTxHash: string): OwnerSignature[] {
    const rows = this.db
      .prepare('SELECT * FROM safe_signatures WHERE safe_tx_hash = ? ORDER BY owner')
      .all(safeTxHash) as {
      owner: string;
      signature: string;
      signature_type: SignatureType;
      source: SignatureSource;
      signer_kind: string | null;
      signer_id: string | null;
      added_at: string;
    }[];
    return rows.map((r) => ({
      owner: r.owner,
      data: r.signature,
      type: r.signature_type,
      source: r.source,
      signerKind: r.signer_kind,
      signerId: r.signer_id,
      addedAt: r.added_at,
    }));
  }

  setTransportStatus(
    safeTxHash: string,
    transport: TransportKind,
    status: string,
    detail: string | null = null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO safe_transport_status (safe_tx_hash, transport, status, detail, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (safe_tx_hash, transport) DO UPDATE SET status = excluded.status, detail = excluded.detail,
           updated_at = excluded.updated_at`,
      )
      .run(safeTxHash, transport, status, detail, this.now());
  }

  transportStatus(safeTxHash: string): TransportStatus[] {
    return (
      this.db
        .prepare(
          'SELECT transport, status, detail, updated_at FROM safe_transport_status WHERE safe_tx_hash = ? ORDER BY transport',
        )
        .all(safeTxHash) as {
        transport: TransportKind;
        status: string;
        detail: string | null;
        updated_at: string;
      }[]
    ).map((r) => ({ transport: r.transport, status: r.status, detail: r.detail, updatedAt: r.updated_at }));
  }

  startAction(safeTxHash: string, action: PendingActionKind, actor: string): number {
    const now = this.now();
    const result = this.db
      .prepare(
        `INSERT INTO safe_pending_actions (safe_tx_hash, action, actor, state, created_at, updated_at)
         VALUES (?, ?, ?, 'started', ?, ?)`,
      )
      .run(safeTxHash, action, actor, now, now);
    return Number(result.lastInsertRowid);
  }

  updateAction(
    id: number,
    patch: { state: PendingActionState; chainTxHash?: string; rawTx?: string; outcome?: string },
  ): void {
    this.db
      .prepare(
        `UPDATE safe_pending_actions SET state = @state, chain_tx_hash = COALESCE(@chainTxHash, chain_tx_hash),
           raw_tx = COALESCE(@rawTx, raw_tx), outcome = COALESCE(@outcome, outcome), updated_at = @now WHERE id = @id`,
      )
      .run({
        id,
        state: patch.state,
        chainTxHash: patch.chainTxHash ?? null,
        rawTx: patch.rawTx ?? null,
        outcome: patch.outcome ?? null,
        now: this.now(),
      });
  }

  /** The action's state now (an execution's receipt may be recorded by `execute` or by `reconcile`). */
  actionState(id: number): PendingActionState | null {
    const row = this.db.prepare('SELECT state FROM safe_pending_actions WHERE id = ?').get(id) as
      | { state: PendingActionState }
      | undefined;
    return row?.state ?? null;
  }

  /** Actions started (or sent) and never closed: what a crash may have interrupted. */
  openActions(): PendingAction[] {
    return (
      this.db
        .prepare(`SELECT * FROM safe_pending_actions WHERE state IN ('started', 'sent') ORDER BY id`)
        .all() as {
        id: number;
        safe_tx_hash: string;
        action: PendingActionKind;
        actor: string;
        chain_tx_hash: string | null;
        raw_tx: string | null;
        state: PendingActionState;
        outcome: string | null;
        created_at: string;
        updated_at: string;
      }[]
    ).map((r) => ({
      id: r.id,
      safeTxHash: r.safe_tx_hash,
      action: r.action,
      actor: r.actor,
      chainTxHash: r.chain_tx_hash,
      rawTx: r.raw_tx,
      state: r.state,
      outcome: r.outcome,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  saveSafeState(safeAddress: string, version: string, state: SafeState): void {
    this.db
      .prepare(
        `INSERT INTO safe_state (safe_address, safe_version, owners, threshold, nonce, block_number, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (safe_address) DO UPDATE SET safe_version = excluded.safe_version, owners = excluded.owners,
           threshold = excluded.threshold, nonce = excluded.nonce, block_number = excluded.block_number,
           updated_at = excluded.updated_at`,
      )
      .run(
        safeAddress,
        version,
        JSON.stringify(state.owners),
        state.threshold,
        Number(state.nonce),
        state.blockNumber,
        state.updatedAt,
      );
  }

  loadSafeState(safeAddress: string): SafeState | null {
    const row = this.db.prepare('SELECT * FROM safe_state WHERE safe_address = ?').get(safeAddress) as
      | { owners: string; threshold: number; nonce: number; block_number: number | null; updated_at: string }
      | undefined;
    return row
      ? {
          owners: JSON.parse(row.owners) as string[],
          threshold: row.threshold,
          nonce: BigInt(row.nonce),
          blockNumber: row.block_number,
          updatedAt: row.updated_at,
        }
      : null;
  }
}
