import { getAddress, type JsonRpcProvider } from 'ethers';
import type { NamedAddress, PendingDecision, ReviewAction, ReviewView } from '../api/contract/review';
import type { ProposalView, QueueView, SafeGuardView, SafeOwnersView } from '../api/contract/safe';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import type { Signer } from '../signers';
import type { Intent } from './build/intents';
import { propose, proposeRejection } from './build/propose';
import { currentState, type FlowContext, OPEN, refreshState, requireProposal } from './context';
import { type ExecuteOptions, execute } from './execute/execute';
import { reconcile } from './execute/reconcile';
import { SafeLifecycle } from './queue/lifecycle';
import type { Proposal, SafeQueueStore } from './queue/queue-store';
import { type QueueAround, toOwnersView, toProposalView } from './queue/views';
import { AddressBook } from './review/address-book';
import { findConflicts, pendingDecisions, type QueuedDecisions } from './review/conflicts';
import { type RefreshReport, refreshSimulations } from './review/refresh';
import { buildReview } from './review/review';
import { SafeChain } from './safe-reader';
import { type SignOptions, sign } from './sign/sign';
import { approveOnChain, collectApprovals } from './transports/approvals';
import type { BundleFile } from './transports/bundle';
import { BundleFileTransport } from './transports/bundle-file';
import { exportBundle, exportTxBuilder, importBundle, importTxBuilder } from './transports/files';
import { OnChainApprovalTransport } from './transports/on-chain';
import { proposeToService, syncService } from './transports/service-sync';
import { TxServiceTransport } from './transports/tx-service';
import type { SafeSetup, SafeState } from './types';
import { simulate } from './verify/checks';
import { decodeSafeTx } from './verify/decode';
import type { SimulationResult } from './verify/simulate';

export type { SignOptions };

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
  /** The owner's own names for this chain's addresses (the address book), keyed by lower-case address. */
  addressNames?: () => ReadonlyMap<string, string>;
}

/**
 * The lifecycle of the consortium's Safe transactions, one verb per step: propose (validate,
 * build, hash, decode, simulate), sign, share and collect co-signatures over three transports
 * (tx service, bundle files, approveHash), execute, and reconcile with the chain after a crash.
 * Every step that writes does so in one store transaction together with its lifecycle event (and
 * so its audit entry). The steps live in their own modules; this is their facade.
 */
export class SafeFlow {
  readonly lifecycle: SafeLifecycle;
  readonly store: SafeQueueStore;
  readonly setup: SafeSetup;
  readonly #ctx: FlowContext;

