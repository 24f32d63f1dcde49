import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { call, subscribe } from './client';
import type {
  ApiEventName,
  ApiEvents,
  Input,
  Output,
  RendererChannel,
  Reply,
  SerializedError,
} from './contract';
import { idleOutcome, outcomeSettled, outcomeStarted, shownError } from './outcomes';

export interface Query<T> {
  /** The last good answer; kept while reloading so views update in place instead of flickering. */
  data: T | undefined;
  error: SerializedError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * One call for the same channel and input asked in the same task: the components of a page that
 * mount together (the status bar, the page, the attention panel) share its reply instead of each
 * making its own round trip to core. A call asked in a later task (after an event) is a new one.
 */
const sameTaskCalls = new Map<string, Promise<Reply<unknown>>>();
function sharedCall<C extends RendererChannel>(channel: C, input: Input<C>): Promise<Reply<Output<C>>> {
  const key = `${channel} ${JSON.stringify(input)}`;
  let reply = sameTaskCalls.get(key);
  if (!reply) {
    reply = call(channel, input);
    sameTaskCalls.set(key, reply);
    setTimeout(() => sameTaskCalls.delete(key), 0);
  }
  return reply as Promise<Reply<Output<C>>>;
}

/**
 * Calls a channel now, again whenever `key` changes, and again on each of the `refreshOn` events
 * (coalesced: at most one call in flight, one more queued).
 */
export function useQuery<C extends RendererChannel>(
  channel: C,
  input: Input<C>,
  options: { key?: string; refreshOn?: ApiEventName[]; enabled?: boolean } = {},
): Query<Output<C>> {
  const [data, setData] = useState<Output<C>>();
  const [error, setError] = useState<SerializedError>();
  const [loading, setLoading] = useState(options.enabled !== false);
  const inputRef = useRef(input);
  inputRef.current = input;
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);
  const key = options.key ?? JSON.stringify(input);
  const enabled = options.enabled !== false;

  const run = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setLoading(true);
    do {
      again.current = false;
      const reply = await sharedCall(channel, inputRef.current);
      if (!alive.current) return;
      if (reply.ok) {
        setData(reply.data);
        setError(undefined);
      } else setError(reply.error);
    } while (again.current);
    inFlight.current = false;
    setLoading(false);
  }, [channel]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the input's value
  useEffect(() => {
    alive.current = true;
    if (enabled) void run();
    return () => {
      alive.current = false;
      inFlight.current = false;
    };
  }, [run, key, enabled]);

  const events = (options.refreshOn ?? []).join(',');
  useEffect(() => {
    if (!enabled || !events) return;
    const stops = events.split(',').map((event) => subscribe(event as ApiEventName, () => void run()));
    return () => {
      for (const stop of stops) stop();
    };
  }, [events, run, enabled]);

  return { data, error, loading, reload: () => void run() };
}

export function useEvent<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => subscribe(event, (payload) => ref.current(payload)), [event]);
}

export interface Action {
  busy: boolean;
  error: SerializedError | undefined;
  /** What the last successful action said, for the status line. */
  done: string | undefined;
  run<C extends RendererChannel>(
    channel: C,
    input: Input<C>,
    summarise?: (data: Output<C>) => string,
  ): Promise<Output<C> | undefined>;
  /** The same for a request that is not a core channel (the host's own, such as saving a PDF). */
  perform<T>(request: () => Promise<Reply<T>>, summarise?: (data: T) => string): Promise<T | undefined>;
  clear(): void;
}

// The window's outcome clock and its latest success: an action's error goes once any action of the
// page succeeds after it (pages unmount their actions, so the window's latest success is the page's).
let outcomeClock = 0;
let lastSuccessAt = 0;
const successListeners = new Set<() => void>();
const onSuccess = (listener: () => void) => {
  successListeners.add(listener);
  return () => successListeners.delete(listener);
};
function succeeded(at: number): void {
  lastSuccessAt = at;
  for (const listener of successListeners) listener();
}

/**
 * One user action: busy while its latest run runs, then that run's error or outcome (a run that
 * answers after a newer one started is not shown); its error goes when a later action succeeds.
 */
export function useAction(): Action {
  const [outcome, setOutcome] = useState(idleOutcome);
  const runs = useRef(0);
  const latestSuccess = useSyncExternalStore(onSuccess, () => lastSuccessAt);
  const perform = useCallback(
    async <T>(request: () => Promise<Reply<T>>, summarise?: (data: T) => string) => {
      runs.current += 1;
      const ticket = runs.current;
      setOutcome((o) => outcomeStarted(o, ticket));
      const reply = await request();
      outcomeClock += 1;
      const at = outcomeClock;
      if (!reply.ok) {
        setOutcome((o) => outcomeSettled(o, ticket, { error: reply.error }, at));
        return undefined;
      }
      setOutcome((o) => outcomeSettled(o, ticket, { done: summarise?.(reply.data) }, at));
      if (ticket === runs.current) succeeded(at);
      return reply.data;
    },
    [],
  );
  const run = useCallback(
    <C extends RendererChannel>(channel: C, input: Input<C>, summarise?: (data: Output<C>) => string) =>
      perform(() => call(channel, input), summarise),
    [perform],
  );
  return {
    busy: outcome.busy,
    error: shownError(outcome, latestSuccess),
    done: outcome.done,
    run,
    perform,
    clear: () => setOutcome((o) => ({ ...idleOutcome, run: o.run, busy: o.busy })),
  };
}

/** The current unix time in seconds, ticking every `periodMs` (relative times, countdowns). */
export function useNow(periodMs = 10_000): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
