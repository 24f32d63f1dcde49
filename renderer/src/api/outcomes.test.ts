import { describe, expect, it } from 'vitest';
import type { SerializedError } from './contract';
import { idleOutcome, outcomeSettled, outcomeStarted, shownError } from './outcomes';

const failure = { code: 'INPUT_INVALID', message: 'token is not an address' } as SerializedError;

describe('action outcomes', () => {
  it('show only the latest run: an earlier run answering late is dropped', () => {
    let o = outcomeStarted(idleOutcome, 1);
    o = outcomeStarted(o, 2);
    expect(o.busy).toBe(true);
    o = outcomeSettled(o, 2, { done: 'second' }, 1);
    o = outcomeSettled(o, 1, { error: failure }, 2);
    expect(o).toEqual({ run: 2, busy: false, error: undefined, done: 'second', at: 1 });
    o = outcomeSettled(outcomeStarted(o, 3), 3, { done: 'third' }, 3);
    expect(o.done).toBe('third');
  });

  it('a new run clears the previous result while it works, and keeps it busy until the latest answers', () => {
    let o = outcomeSettled(outcomeStarted(idleOutcome, 1), 1, { error: failure }, 1);
    o = outcomeStarted(o, 2);
    expect([o.error, o.done, o.busy]).toEqual([undefined, undefined, true]);
  });

  it('an error goes once any action succeeds after it, and a later error shows again', () => {
    const failed = outcomeSettled(outcomeStarted(idleOutcome, 1), 1, { error: failure }, 4);
    expect(shownError(failed, 0)).toBe(failure);
    expect(shownError(failed, 3)).toBe(failure); // a success before the error does not hide it
    expect(shownError(failed, 5)).toBeUndefined(); // another action of the page succeeded after it
    const again = outcomeSettled(outcomeStarted(failed, 2), 2, { error: failure }, 6);
    expect(shownError(again, 5)).toBe(failure);
  });
});
