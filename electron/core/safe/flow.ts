import { getAddress, type JsonRpcProvider, type TransactionReceipt } from 'ethers';
import type { ProposalView, QueueView, SafeOwnersView } from '../api/contract/safe';
import { asGridkeeperError, GridkeeperError, isGridkeeperError } from '../api/errors';
import type { Logger } from '../ports/logger';
import { silentLogger } from '../ports/logger';
import type { Signer, SigningPrompt } from '../signers/types';
import { safeInterface } from './abis';
import type { BundleFile } from './bundle';
import { SafeChain } from './chain';
import { decodeSafeTx, sameIntents } from './decode';
import { encodeIntents } from './encode';
import {
  assertSameHashes,
  crossCheckWithContract,
  crossCheckWithProtocolKit,
  hashSafeTx,
  safeTxTypedData,
} from './hash';
import { describeIntent, type Intent, toIntentJson } from './intents';
import { SafeLifecycle, type SafeLifecycleEvent } from './lifecycle';
import type { Proposal, ProposalOrigin, ProposalStatus, SafeQueueStore } from './queue-store';
import { broadcast, signChainTx, waitForReceipt } from './send-tx';
import { approvedHashSignature, SignatureSet, verifyOwnerSignature } from './signatures';
import { offlineSimulation, type SimulationResult, simulateSafeTx } from './simulate';
import { BundleFileTransport } from './transports/bundle-file';
import { OnChainApprovalTransport } from './transports/on-chain';
import { TxServiceTransport } from './transports/tx-service';
import { exportTxBuilderBatch, parseTxBuilderBatch } from './tx-builder';
import type { OwnerSignature, SafeSetup, SafeState, SafeTxData, SafeTxHashes } from './types';
import { toOwnersView, toProposalView } from './views';

export interface SafeFlowOptions {
  store: SafeQueueStore;
  setup: SafeSetup;
  /** Null on an air-gapped machine: import, decode, verify, sign and export still work. */
  provider: JsonRpcProvider | null;
  txServiceUrl?: string | null;
  lifecycle?: SafeLifecycle;
  log?: Logger;
  now?: () => Date;
  receiptTimeoutMs?: number;
}

export interface SignOptions {
  signal?: AbortSignal;
  onPrompt?: (prompt: SigningPrompt) => void;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const OPEN: ProposalStatus[] = ['open', 'executing'];

/**
 * The lifecycle of the consortium's Safe transactions: propose (validate, build, hash, decode,
 * simulate), sign, share and collect co-signatures over three transports, execute, and reconcile
 * with the chain after a crash. Every step that writes does so in one store transaction together
 * with its lifecycle event (and so its audit entry).
 */
export class SafeFlow {
  readonly lifecycle: SafeLifecycle;
  readonly store: SafeQueueStore;
  readonly setup: SafeSetup;
  readonly #chain: SafeChain | null;
  readonly #bundles: BundleFileTransport;
  readonly #approvals: OnChainApprovalTransport | null;
  readonly #service: TxServiceTransport | null;
  readonly #log: Logger;
  readonly #now: () => Date;
  readonly #receiptTimeoutMs: number;

  constructor(options: SafeFlowOptions) {
    this.store = options.store;
    this.setup = {
      ...options.setup,
      safe: { ...options.setup.safe, address: getAddress(options.setup.safe.address) },
    };
    this.lifecycle = options.lifecycle ?? new SafeLifecycle();
    this.#log = options.log ?? silentLogger;
    this.#now = options.now ?? (() => new Date());
    this.#receiptTimeoutMs = options.receiptTimeoutMs ?? 120_000;
    this.#chain = options.provider ? new SafeChain(options.provider, this.setup) : null;
    this.#bundles = new BundleFileTransport(this.setup, this.#now);
    this.#approvals = this.#chain
      ? new OnChainApprovalTransport(this.#chain, { receiptTimeoutMs: this.#receiptTimeoutMs })
      : null;
    this.#service = options.txServiceUrl ? new TxServiceTransport(this.setup, options.txServiceUrl) : null;
  }

  get online(): boolean {
    return this.#chain !== null;
  }

  get #safe(): string {
    return this.setup.safe.address;
  }

  #emit(event: SafeLifecycleEvent): void {
    this.lifecycle.emit(event);
  }

  #requireChain(what: string): SafeChain {
    if (!this.#chain)
      throw new GridkeeperError(
        'OFFLINE',
        `This machine is offline: it cannot ${what}. Not simulated: offline.`,
      );
    return this.#chain;
  }

