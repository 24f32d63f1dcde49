import { useCallback, useEffect, useRef, useState } from 'react';
import { call, subscribe } from './client';
import type { ApiEventName, ApiEvents, Input, Output, RendererChannel, SerializedError } from './contract';

export interface Query<T> {
  /** The last good answer; kept while reloading so views update in place instead of flickering. */
  data: T | undefined;
  error: SerializedError | undefined;
  loading: boolean;
  reload(): void;
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
      const reply = await call(channel, inputRef.current);
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
  clear(): void;
}

/** One user action at a time: busy while it runs, its error or its outcome afterwards. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError>();
  const [done, setDone] = useState<string>();
  const run = useCallback(
    async <C extends RendererChannel>(
      channel: C,
      input: Input<C>,
      summarise?: (data: Output<C>) => string,
    ) => {
      setBusy(true);
      setError(undefined);
      setDone(undefined);
      const reply = await call(channel, input);
      setBusy(false);
      if (!reply.ok) {
        setError(reply.error);
        return undefined;
      }
      if (summarise) setDone(summarise(reply.data));
      return reply.data;
    },
    [],
  );
  return {
    busy,
    error,
    done,
    run,
    clear: () => {
      setError(undefined);
      setDone(undefined);
    },
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
