import { createContext, type ReactNode, useContext, useEffect, useId, useRef, useState } from 'react';
import { useNow, useQuery } from '../api/hooks';
import { type AttentionItem, attentionItems, itemsToNotify } from '../format/attention';
import { Badge } from './badge';
import { Empty } from './states';

const THRESHOLD_KEY = 'gridkeeper.disputeAgeHours';
const NOTIFY_KEY = 'gridkeeper.notify';
const DEFAULT_HOURS = 24;
type Kind = AttentionItem['kind'];
/** The kinds an owner can be notified of, as the panel names them. */
const NOTIFY_KINDS: ReadonlyArray<{ kind: Kind; label: string }> = [
  { kind: 'stop', label: 'emergency stops' },
  { kind: 'guard', label: 'guard missing' },
  { kind: 'sign', label: 'signatures' },
  { kind: 'execute', label: 'ready to execute' },
  { kind: 'disputes', label: 'ageing disputes' },
  { kind: 'applications', label: 'applications' },
  { kind: 'rpc', label: 'RPC failures' },
];

interface Attention {
  items: AttentionItem[];
  total: number;
  disputeAgeHours: number;
  setDisputeAgeHours(hours: number): void;
  /** Kinds announced as desktop notifications (none by default). */
  notify: ReadonlySet<Kind>;
  setNotify(kind: Kind, on: boolean): void;
}

const AttentionContext = createContext<Attention>({
  items: [],
  total: 0,
  disputeAgeHours: DEFAULT_HOURS,
  setDisputeAgeHours() {},
  notify: new Set(),
  setNotify() {},
});

function storedNotify(): Set<Kind> {
  const kinds = (localStorage.getItem(NOTIFY_KEY) ?? '').split(',');
  return new Set(NOTIFY_KINDS.map((k) => k.kind).filter((k) => kinds.includes(k)));
}

function storedHours(): number {
  const stored = Number(localStorage.getItem(THRESHOLD_KEY));
  return Number.isFinite(stored) && stored > 0 ? stored : DEFAULT_HOURS;
}

/** Reads what needs the owner once for the whole window: the navigation's count and the dashboard's panel. */
export function AttentionProvider({ children }: { children: ReactNode }) {
  // The page's own data first: these reads start once the browser is idle after the first render.
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    const id = requestIdleCallback(() => setEnabled(true), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, []);
  const network = ['app/network-changed'] as const;
  const queue = useQuery('safe/queue', {}, { refreshOn: ['safe/tx-updated', ...network], enabled });
  const signers = useQuery('signer/list', {}, { refreshOn: ['signer/updated', ...network], enabled });
  const summary = useQuery('market/summary', {}, { refreshOn: ['market/updated', ...network], enabled });
  const disputes = useQuery(
    'market/disputes',
    { status: 'open', limit: 1000 },
    { refreshOn: ['market/updated', ...network], enabled },
  );
  const guard = useQuery('safe/guard', {}, { refreshOn: ['safe/tx-updated', ...network], enabled });
  const [disputeAgeHours, setHours] = useState(storedHours);
  const now = useNow(30_000);
  const active = signers.data?.signers.find((s) => s.id === signers.data?.activeId);
  const items = attentionItems({
    queue: queue.data,
    signer: active?.address ?? null,
    openDisputes: disputes.data?.rows,
    disputeAgeSeconds: disputeAgeHours * 3600,
    applicationsWaiting: summary.data?.prosumers.pending,
    indexer: summary.data?.indexer,
    paused: summary.data?.paused,
    guard: guard.data,
    now,
  });
  // Desktop notifications (Electron's come through the same Web API) for what grew since the last look.
  const [notify, setNotifyKinds] = useState(storedNotify);
  const seen = useRef<Map<Kind, number> | null>(null);
  const loaded = queue.data !== undefined || summary.data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const fresh = itemsToNotify(seen.current, items, notify);
    seen.current = new Map(items.map((i) => [i.kind, i.count]));
    // Asked only when there is news: reading the permission is a synchronous call to the browser
    // process, and this runs after every render (each new block).
    if (fresh.length === 0 || typeof Notification === 'undefined' || Notification.permission !== 'granted')
      return;
    for (const item of fresh) new Notification('Gridkeeper: needs you', { body: item.text, tag: item.kind });
  });
  const value: Attention = {
    items,
    total: items.reduce((sum, i) => sum + i.count, 0),
    disputeAgeHours,
    setDisputeAgeHours(hours) {
      localStorage.setItem(THRESHOLD_KEY, String(hours));
      setHours(hours);
    },
    notify,
    setNotify(kind, on) {
      const next = new Set(notify);
      if (on) next.add(kind);
      else next.delete(kind);
      localStorage.setItem(NOTIFY_KEY, [...next].join(','));
      setNotifyKinds(next);
      if (on && typeof Notification !== 'undefined' && Notification.permission === 'default')
        void Notification.requestPermission();
    },
  };
  return <AttentionContext.Provider value={value}>{children}</AttentionContext.Provider>;
}

export const useAttention = () => useContext(AttentionContext);

/** The number beside "Dashboard" in the navigation. */
export function AttentionCount() {
  const { total } = useAttention();
  if (total === 0) return null;
  return (
    <span className="nav-count" title={`${total} things need you`}>
      <span aria-hidden="true">{total}</span>
      <span className="visually-hidden">, {total} need you</span>
    </span>
  );
}

/** The dashboard's "What needs me": each item links to where it is resolved. */
export function AttentionPanel() {
  const { items, disputeAgeHours, setDisputeAgeHours, notify, setNotify } = useAttention();
  const id = useId();
  return (
    <section className="card attention" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>What needs me</h2>
        <label className="muted small" htmlFor={`${id}-age`}>
          Flag disputes open longer than{' '}
          <input
            id={`${id}-age`}
            type="number"
            min={1}
            max={24 * 30}
            className="small-number"
            value={disputeAgeHours}
            onChange={(e) => {
              const hours = Number(e.currentTarget.value);
              if (hours >= 1) setDisputeAgeHours(hours);
            }}
          />{' '}
          h
        </label>
      </div>
      {items.length === 0 ? (
        <Empty title="Nothing needs you now" />
      ) : (
        <ul className="attention-list">
          {items.map((item) => (
            <li key={item.kind}>
              <Badge tone={item.tone}>
                {item.tone === 'bad' ? 'urgent' : item.tone === 'warn' ? 'soon' : 'to do'}
              </Badge>{' '}
              <a href={item.href}>{item.text}</a>
            </li>
          ))}
        </ul>
      )}
      <details className="notify-settings">
        <summary>Desktop notifications</summary>
        <fieldset className="checks">
          <legend className="visually-hidden">Notify me of new</legend>
          {NOTIFY_KINDS.map(({ kind, label }) => (
            <label key={kind}>
              <input
                type="checkbox"
                checked={notify.has(kind)}
                onChange={(e) => setNotify(kind, e.currentTarget.checked)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
      </details>
    </section>
  );
}