  #requireProposal(safeTxHash: string, statuses?: ProposalStatus[]): Proposal {
    const proposal = this.store.getProposal(safeTxHash);
    if (!proposal)
      throw new GridkeeperError('NOT_FOUND', `There is no queued Safe transaction ${safeTxHash}.`);
    if (statuses && !statuses.includes(proposal.status)) {
      throw new GridkeeperError(
        'CONFLICT',
        `The Safe transaction ${safeTxHash} is ${proposal.status}, not ${statuses.join(' or ')}.`,
        {
          status: proposal.status,
        },
      );
    }
    return proposal;
  }

  // ---- the Safe's owners, threshold and nonce -------------------------------------------------

  /** Live from the chain when online (never written); the last known state when offline. */
  async #currentState(): Promise<SafeState> {
    if (this.#chain) return this.#chain.readState(this.#now());
    const cached = this.store.loadSafeState(this.#safe);
    if (!cached) {
      throw new GridkeeperError(
        'OFFLINE',
        'This machine is offline and has never read the Safe’s owners: connect it once (or copy its store) before verifying signatures offline.',
      );
    }
    return cached;
  }

  /** Reads the state and remembers it for offline use (written only when it changed). */
  async refreshState(): Promise<SafeState> {
    const state = await this.#currentState();
    if (!this.#chain) return state;
    const cached = this.store.loadSafeState(this.#safe);
    const changed =
      !cached ||
      cached.threshold !== state.threshold ||
      cached.nonce !== state.nonce ||
      JSON.stringify(cached.owners) !== JSON.stringify(state.owners);
    if (changed) this.store.saveSafeState(this.#safe, this.setup.safe.version, state);
    return state;
  }

  async owners(): Promise<SafeOwnersView> {
    return toOwnersView(this.setup, await this.refreshState(), this.online);
  }

  #assertOwner(state: SafeState, address: string): void {
    if (!state.owners.some((o) => same(o, address))) {
      throw new GridkeeperError(
        'NOT_SAFE_OWNER',
        `${getAddress(address)} is not an owner of the Safe ${this.#safe}.`,
        {
          address: getAddress(address),
        },
      );
    }
  }

  // ---- proposing ------------------------------------------------------------------------------

  /** Our hashes, cross-checked with protocol-kit and (online) with the Safe contract itself. */
  async #verifiedHashes(tx: SafeTxData): Promise<SafeTxHashes> {
    const hashes = hashSafeTx(this.setup.safe, tx);
    crossCheckWithProtocolKit(this.setup.safe, tx, hashes);
    if (this.#chain) await crossCheckWithContract(this.#chain.provider, this.setup.safe, tx, hashes);
    return hashes;
  }

  async #simulate(tx: SafeTxData): Promise<SimulationResult> {
    return this.#chain
      ? simulateSafeTx(this.#chain.provider, this.setup, tx, this.#now())
      : offlineSimulation(this.#now());
  }

  /** The lowest nonce from the Safe's next one that no open proposal uses yet. */
  #nextFreeNonce(state: SafeState): bigint {
    const used = new Set(this.store.listProposals(this.#safe, OPEN).map((p) => p.tx.nonce));
    let nonce = state.nonce;
    while (used.has(nonce)) nonce++;
    return nonce;
  }

  async #checkIntentsOnChain(
    chain: SafeChain,
    intents: Intent[],
    calls: { to: string; data: string; value: bigint; operation: 0 | 1 }[],
  ) {
    const required = {
      admit: 'Pending',
      reject: 'Pending',
      suspend: 'Admitted',
      reinstate: 'Suspended',
    } as const;
    const done = {
      admit: 'admitted',
      reject: 'rejected',
      suspend: 'suspended',
      reinstate: 'reinstated',
    } as const;
    const problems = await Promise.all(
      intents.map(async (intent, i): Promise<string | null> => {
        if (
          intent.kind === 'admit' ||
          intent.kind === 'reject' ||
          intent.kind === 'suspend' ||
          intent.kind === 'reinstate'
        ) {
          const status = await chain.prosumerStatus(intent.prosumer);
          const needed = required[intent.kind];
          if (status === needed) return null;
          return `${describeIntent(intent)}: ${intent.prosumer} is ${status === 'None' ? 'not registered' : status.toLowerCase()}, and only a ${needed.toLowerCase()} prosumer can be ${done[intent.kind]}.`;
        }
        if (
          intent.kind === 'addOwner' ||
          intent.kind === 'removeOwner' ||
          intent.kind === 'swapOwner' ||
          intent.kind === 'changeThreshold'
        ) {
          return null;
        }
        const reason = await chain.callAsSafe(calls[i] as (typeof calls)[number]);
        return reason ? `${describeIntent(intent)}: the contract would refuse it (${reason}).` : null;
      }),
    );
    const found = problems.filter((p): p is string => p !== null);
    if (found.length > 0) {
      throw new GridkeeperError(
        'INTENT_INVALID',
        found.length === 1
          ? (found[0] as string)
          : `${found.length} decisions cannot be taken: ${found.slice(0, 5).join(' ')}`,
        {
          problems: found.slice(0, 20),
        },
      );
    }
  }

  /**
   * The one way into the queue, for local proposals and everything imported: hashes checked,
   * decoded, simulated, then stored with its signatures and events in one transaction.
   */
  async #queue(
    tx: SafeTxData,
    opts: {
      origin: ProposalOrigin;
      proposedBy: string | null;
      allowDangerous?: boolean;
      requireSuccess?: boolean;
      signatures?: OwnerSignature[];
      fileSha256?: string;
      /** Further writes and events of the step, inside the same transaction. */
      within?: (proposal: { safeTxHash: string; isNew: boolean; added: string[] }) => void;
    },
  ): Promise<{ proposal: Proposal; isNew: boolean; added: string[] }> {
    const hashes = await this.#verifiedHashes(tx);
    const decoded = decodeSafeTx(tx, this.setup);
    if (decoded.danger && !opts.allowDangerous) {
      throw new GridkeeperError(
        'DANGEROUS_TRANSACTION',
        `${decoded.danger} It was not queued; only an explicit override queues it.`,
      );
    }
    const existing = this.store.getProposal(hashes.safeTxHash);
    const simulation = existing ? null : await this.#simulate(tx);
    if (simulation?.status === 'reverted' && opts.requireSuccess) {
      throw new GridkeeperError(
        'SIMULATION_FAILED',
        `The transaction would fail: ${simulation.revertReason}. Nothing was queued.`,
      );
    }
    const { safeTxHash } = hashes;
    const added: string[] = [];
    const isNew = this.store.transaction(() => {
      const inserted = this.store.insertProposal({
        safeTxHash,
        safeAddress: this.#safe,
        safeVersion: this.setup.safe.version,
        tx,
        hashes,
        title: decoded.title,
        intents: decoded.intents.map(toIntentJson),
        origin: opts.origin,
        proposedBy: opts.proposedBy,
        dangerousOverride: Boolean(decoded.danger && opts.allowDangerous),
        createdAt: this.store.now(),
      });
      if (inserted && simulation) {
        this.#emit({
          type: 'PROPOSED',
          safeTxHash,
          actor: opts.proposedBy,
          nonce: tx.nonce.toString(),
          title: decoded.title,
          origin: opts.origin,
          intents: decoded.intents.length,
          ...(opts.fileSha256 ? { fileSha256: opts.fileSha256 } : {}),
        });
        this.#emit({
          type: 'DECODED',
          safeTxHash,
          actor: null,
          calls: decoded.calls.length,
          unknownCalls: decoded.calls.filter((c) => c.kind === 'unknown').length,
          danger: decoded.danger,
        });
        this.store.setSimulation(safeTxHash, simulation);
        this.#emitSimulated(safeTxHash, simulation);
      }
      for (const signature of opts.signatures ?? []) {
        if (this.store.addSignature(safeTxHash, signature)) added.push(signature.owner);
      }
      opts.within?.({ safeTxHash, isNew: inserted, added });
      return inserted;
    });
    return { proposal: this.#requireProposal(safeTxHash), isNew, added };
  }

  #emitSimulated(safeTxHash: string, s: SimulationResult): void {
    this.#emit({
      type: 'SIMULATED',
      safeTxHash,
      actor: null,
      status: s.status,
      gasUsed: s.gasUsed,
      revertReason: s.revertReason,
      events: s.events.length,
    });
  }

  /** Validates, builds (one call, or one MultiSendCallOnly batch), checks and queues decisions. */
  async propose(
    intents: Intent[],
    opts: { proposer?: string | null; nonce?: bigint; allowDangerous?: boolean } = {},
  ): Promise<Proposal> {
    const chain = this.#requireChain('propose a transaction');
    const state = await this.refreshState();
    if (opts.proposer) this.#assertOwner(state, opts.proposer);
    const calls = encodeIntents(intents, this.setup, state);
    await this.#checkIntentsOnChain(chain, intents, calls);
    const nonce = opts.nonce ?? this.#nextFreeNonce(state);
    if (nonce < state.nonce) {
      throw new GridkeeperError(
        'NONCE_SPENT',
        `Nonce ${nonce} was already used; the Safe's next nonce is ${state.nonce}.`,
      );
    }
    const tx = await chain.build(calls, nonce);
    if (!sameIntents(decodeSafeTx(tx, this.setup).intents, intents)) {
      throw new GridkeeperError(
        'HASH_MISMATCH',
        'The transaction built does not decode back to the decisions asked for; it was not queued.',
      );
    }
    const { proposal } = await this.#queue(tx, {
      origin: 'local',
      proposedBy: opts.proposer ? getAddress(opts.proposer) : null,
      allowDangerous: opts.allowDangerous,
      requireSuccess: true,
    });
    return proposal;
  }

  /** A rejection: an empty call of the Safe to itself at the same nonce, which cancels its competitors. */
  async proposeRejection(nonce: bigint, opts: { proposer?: string | null } = {}): Promise<Proposal> {
    const chain = this.#requireChain('propose a rejection');
    const state = await this.refreshState();
    if (opts.proposer) this.#assertOwner(state, opts.proposer);
    if (nonce < state.nonce) {
      throw new GridkeeperError(
        'NONCE_SPENT',
        `Nonce ${nonce} was already used; the Safe's next nonce is ${state.nonce}.`,
      );
    }
    const tx = await chain.build([{ to: this.#safe, value: 0n, data: '0x', operation: 0 }], nonce);
    const { proposal } = await this.#queue(tx, {
      origin: 'local',
      proposedBy: opts.proposer ? getAddress(opts.proposer) : null,
      requireSuccess: true,
    });
    return proposal;
  }

  async simulate(safeTxHash: string): Promise<SimulationResult> {
    const proposal = this.#requireProposal(safeTxHash);
    const simulation = await this.#simulate(proposal.tx);
    this.store.transaction(() => {
      this.store.setSimulation(proposal.safeTxHash, simulation);
      this.#emitSimulated(proposal.safeTxHash, simulation);
    });
    return simulation;
  }

  // ---- signing --------------------------------------------------------------------------------

  /**
   * Signs through the Signer interface (Ledger, keystore, demo key). Before the device is asked,
   * the hashes are recomputed and cross-checked and (online) the transaction is simulated again;
   * after, the signature must recover to this signer and to a current owner before it is stored.
   */
  async sign(safeTxHash: string, signer: Signer, opts: SignOptions = {}): Promise<Proposal> {
    const proposal = this.#requireProposal(safeTxHash, ['open']);
    const state = this.#chain ? await this.refreshState() : await this.#currentState();
    this.#assertOwner(state, signer.address);
    if (this.store.signatures(proposal.safeTxHash).some((s) => same(s.owner, signer.address)))
      return proposal;

    const hashes = await this.#verifiedHashes(proposal.tx);
    assertSameHashes(hashes, proposal.hashes, 'the queue');
    const decoded = decodeSafeTx(proposal.tx, this.setup);
    if (decoded.danger && !proposal.dangerousOverride) {
      throw new GridkeeperError('DANGEROUS_TRANSACTION', `${decoded.danger} It was not signed.`);
    }
    if (this.#chain) {
      const simulation = await this.simulate(proposal.safeTxHash);
      if (simulation.status === 'reverted') {
        throw new GridkeeperError(
          'SIMULATION_FAILED',
          `It would fail if executed now: ${simulation.revertReason}. It was not signed.`,
        );
      }
    }

    const actionId = this.store.startAction(proposal.safeTxHash, 'sign', signer.address);
    let signature: string;
    let owner: string;
    let type: OwnerSignature['type'];
    try {
      signature = await signer.signSafeTx(safeTxTypedData(this.setup.safe, proposal.tx), opts);
      ({ owner, type } = verifyOwnerSignature(hashes.safeTxHash, signature, state.owners, signer.address));
    } catch (thrown) {
      const error = asGridkeeperError(thrown);
      this.store.transaction(() => {
        this.store.updateAction(actionId, { state: 'abandoned', outcome: error.code });
        this.#emit({
          type: 'SIGN_FAILED',
          safeTxHash: proposal.safeTxHash,
          actor: signer.address,
          signerId: signer.id,
          code: error.code,
          message: error.message,
        });
      });
      throw error;
    }
    this.store.transaction(() => {
      this.store.addSignature(proposal.safeTxHash, {
        owner,
        data: signature.toLowerCase(),
        type,
        source: 'local',
        signerKind: signer.kind,
        signerId: signer.id,
        addedAt: this.store.now(),
      });
      this.store.updateAction(actionId, { state: 'done' });
      this.#emit({
        type: 'SIGNED',
        safeTxHash: proposal.safeTxHash,
        actor: owner,
        signerKind: signer.kind,
        signerId: signer.id,
        signatureType: type,
        source: 'local',
      });
    });
    return this.#requireProposal(proposal.safeTxHash);
  }

  // ---- transport 2: signed bundle files -------------------------------------------------------

  async exportBundle(safeTxHash: string, actor: string | null = null): Promise<BundleFile> {
    const proposal = this.#requireProposal(safeTxHash);
    const signatures = this.store.signatures(proposal.safeTxHash);
    const file = await this.#bundles.share({ proposal, signatures, state: await this.#currentState() });
    const portable = signatures.filter((s) => s.type !== 'approved-hash').length;
    this.store.transaction(() => {
      this.store.setTransportStatus(
        proposal.safeTxHash,
        'bundle',
        'exported',
        `${file.fileName}, ${portable} signature(s)`,
      );
      this.#emit({
        type: 'BUNDLE_EXPORTED',
        safeTxHash: proposal.safeTxHash,
        actor,
        fileName: file.fileName,
        fileSha256: file.sha256,
        signatures: portable,
      });
    });
    return file;
  }

  /**
   * Verifies a bundle completely and only then merges it. A refused file leaves the store exactly
   * as it was (not even the audit log is written) and the error says why.
   */
  async importBundle(
    content: string | Uint8Array,
    opts: { allowDangerous?: boolean; actor?: string | null } = {},
  ): Promise<{ proposal: Proposal; newProposal: boolean; addedSignatures: string[] }> {
    const state = await this.#currentState();
    const verified = this.#bundles.verify({ content, state, allowDangerous: opts.allowDangerous });
    const { safeTxHash } = verified.hashes;
    const reject = (message: string) =>
      new GridkeeperError('BUNDLE_REJECTED', message, { reason: 'nonce-executed' });
    const existing = this.store.getProposal(safeTxHash);
    if (existing && !OPEN.includes(existing.status)) {
      throw reject(
        `This transaction is already ${existing.status}${existing.executedTxHash ? ` (${existing.executedTxHash})` : ''}: the bundle cannot add anything.`,
      );
    }
    const spent = this.store
      .proposalsAtNonce(this.#safe, verified.tx.nonce)
      .find((p) => p.status === 'executed' || p.status === 'failed');
    if (spent)
      throw reject(
        `Nonce ${verified.tx.nonce} was already used by ${spent.safeTxHash}: this transaction can never run.`,
      );
    if (this.#chain) {
      try {
        await crossCheckWithContract(this.#chain.provider, this.setup.safe, verified.tx, verified.hashes);
      } catch (error) {
        if (isGridkeeperError(error) && error.code === 'HASH_MISMATCH') {
          throw new GridkeeperError('BUNDLE_REJECTED', error.message, { reason: 'hash-mismatch' });
        }
        throw error;
      }
    }
    const { proposal, isNew, added } = await this.#queue(verified.tx, {
      origin: 'bundle',
      proposedBy: null,
      allowDangerous: opts.allowDangerous,
      signatures: verified.signatures,
      fileSha256: verified.fileSha256,
      within: ({ isNew: inserted, added: merged }) => {
        this.store.setTransportStatus(
          safeTxHash,
          'bundle',
          'imported',
          `${merged.length} new signature(s), file sha256 ${verified.fileSha256}`,
        );
        this.#emit({
          type: 'BUNDLE_IMPORTED',
          safeTxHash,
          actor: opts.actor ?? null,
          fileSha256: verified.fileSha256,
          newProposal: inserted,
          addedSignatures: merged,
        });
      },
    });
    return { proposal, newProposal: isNew, addedSignatures: added };
  }

  // ---- Safe{Wallet} Transaction Builder files -------------------------------------------------

  async exportTxBuilder(safeTxHash: string, actor: string | null = null): Promise<BundleFile> {
    const proposal = this.#requireProposal(safeTxHash);
    const file = exportTxBuilderBatch({
      setup: this.setup,
      tx: proposal.tx,
      title: proposal.title,
      createdFromOwnerAddress: actor ?? undefined,
      now: this.#now(),
    });
    this.store.transaction(() =>
      this.#emit({
        type: 'TX_BUILDER_EXPORTED',
        safeTxHash: proposal.safeTxHash,
        actor,
        fileName: file.fileName,
        fileSha256: file.sha256,
      }),
    );
    return file;
  }

  /** Turns a Transaction Builder batch into a proposal (its calls as one MultiSendCallOnly batch). */
  async importTxBuilder(
    content: string,
    opts: { nonce?: bigint; proposer?: string | null } = {},
  ): Promise<Proposal> {
    const chain = this.#requireChain('build a transaction from a Transaction Builder file');
    const { calls, sha256 } = parseTxBuilderBatch(content, this.setup);
    const state = await this.refreshState();
    if (opts.proposer) this.#assertOwner(state, opts.proposer);
    const nonce = opts.nonce ?? this.#nextFreeNonce(state);
    if (nonce < state.nonce) {
      throw new GridkeeperError(
        'NONCE_SPENT',
        `Nonce ${nonce} was already used; the Safe's next nonce is ${state.nonce}.`,
      );
    }
    const tx = await chain.build(calls, nonce);
    const { proposal } = await this.#queue(tx, {
      origin: 'tx-builder',
      proposedBy: opts.proposer ? getAddress(opts.proposer) : null,
      fileSha256: sha256,
      within: ({ safeTxHash }) =>
        this.#emit({
          type: 'TX_BUILDER_IMPORTED',
          safeTxHash,
          actor: opts.proposer ?? null,
          fileSha256: sha256,
          calls: calls.length,
        }),
    });
    return proposal;
  }

  // ---- transport 1: the Safe Transaction Service ----------------------------------------------

  #requireService(): TxServiceTransport {
    if (!this.#service) {
      throw new GridkeeperError(
        'TX_SERVICE_ERROR',
        'No Safe Transaction Service is configured for this network (txServiceUrl).',
      );
    }
    return this.#service;
  }

  async proposeToService(
    safeTxHash: string,
  ): Promise<{ proposal: Proposal; proposed: boolean; confirmed: string[] }> {
    const service = this.#requireService();
    const proposal = this.#requireProposal(safeTxHash, ['open']);
    const receipt = await service.share({
      proposal,
      signatures: this.store.signatures(proposal.safeTxHash),
      state: await this.#currentState(),
    });
    this.store.transaction(() => {
      this.store.setTransportStatus(
        proposal.safeTxHash,
        'tx-service',
        receipt.proposed ? 'proposed' : 'confirmed',
        `${service.url}: ${receipt.confirmed.length} signature(s) sent`,
      );
      for (const [i, owner] of receipt.confirmed.entries()) {
        this.#emit({
          type: i === 0 && receipt.proposed ? 'SERVICE_PROPOSED' : 'SERVICE_CONFIRMED',
          safeTxHash: proposal.safeTxHash,
          actor: owner,
          txServiceUrl: service.url,
        });
      }
    });
    return {
      proposal: this.#requireProposal(proposal.safeTxHash),
      proposed: receipt.proposed,
      confirmed: receipt.confirmed,
    };
  }

  /** Brings in every pending transaction and co-signature of the service, each verified here. */
  async syncService(): Promise<{
    newProposals: string[];
    addedSignatures: number;
    refused: { safeTxHash: string; reason: string }[];
  }> {
    const service = this.#requireService();
    const state = await this.refreshState();
    const collected = await service.collect({});
    const newProposals: string[] = [];
    const refused: { safeTxHash: string; reason: string }[] = [];
    let addedSignatures = 0;
    for (const item of collected) {
      if (item.tx.nonce < state.nonce) continue;
      try {
        const { safeTxHash } = hashSafeTx(this.setup.safe, item.tx);
        if (safeTxHash !== item.claimedSafeTxHash.toLowerCase()) {
          throw new GridkeeperError(
            'HASH_MISMATCH',
            `The service lists it as ${item.claimedSafeTxHash}, but its fields hash to ${safeTxHash}.`,
          );
        }
        const signatures = this.#verifiedIncoming(safeTxHash, item.signatures, state, 'tx-service');
        const { isNew, added } = await this.#queue(item.tx, {
          origin: 'tx-service',
          proposedBy: null,
          signatures,
          within: ({ isNew: inserted, added: merged }) => {
            this.store.setTransportStatus(
              safeTxHash,
              'tx-service',
              'synced',
              `${service.url}: ${item.signatures.length} signature(s) there`,
            );
            if (inserted || merged.length > 0) {
              this.#emit({
                type: 'SERVICE_SYNCED',
                safeTxHash,
                actor: null,
                txServiceUrl: service.url,
                newProposal: inserted,
                addedSignatures: merged,
              });
            }
          },
        });
        if (isNew) newProposals.push(safeTxHash);
        addedSignatures += added.length;
      } catch (error) {
        if (!isGridkeeperError(error)) throw error;
        refused.push({ safeTxHash: item.claimedSafeTxHash, reason: error.message });
      }
    }
    return { newProposals, addedSignatures, refused };
  }

  /** Signatures from elsewhere: each must recover to a current owner (and to its claimed signer). */
  #verifiedIncoming(
    safeTxHash: string,
    incoming: { signer: string | null; data: string }[],
    state: SafeState,
    source: OwnerSignature['source'],
  ): OwnerSignature[] {
    const out: OwnerSignature[] = [];
    for (const s of incoming) {
      try {
        const { owner, type } = verifyOwnerSignature(safeTxHash, s.data, state.owners, s.signer ?? undefined);
        out.push({
          owner,
          data: s.data.toLowerCase(),
          type,
          source,
          signerKind: null,
          signerId: null,
          addedAt: this.store.now(),
        });
      } catch (error) {
        if (!isGridkeeperError(error)) throw error;
        this.#log.warn('safe: co-signature ignored', { safeTxHash, source, reason: error.message });
      }
    }
    return out;
  }

  // ---- transport 3: approveHash on chain ------------------------------------------------------

  async approveOnChain(
    safeTxHash: string,
    signer: Signer,
    opts: { signal?: AbortSignal } = {},
  ): Promise<Proposal> {
    this.#requireChain('approve on chain');
    const approvals = this.#approvals as OnChainApprovalTransport;
    const proposal = this.#requireProposal(safeTxHash, ['open']);
    const state = await this.refreshState();
    this.#assertOwner(state, signer.address);
    await this.#collectApprovals(proposal, state);
    if (
      this.store
        .signatures(proposal.safeTxHash)
        .some((s) => same(s.owner, signer.address) && s.type === 'approved-hash')
    ) {
      return this.#requireProposal(proposal.safeTxHash);
    }
    const actionId = this.store.startAction(proposal.safeTxHash, 'approve-hash', signer.address);
    let receipt: Awaited<ReturnType<OnChainApprovalTransport['share']>>;
    try {
      receipt = await approvals.share({ proposal, signatures: [], state, signer, signal: opts.signal });
    } catch (thrown) {
      const error = asGridkeeperError(thrown);
      this.store.updateAction(actionId, { state: 'abandoned', outcome: error.code });
      throw error;
    }
    this.store.transaction(() => {
      this.store.addSignature(proposal.safeTxHash, {
        owner: getAddress(signer.address),
        data: approvedHashSignature(signer.address),
        type: 'approved-hash',
        source: 'on-chain',
        signerKind: signer.kind,
        signerId: signer.id,
        addedAt: this.store.now(),
      });
      this.store.setTransportStatus(
        proposal.safeTxHash,
        'on-chain',
        'approved',
        `${getAddress(signer.address)} in ${receipt.chainTxHash}`,
      );
      this.store.updateAction(actionId, { state: 'done', chainTxHash: receipt.chainTxHash });
      this.#emit({
        type: 'APPROVED_ON_CHAIN',
        safeTxHash: proposal.safeTxHash,
        actor: getAddress(signer.address),
        chainTxHash: receipt.chainTxHash,
        blockNumber: receipt.blockNumber,
      });
    });
    return this.#requireProposal(proposal.safeTxHash);
  }

  /** Approvals other owners made on chain, merged into the signature map. */
  async #collectApprovals(proposal: Proposal, state: SafeState): Promise<string[]> {
    if (!this.#approvals) return [];
    const held = new Set(this.store.signatures(proposal.safeTxHash).map((s) => s.owner.toLowerCase()));
    const [collected] = await this.#approvals.collect({
      proposal,
      owners: state.owners.filter((o) => !held.has(o.toLowerCase())),
    });
    const incoming = this.#verifiedIncoming(
      proposal.safeTxHash,
      collected?.signatures ?? [],
      state,
      'on-chain',
    );
    if (incoming.length === 0) return [];
    return this.store.transaction(() =>
      incoming.flatMap((s) => {
        if (!this.store.addSignature(proposal.safeTxHash, s)) return [];
        this.#emit({
          type: 'SIGNED',
          safeTxHash: proposal.safeTxHash,
          actor: s.owner,
          signerKind: null,
          signerId: null,
          signatureType: 'approved-hash',
          source: 'on-chain',
        });
        return [s.owner];
      }),
    );
  }

  // ---- execution ------------------------------------------------------------------------------

  /**
   * Executes once the threshold is met; any account may pay the gas. The signed chain transaction
   * is written ahead before it is broadcast, so a crash before its receipt is recorded is resolved
   * by `reconcile` from the chain, never by sending a second one.
   */
  async execute(safeTxHash: string, signer: Signer, opts: { signal?: AbortSignal } = {}): Promise<Proposal> {
    const chain = this.#requireChain('execute');
    const proposal = this.#requireProposal(safeTxHash, ['open']);
    const state = await this.refreshState();
    if (proposal.tx.nonce < state.nonce) {
      await this.reconcile();
      throw new GridkeeperError(
        'NONCE_SPENT',
        `Nonce ${proposal.tx.nonce} was already used on chain; this transaction can no longer run.`,
      );
    }
    if (proposal.tx.nonce > state.nonce) {
      throw new GridkeeperError(
        'CONFLICT',
        `The Safe's next nonce is ${state.nonce}: execute that transaction first (this one has nonce ${proposal.tx.nonce}).`,
      );
    }
    const hashes = await this.#verifiedHashes(proposal.tx);
    assertSameHashes(hashes, proposal.hashes, 'the queue');
    const decoded = decodeSafeTx(proposal.tx, this.setup);
    if (decoded.danger && !proposal.dangerousOverride) {
      throw new GridkeeperError('DANGEROUS_TRANSACTION', `${decoded.danger} It was not executed.`);
    }
    await this.#collectApprovals(proposal, state);
    const signatures = new SignatureSet(this.store.signatures(proposal.safeTxHash));
    const counting = signatures.fromOwners(state.owners);
    if (counting.length < state.threshold) {
      const signed = new Set(counting.map((s) => s.owner.toLowerCase()));
      throw new GridkeeperError(
        'THRESHOLD_NOT_MET',
        `${counting.length} of the ${state.threshold} required signatures are here; still missing: ${state.owners.filter((o) => !signed.has(o.toLowerCase())).join(', ')}.`,
        { confirmations: counting.length, threshold: state.threshold },
      );
    }
    const tx = proposal.tx;
    const data = safeInterface.encodeFunctionData('execTransaction', [
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      signatures.encode(state.owners),
    ]);
    const actionId = this.store.startAction(proposal.safeTxHash, 'execute', signer.address);
    let signed: Awaited<ReturnType<typeof signChainTx>>;
    try {
      signed = await signChainTx(
        chain.provider,
        signer,
        { to: this.#safe, data },
        {
          chainId: this.setup.safe.chainId,
          signal: opts.signal,
          failure: 'EXECUTION_FAILED',
        },
      );
    } catch (thrown) {
      let error = asGridkeeperError(thrown);
      if (error.code === 'EXECUTION_FAILED' && /GS013/.test(error.message)) {
        const simulation = await this.#simulate(tx);
        if (simulation.revertReason) {
          error = new GridkeeperError(
            'EXECUTION_FAILED',
            `The transaction's calls would fail: ${simulation.revertReason}. Nothing was sent.`,
          );
        }
      }
      this.store.transaction(() => {
        this.store.updateAction(actionId, { state: 'abandoned', outcome: error.code });
        this.#emit({
          type: 'EXECUTION_FAILED',
          safeTxHash: proposal.safeTxHash,
          actor: getAddress(signer.address),
          chainTxHash: null,
          reason: error.message,
        });
      });
      throw error;
    }
    this.store.transaction(() => {
      this.store.updateAction(actionId, { state: 'sent', chainTxHash: signed.hash, rawTx: signed.raw });
      this.store.setStatus(proposal.safeTxHash, 'executing', {
        txHash: signed.hash,
        by: getAddress(signer.address),
      });
      this.#emit({
        type: 'EXECUTING',
        safeTxHash: proposal.safeTxHash,
        actor: getAddress(signer.address),
        chainTxHash: signed.hash,
        nonce: tx.nonce.toString(),
      });
    });
    try {
      await broadcast(chain.provider, signed.raw);
    } catch (thrown) {
      const error = asGridkeeperError(thrown);
      this.store.transaction(() => {
        this.store.updateAction(actionId, { state: 'abandoned', outcome: 'not accepted by the node' });
        this.store.setStatus(proposal.safeTxHash, 'open');
        this.#emit({
          type: 'EXECUTION_FAILED',
          safeTxHash: proposal.safeTxHash,
          actor: getAddress(signer.address),
          chainTxHash: signed.hash,
          reason: error.message,
        });
      });
      throw error;
    }
    const receipt = await waitForReceipt(chain.provider, signed.hash, this.#receiptTimeoutMs);
    this.#recordReceipt(proposal, actionId, receipt, getAddress(signer.address));
    const closed = this.#requireProposal(proposal.safeTxHash);
    if (closed.status === 'failed') {
      throw new GridkeeperError(
        'EXECUTION_FAILED',
        `The Safe ran the transaction but its calls failed (ExecutionFailure in ${receipt.hash}); nonce ${tx.nonce} is now used up.`,
        { chainTxHash: receipt.hash, blockNumber: receipt.blockNumber },
      );
    }
    if (closed.status === 'open') {
      throw new GridkeeperError(
        'EXECUTION_FAILED',
        `The execution transaction ${receipt.hash} reverted; nothing changed and nonce ${tx.nonce} is still free.`,
        {
          chainTxHash: receipt.hash,
        },
      );
    }
    return closed;
  }

  /** Records a mined execution transaction: the Safe's own event says whether its calls succeeded. */
  #recordReceipt(
    proposal: Proposal,
    actionId: number,
    receipt: TransactionReceipt,
    executor: string | null,
  ): void {
    const success = safeInterface.getEvent('ExecutionSuccess')!.topicHash;
    const failure = safeInterface.getEvent('ExecutionFailure')!.topicHash;
    const log = receipt.logs.find(
      (l) =>
        same(l.address, this.#safe) &&
        (l.topics[0] === success || l.topics[0] === failure) &&
        l.topics[1] === proposal.safeTxHash,
    );
    this.store.transaction(() => {
      if (receipt.status !== 1 || !log) {
        this.store.updateAction(actionId, { state: 'done', outcome: 'reverted', chainTxHash: receipt.hash });
        this.store.setStatus(proposal.safeTxHash, 'open');
        this.#emit({
          type: 'EXECUTION_FAILED',
          safeTxHash: proposal.safeTxHash,
          actor: executor,
          chainTxHash: receipt.hash,
          reason: 'the execution transaction reverted; the nonce is still free',
        });
        return;
      }
      this.store.updateAction(actionId, {
        state: 'done',
        outcome: log.topics[0] === success ? 'executed' : 'execution-failure',
      });
      this.#closeExecuted(
        proposal,
        { chainTxHash: receipt.hash, blockNumber: receipt.blockNumber, success: log.topics[0] === success },
        executor,
      );
    });
  }

  /** Inside a transaction: close the winner of a nonce and mark its competitors replaced. */
  #closeExecuted(
    proposal: Proposal,
    record: { chainTxHash: string; blockNumber: number; success: boolean },
    executor: string | null,
  ): void {
    this.store.setStatus(proposal.safeTxHash, record.success ? 'executed' : 'failed', {
      txHash: record.chainTxHash,
      block: record.blockNumber,
      by: executor,
    });
    this.#emit({
      type: 'EXECUTED',
      safeTxHash: proposal.safeTxHash,
      actor: executor,
      chainTxHash: record.chainTxHash,
      blockNumber: record.blockNumber,
      success: record.success,
    });
    for (const other of this.store.proposalsAtNonce(this.#safe, proposal.tx.nonce)) {
      if (other.safeTxHash === proposal.safeTxHash || !OPEN.includes(other.status)) continue;
      this.store.setStatus(other.safeTxHash, 'replaced', { replacedBy: record.chainTxHash });
      this.#emit({
        type: 'REPLACED',
        safeTxHash: other.safeTxHash,
        actor: null,
        nonce: proposal.tx.nonce.toString(),
        byChainTxHash: record.chainTxHash,
      });
    }
  }

  // ---- crash recovery -------------------------------------------------------------------------

  /**
   * Makes the queue agree with the chain after a crash or after other machines acted: closes
   * interrupted actions, records executions found on chain, marks spent nonces' losers replaced.
   */
  async reconcile(): Promise<{ closed: string[]; abandoned: number }> {
    const closed: string[] = [];
    let abandoned = 0;
    const abandon = (
      action: { id: number; safeTxHash: string; actor: string; action: string },
      reason: string,
    ) => {
      this.store.transaction(() => {
        this.store.updateAction(action.id, { state: 'abandoned', outcome: reason });
        this.#emit({
          type: 'ACTION_ABANDONED',
          safeTxHash: action.safeTxHash,
          actor: action.actor,
          action: action.action,
          reason,
        });
      });
      abandoned++;
    };
    const chain = this.#chain;
    for (const action of this.store.openActions()) {
      const proposal = this.store.getProposal(action.safeTxHash);
      if (!proposal) continue;
      if (action.action === 'sign') {
        abandon(action, 'interrupted before the signature was stored; sign again');
        continue;
      }
      if (!chain) continue;
      if (action.action === 'approve-hash') {
        const state = await this.#currentState();
        const merged = await this.#collectApprovals(proposal, state);
        if (
          merged.some((o) => same(o, action.actor)) ||
          this.store.signatures(proposal.safeTxHash).some((s) => same(s.owner, action.actor))
        ) {
          this.store.updateAction(action.id, {
            state: 'done',
            outcome: 'approval found on chain after restart',
          });
        } else {
          abandon(action, 'interrupted; no approval found on chain');
        }
        continue;
      }
      // execute
      if (!action.chainTxHash || !action.rawTx) {
        abandon(action, 'interrupted before anything was sent');
        continue;
      }
      let receipt = await chain.provider.getTransactionReceipt(action.chainTxHash);
      if (!receipt && !(await chain.provider.getTransaction(action.chainTxHash))) {
        const state = await this.#currentState();
        if (proposal.tx.nonce === state.nonce) {
          await broadcast(chain.provider, action.rawTx);
          receipt = await waitForReceipt(chain.provider, action.chainTxHash, this.#receiptTimeoutMs);
        }
      }
      if (receipt) {
        this.#recordReceipt(proposal, action.id, receipt, action.actor);
        closed.push(proposal.safeTxHash);
      } else if (!(await chain.provider.getTransaction(action.chainTxHash))) {
        this.store.transaction(() => {
          this.store.setStatus(proposal.safeTxHash, 'open');
          this.store.updateAction(action.id, {
            state: 'abandoned',
            outcome: 'the execution transaction was dropped',
          });
          this.#emit({
            type: 'ACTION_ABANDONED',
            safeTxHash: action.safeTxHash,
            actor: action.actor,
            action: action.action,
            reason: 'the execution transaction was dropped',
          });
        });
        abandoned++;
      }
    }
    if (!chain) return { closed, abandoned };

    const state = await this.refreshState();
    const stale = this.store.listProposals(this.#safe, ['open']).filter((p) => p.tx.nonce < state.nonce);
    for (const proposal of stale) {
      const current = this.store.getProposal(proposal.safeTxHash);
      if (current?.status !== 'open') continue;
      const execution = await chain.findExecution(proposal.safeTxHash);
      if (execution) {
        this.store.transaction(() => this.#closeExecuted(current, execution, null));
        closed.push(proposal.safeTxHash);
      }
    }
    for (const proposal of this.store
      .listProposals(this.#safe, ['open'])
      .filter((p) => p.tx.nonce < state.nonce)) {
      this.store.transaction(() => {
        this.store.setStatus(proposal.safeTxHash, 'replaced');
        this.#emit({
          type: 'REPLACED',
          safeTxHash: proposal.safeTxHash,
          actor: null,
          nonce: proposal.tx.nonce.toString(),
          byChainTxHash: null,
        });
      });
      closed.push(proposal.safeTxHash);
    }
    return { closed, abandoned };
  }

  // ---- views ----------------------------------------------------------------------------------

  #viewWith(proposal: Proposal, state: SafeState): ProposalView {
    return toProposalView({
      proposal,
      decoded: decodeSafeTx(proposal.tx, this.setup),
      signatures: this.store.signatures(proposal.safeTxHash),
      state,
      competitors: this.store
        .proposalsAtNonce(this.#safe, proposal.tx.nonce)
        .filter((p) => p.safeTxHash !== proposal.safeTxHash && OPEN.includes(p.status))
        .map((p) => p.safeTxHash),
      transports: this.store.transportStatus(proposal.safeTxHash),
    });
  }

  /** One proposal as the UI shows it (online: with approvals others made on chain). */
  async view(safeTxHash: string): Promise<ProposalView> {
    const proposal = this.#requireProposal(safeTxHash);
    const state = this.#chain ? await this.refreshState() : await this.#currentState();
    if (proposal.status === 'open') await this.#collectApprovals(proposal, state);
    return this.#viewWith(this.#requireProposal(safeTxHash), state);
  }

  /** Open proposals grouped per nonce; a nonce with several proposals shows them as competitors. */
  async queue(): Promise<QueueView> {
    const state = this.#chain ? await this.refreshState() : await this.#currentState();
    const groups = new Map<bigint, ProposalView[]>();
    for (const p of this.store.listProposals(this.#safe, OPEN)) {
      const list = groups.get(p.tx.nonce) ?? [];
      list.push(this.#viewWith(p, state));
      groups.set(p.tx.nonce, list);
    }
    return {
      ...toOwnersView(this.setup, state, this.online),
      groups: [...groups.entries()].map(([nonce, proposals]) => ({
        nonce: nonce.toString(),
        next: nonce === state.nonce,
        competing: proposals.length > 1,
        proposals,
      })),
    };
  }

  /** Closed proposals (executed, failed, replaced), newest first. */
  async history(limit = 100): Promise<ProposalView[]> {
    const state = this.store.loadSafeState(this.#safe) ?? (await this.#currentState());
    return this.store
      .listProposals(this.#safe, ['executed', 'failed', 'replaced'])
      .reverse()
      .slice(0, limit)
      .map((p) => this.#viewWith(p, state));
  }
}
