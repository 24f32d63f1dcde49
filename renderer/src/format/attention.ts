import type {
  DisputeView,
  IndexerStatusView,
  QueueView,
  SafeGuardView,
} from '../../../electron/core/api/contract';
import { sameAddress, shortAddress } from './address';
import { stopKindOf } from './emergency';
import { formatDuration } from './time';

/** One thing that needs an owner, and where it is resolved. */
export interface AttentionItem {
  kind: 'sign' | 'execute' | 'stop' | 'guard' | 'disputes' | 'applications' | 'indexer' | 'rpc' | 'paused';
  tone: 'bad' | 'warn' | 'info';
  text: string;
  href: string;
  /** How many things it counts (the navigation's number adds these up). */
  count: number;
}

export interface AttentionInputs {
  queue: QueueView | undefined;
  /** The active signer's address (null: none chosen). */
  signer: string | null;
  openDisputes: DisputeView[] | undefined;
  /** Disputes open longer than this are flagged. */
  disputeAgeSeconds: number;
  applicationsWaiting: number | undefined;
  indexer: IndexerStatusView | undefined;
  paused: boolean | undefined;
  /** The Safe's guard slot beside the guard the deployment record names. */
  guard: SafeGuardView | undefined;
  now: number;
}

/** Blocks behind the head before the chain data counts as lagging. */
export const INDEXER_LAG_BLOCKS = 10;

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * What needs the owner at this desk, most urgent first: the emergency stop and Safe transactions
 * waiting for their signature, transactions ready to run, disputes past the age threshold,
 * applications waiting, and chain data that is behind or failing.
 */
export function attentionItems(input: AttentionInputs): AttentionItem[] {
  const items: AttentionItem[] = [];
  const open = (input.queue?.groups ?? [])
    .filter((g) => !input.queue || BigInt(g.nonce) >= BigInt(input.queue.nonce))
    .flatMap((g) => g.proposals)
    .filter((p) => p.status === 'open');
  const signer = input.signer?.toLowerCase() ?? null;
  const isOwner = signer !== null && (input.queue?.owners ?? []).some((o) => o.toLowerCase() === signer);
  const unsigned = isOwner
    ? open.filter((p) => !p.signatures.some((s) => s.counts && s.owner.toLowerCase() === signer))
    : [];
  const stops = unsigned.filter((p) => stopKindOf(p) !== null);
  if (stops.length > 0)
    items.push({
      kind: 'stop',
      tone: 'bad',
      text: `Emergency stop waiting for your signature: ${stops.map((p) => `#${p.nonce} ${p.title}`).join(', ')}`,
      href: '#/safe',
      count: stops.length,
    });
  const guard = guardMissing(input.guard);
  if (guard) items.push(guard);
  const others = unsigned.length - stops.length;
  if (others > 0)
    items.push({
      kind: 'sign',
      tone: 'warn',
      text: `${others} Safe ${plural(others, 'transaction waits', 'transactions wait')} for your signature`,
      href: '#/safe',
      count: others,
    });
  const ready = open.filter((p) => p.executable).length;
  if (ready > 0)
    items.push({
      kind: 'execute',
      tone: 'info',
      text: `${ready} Safe ${plural(ready, 'transaction is', 'transactions are')} signed and ready to execute`,
      href: '#/safe',
      count: ready,
    });
  if (input.paused)
    items.push({
      kind: 'paused',
      tone: 'bad',
      text: 'The market is paused: nothing trades until the owners unpause it',
      href: '#/rules',
      count: 1,
    });
  const aged = (input.openDisputes ?? [])
    .filter((d) => input.now - d.openedAt > input.disputeAgeSeconds)
    .sort((a, b) => a.openedAt - b.openedAt);
  if (aged.length > 0)
    items.push({
      kind: 'disputes',
      tone: 'warn',
      text: `${aged.length} ${plural(aged.length, 'dispute has', 'disputes have')} been open longer than ${formatDuration(input.disputeAgeSeconds)} (oldest ${formatDuration(input.now - (aged[0]?.openedAt ?? input.now))})`,
      href: '#/disputes',
      count: aged.length,
    });
  const waiting = input.applicationsWaiting ?? 0;
  if (waiting > 0)
    items.push({
      kind: 'applications',
      tone: 'info',
      text: `${waiting} ${plural(waiting, 'application waits', 'applications wait')} for admission`,
      href: '#/admissions',
      count: waiting,
    });
  const indexer = input.indexer;
  if (indexer && (indexer.lagBlocks ?? 0) > INDEXER_LAG_BLOCKS)
    items.push({
      kind: 'indexer',
      tone: 'warn',
      text: `Chain data is ${indexer.lagBlocks} blocks behind the chain${indexer.lagSeconds !== null ? ` (${formatDuration(indexer.lagSeconds)})` : ''}`,
      href: '#/dashboard',
      count: 1,
    });
  if (indexer?.lastError)
    items.push({
      kind: 'rpc',
      tone: 'bad',
      text: `The RPC is failing: ${indexer.lastError}`,
      href: '#/settings',
      count: 1,
    });
  return items;
}

/**
 * The deployment record names a ConsortiumGuard but the Safe's guard slot does not hold it (it holds
 * none, or another guard): the chain no longer refuses what the signing policy refuses. Offline the
 * slot is unknown, and a record that names no guard expects none: nothing to say then.
 */
function guardMissing(view: SafeGuardView | undefined): AttentionItem | null {
  if (!view?.online || !view.recordGuard || sameAddress(view.guard, view.recordGuard)) return null;
  const expected = `the ConsortiumGuard ${shortAddress(view.recordGuard)} of the deployment record`;
  return {
    kind: 'guard',
    tone: 'bad',
    text: view.guard
      ? `Guard missing: the Safe runs with guard ${shortAddress(view.guard)}, not ${expected}`
      : `Guard missing: the Safe runs without ${expected}, so the chain does not enforce the signing policy`,
    href: '#/safe',
    count: 1,
  };
}

/**
 * The items to announce as desktop notifications: kinds the owner turned on whose count grew since
 * the last look (a kind seen for the first time counts from zero, so nothing fires on start-up).
 */
export function itemsToNotify(
  previous: ReadonlyMap<AttentionItem['kind'], number> | null,
  items: AttentionItem[],
  enabled: ReadonlySet<AttentionItem['kind']>,
): AttentionItem[] {
  if (previous === null) return [];
  return items.filter((item) => enabled.has(item.kind) && item.count > (previous.get(item.kind) ?? 0));
}
