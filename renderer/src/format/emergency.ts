import type { ProposalView, QueueView } from '../../../electron/core/api/contract';

/** The intents that stop or restart the market. */
export type StopKind = 'pause' | 'unpause';

/** Whether a proposal pauses (or unpauses) the market. */
export function stopKindOf(proposal: ProposalView): StopKind | null {
  const kinds = proposal.decoded.intents.map((i) => i.kind);
  if (kinds.includes('pause')) return 'pause';
  if (kinds.includes('unpause')) return 'unpause';
  return null;
}

/** Open proposals of a kind in the queue, next to run first. */
export function openStops(queue: QueueView | undefined, kind: StopKind): ProposalView[] {
  return (queue?.groups ?? [])
    .flatMap((g) => g.proposals)
    .filter((p) => p.status === 'open' && stopKindOf(p) === kind);
}

/** The emergency stop's shortcut: Ctrl (⌘) + Shift + P, then Enter to propose. */
export function isEmergencyShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): boolean {
  return (
    (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'p'
  );
}

/** Opens the emergency stop from a button (the shortcut opens it from anywhere). */
export const EMERGENCY_STOP_EVENT = 'gridkeeper:emergency-stop';
export function openEmergencyStop(): void {
  window.dispatchEvent(new Event(EMERGENCY_STOP_EVENT));
}