  constructor(options: SafeFlowOptions) {
    const setup = {
      ...options.setup,
      safe: { ...options.setup.safe, address: getAddress(options.setup.safe.address) },
    };
    const now = options.now ?? (() => new Date());
    const receiptTimeoutMs = options.receiptTimeoutMs ?? 120_000;
    const chain = options.provider ? new SafeChain(options.provider, setup) : null;
    this.store = options.store;
    this.setup = setup;
    this.lifecycle = options.lifecycle ?? new SafeLifecycle();
    this.#ctx = {
      store: options.store,
      setup,
      chain,
      lifecycle: this.lifecycle,
      log: options.log ?? silentLogger,
      now,
      receiptTimeoutMs,
      bundles: new BundleFileTransport(setup, now),
      approvals: chain ? new OnChainApprovalTransport(chain, { receiptTimeoutMs }) : null,
      service: options.txServiceUrl ? new TxServiceTransport(setup, options.txServiceUrl) : null,
      inFlight: new Set(),
      addressNames: options.addressNames ?? (() => new Map()),
    };
  }

  get online(): boolean {
    return this.#ctx.chain !== null;
  }

  /** What the owners view says this Safe can reach: the chain, and a Transaction Service (if one is set). */
  get #reach(): { online: boolean; txService: boolean } {
    return { online: this.online, txService: this.#ctx.service !== null };
  }

  /** Reads the owners, threshold and nonce (offline: the last known) and remembers them. */
  refreshState(): Promise<SafeState> {
    return refreshState(this.#ctx);
  }

  async owners(): Promise<SafeOwnersView> {
    return toOwnersView(this.setup, await this.refreshState(), this.#reach);
  }

  /** Whether the Safe runs with a guard, and the one the deployment record names (offline: unknown). */
  async guard(): Promise<SafeGuardView> {
    const chain = this.#ctx.chain;
    return {
      safeAddress: this.setup.safe.address,
      online: chain !== null,
      guard: chain ? await chain.guard() : null,
      recordGuard: this.setup.guard ?? null,
      readAt: chain ? this.#ctx.now().toISOString() : null,
    };
  }

  propose(intents: Intent[], opts: { proposer?: string | null; nonce?: bigint } = {}): Promise<Proposal> {
    return propose(this.#ctx, intents, opts);
  }

  proposeRejection(nonce: bigint, opts: { proposer?: string | null } = {}): Promise<Proposal> {
    return proposeRejection(this.#ctx, nonce, opts);
  }

  simulate(safeTxHash: string): Promise<SimulationResult> {
    return simulate(this.#ctx, safeTxHash);
  }

  sign(safeTxHash: string, signer: Signer, opts: SignOptions = {}): Promise<Proposal> {
    return sign(this.#ctx, safeTxHash, signer, opts);
  }

  exportBundle(safeTxHash: string, actor: string | null = null): Promise<BundleFile> {
    return exportBundle(this.#ctx, safeTxHash, actor);
  }

  importBundle(
    content: string | Uint8Array,
    opts: { actor?: string | null } = {},
  ): Promise<{ proposal: Proposal; newProposal: boolean; addedSignatures: string[] }> {
    return importBundle(this.#ctx, content, opts);
  }

  exportTxBuilder(safeTxHash: string, actor: string | null = null): Promise<BundleFile> {
    return exportTxBuilder(this.#ctx, safeTxHash, actor);
  }

  importTxBuilder(
    content: string,
    opts: { nonce?: bigint; proposer?: string | null } = {},
  ): Promise<Proposal> {
    return importTxBuilder(this.#ctx, content, opts);
  }

  proposeToService(
    safeTxHash: string,
  ): Promise<{ proposal: Proposal; proposed: boolean; confirmed: string[] }> {
    return proposeToService(this.#ctx, safeTxHash);
  }

  syncService(): ReturnType<typeof syncService> {
    return syncService(this.#ctx);
  }

  approveOnChain(safeTxHash: string, signer: Signer, opts: { signal?: AbortSignal } = {}): Promise<Proposal> {
    return approveOnChain(this.#ctx, safeTxHash, signer, opts);
  }

  execute(safeTxHash: string, signer: Signer, opts: ExecuteOptions = {}): Promise<Proposal> {
    return execute(this.#ctx, safeTxHash, signer, opts);
  }

  /** Simulates every open proposal again (new block, Safe changed); unrefreshable ones are marked stale. */
  refreshSimulations(): Promise<RefreshReport> {
    return refreshSimulations(this.#ctx);
  }

  /** What an owner reads before signing, approving or executing (`actor`: the account that acts). */
  /**
   * Every address the app can name on this chain (for showing addresses anywhere): the owners from
   * the Safe's last known state (read once if never read), never a chain call per page.
   */
  async names(): Promise<NamedAddress[]> {
    const ctx = this.#ctx;
    const state =
      ctx.store.loadSafeState(ctx.setup.safe.address) ?? (await refreshState(ctx).catch(() => null));
    return new AddressBook(ctx.setup, state?.owners ?? [], null, ctx.addressNames()).all();
  }

  review(safeTxHash: string, action: ReviewAction, actor: string | null): Promise<ReviewView> {
    return buildReview(this.#ctx, safeTxHash, action, actor);
  }

  /** Every subject (prosumer, trade, parameter, nonce) an open proposal acts on. */
  pendingDecisions(): PendingDecision[] {
    return pendingDecisions(this.#queued());
  }

  #queued(): QueuedDecisions[] {
    return this.#ctx.store.listProposals(this.#ctx.setup.safe.address, OPEN).map((p) => ({
      safeTxHash: p.safeTxHash,
      nonce: p.tx.nonce,
      title: p.title,
      intents: decodeSafeTx(p.tx, this.#ctx.setup).intents,
    }));
  }

  reconcile(): Promise<{ closed: string[]; abandoned: number }> {
    return reconcile(this.#ctx);
  }

  #viewWith(proposal: Proposal, state: SafeState, around: QueueAround | null): ProposalView {
    return toProposalView({
      proposal,
      decoded: decodeSafeTx(proposal.tx, this.#ctx.setup),
      signatures: this.#ctx.store.signatures(proposal.safeTxHash),
      state,
      competitors: this.#ctx.store
        .proposalsAtNonce(this.#ctx.setup.safe.address, proposal.tx.nonce)
        .filter((p) => p.safeTxHash !== proposal.safeTxHash && OPEN.includes(p.status))
        .map((p) => p.safeTxHash),
      transports: this.#ctx.store.transportStatus(proposal.safeTxHash),
      conflicts: around?.conflicts.get(proposal.safeTxHash) ?? [],
      head: around?.head ?? null,
    });
  }

  /** What a queued proposal is seen against: the other open proposals, and the chain head (for ages). */
  async #around(): Promise<QueueAround> {
    const head = this.#ctx.chain ? await this.#ctx.chain.provider.getBlock('latest') : null;
    return {
      conflicts: findConflicts(this.#queued()),
      head: head ? { number: head.number, timestamp: head.timestamp } : null,
    };
  }

  /** One proposal as the UI shows it (online: with approvals others made on chain). */
  async view(safeTxHash: string): Promise<ProposalView> {
    const proposal = requireProposal(this.#ctx, safeTxHash);
    const state = this.#ctx.chain ? await refreshState(this.#ctx) : await currentState(this.#ctx);
    if (proposal.status === 'open') await collectApprovals(this.#ctx, proposal, state);
    return this.#viewWith(requireProposal(this.#ctx, safeTxHash), state, await this.#around());
  }

  /** Open proposals grouped per nonce; a nonce with several proposals shows them as competitors. */
  async queue(): Promise<QueueView> {
    const state = this.#ctx.chain ? await refreshState(this.#ctx) : await currentState(this.#ctx);
    const around = await this.#around();
    const groups = new Map<bigint, ProposalView[]>();
    for (const p of this.#ctx.store.listProposals(this.#ctx.setup.safe.address, OPEN)) {
      const list = groups.get(p.tx.nonce) ?? [];
      list.push(this.#viewWith(p, state, around));
      groups.set(p.tx.nonce, list);
    }
    return {
      ...toOwnersView(this.#ctx.setup, state, this.#reach),
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
    const state =
      this.#ctx.store.loadSafeState(this.#ctx.setup.safe.address) ?? (await currentState(this.#ctx));
    return this.#ctx.store
      .listProposals(this.#ctx.setup.safe.address, ['executed', 'failed', 'replaced'])
      .reverse()
      .slice(0, limit)
      .map((p) => this.#viewWith(p, state, null));
  }
}
