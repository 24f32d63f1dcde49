import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { TradeView } from '../../../electron/core/api/contract';
import { call } from '../api/client';
import type { Input, SerializedError } from '../api/contract';
import { useEvent } from '../api/hooks';

export const TRADE_PAGE_SIZE = 200;
export type TradeFilter = Omit<Input<'market/trades'>, 'offset' | 'limit' | 'after'>;

export interface TradePages {
  total: number | undefined;
  error: SerializedError | undefined;
  /** The row at `index`, or undefined while its page loads (asking for it starts the load). */
  row(index: number): TradeView | undefined;
}

/**
 * The trades matching a filter, fetched a page at a time as rows scroll into view, so 100,000
 * trades cost a few small queries. A page after a loaded, fresh one is asked for by the cursor that
 * page ended with (keyset: as fast at any depth); a page reached by a jump, by its offset. New blocks
 * mark loaded pages stale; they reload when seen again, and the old rows stay on screen until then.
 */
export function useTradePages(filter: TradeFilter): TradePages {
  const key = JSON.stringify(filter);
  const pages = useRef(new Map<number, TradeView[]>());
  const cursors = useRef(new Map<number, string | null>());
  const stale = useRef(new Set<number>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<SerializedError>();
  const [, rendered] = useReducer((n: number) => n + 1, 0);

  const load = useCallback(async (page: number) => {
    if (loading.current.has(page)) return;
    loading.current.add(page);
    const mine = generation.current;
    const after = stale.current.has(page - 1) ? undefined : cursors.current.get(page - 1);
    const reply = await call('market/trades', {
      ...filterRef.current,
      ...(after ? { after } : { offset: page * TRADE_PAGE_SIZE }),
      limit: TRADE_PAGE_SIZE,
    });
    if (mine !== generation.current) return;
    loading.current.delete(page);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setError(undefined);
    pages.current.set(page, reply.data.rows);
    cursors.current.set(page, reply.data.next);
    stale.current.delete(page);
    if (reply.data.total !== null) setTotal(reply.data.total);
    rendered();
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the filter's value
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    cursors.current = new Map();
    stale.current.clear();
    loading.current.clear();
    setTotal(undefined);
    void load(0);
  }, [key, load]);

  useEvent('market/updated', () => {
    for (const page of pages.current.keys()) stale.current.add(page);
    void load(0);
  });

  return {
    total,
    error,
    row(index) {
      const page = Math.floor(index / TRADE_PAGE_SIZE);
      const rows = pages.current.get(page);
      if (!rows || stale.current.has(page)) queueMicrotask(() => void load(page));
      return rows?.[index % TRADE_PAGE_SIZE];
    },
  };
}
