import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Query } from '../api/hooks';

/**
 * Live views that redraw on every indexed block (the five dashboard charts, the heat map and the
 * daily totals) take turns: each applies its new value in a task of its own, where React renders
 * and commits it and recharts' store updates that follow run to the end (flushSync, then the
 * microtasks of that task). So no one task of the page holds all of them, and input between two
 * turns is handled between them. A view given a newer value before its turn came keeps its place in
 * the line and applies the newest; a view that unmounts gives its turn up. Views below the first
 * screen (`later`) wait until the line of the others is empty.
 */
const line: Array<() => void> = [];
const laterLine: Array<() => void> = [];
const channel = new MessageChannel();
let posted = false;
const post = () => {
  if (posted) return;
  posted = true;
  channel.port2.postMessage(null);
};
channel.port1.onmessage = () => {
  posted = false;
  const turn = line.shift() ?? laterLine.shift();
  if (line.length || laterLine.length) post();
  turn?.();
};

function inLine(turn: () => void, later: boolean): () => void {
  const queue = later ? laterLine : line;
  queue.push(turn);
  post();
  return () => {
    const at = queue.indexOf(turn);
    if (at >= 0) queue.splice(at, 1);
  };
}

/**
 * Runs `then` in the task right after the current one: after a turn's render and the store updates
 * it set off in that task's microtasks, so what it observes (a chart's DOM) is what the turn drew.
 */
export function nextInLine(then: () => void): void {
  line.unshift(then);
  post();
}

/** `value` as the view shows it: the first at once, each later one in the view's turn. */
export function useInTurn<T>(value: T, later = false): T {
  const [shown, setShown] = useState(value);
  const shownRef = useRef(value);
  const pending = useRef<{ value: T; cancel: () => void } | null>(null);
  useEffect(() => {
    if (pending.current) {
      pending.current.value = value;
      return;
    }
    if (Object.is(value, shownRef.current)) return;
    const turn = {
      value,
      cancel: inLine(() => {
        pending.current = null;
        shownRef.current = turn.value;
        flushSync(() => setShown(turn.value));
      }, later),
    };
    pending.current = turn;
  }, [value, later]);
  useEffect(
    () => () => {
      pending.current?.cancel();
      pending.current = null;
    },
    [],
  );
  return shown;
}

/** A query whose data the view shows in its turn (errors and loading as they come). */
export function useQueryInTurn<T>(query: Query<T>, later = false): Query<T> {
  const data = useInTurn(query.data, later);
  return { ...query, data };
}
