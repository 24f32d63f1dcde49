import type { SerializedError } from './contract';

/**
 * The outcome line of one user action, as pure state: only the latest run's result is shown (an
 * earlier run answering late is dropped), and an error goes once any action succeeds after it.
 * `at` orders results on the renderer's outcome clock (one counter for the window).
 */
export interface Outcome {
  /** The latest run started. */
  run: number;
  busy: boolean;
  error: SerializedError | undefined;
  /** What the last successful run said. */
  done: string | undefined;
  /** When the shown result arrived, on the outcome clock (0: none yet). */
  at: number;
}

export const idleOutcome: Outcome = { run: 0, busy: false, error: undefined, done: undefined, at: 0 };

/** A new run starts: the previous result goes. */
export function outcomeStarted(outcome: Outcome, run: number): Outcome {
  return { run, busy: true, error: undefined, done: undefined, at: outcome.at };
}

/** A run answered: its result is shown unless a newer run of the same action started since. */
export function outcomeSettled(
  outcome: Outcome,
  run: number,
  result: { error: SerializedError } | { done: string | undefined },
  at: number,
): Outcome {
  if (run !== outcome.run) return outcome;
  return 'error' in result
    ? { run, busy: false, error: result.error, done: undefined, at }
    : { run, busy: false, error: undefined, done: result.done, at };
}

/** The error to show: none once an action succeeded after it (`lastSuccessAt` on the same clock). */
export function shownError(outcome: Outcome, lastSuccessAt: number): SerializedError | undefined {
  return outcome.error && outcome.at > lastSuccessAt ? outcome.error : undefined;
}
