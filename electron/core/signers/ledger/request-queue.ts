import { GridkeeperError } from '../../api/contract/errors';

export interface QueuedRequestOptions {
  signal?: AbortSignal;
  /** Time allowed once the request reaches the device (waiting in the queue does not count). */
  timeoutMs: number;
  /** What the request does, for the timeout message ("sign the Safe transaction"). */
  label: string;
}

/**
 * A device handles one request at a time: requests run strictly one after another. A request that
 * times out or is aborted releases the queue at once (the device may still show it; the caller is
 * told to answer it there), so one forgotten confirmation cannot block every later request.
 */
export class RequestQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Requests waiting or running. */
  get size(): number {
    return this.#pending;
  }

  run<T>(task: (signal: AbortSignal) => Promise<T>, options: QueuedRequestOptions): Promise<T> {
    this.#pending += 1;
    const result = this.#tail.then(() => runBounded(task, options));
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    void this.#tail.then(() => {
      this.#pending -= 1;
    });
    return result;
  }
}

async function runBounded<T>(
  task: (signal: AbortSignal) => Promise<T>,
  { signal, timeoutMs, label }: QueuedRequestOptions,
): Promise<T> {
  if (signal?.aborted) throw cancelled();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new GridkeeperError(
          'SIGNER_TIMEOUT',
          `The Ledger did not answer within ${Math.round(timeoutMs / 1000)} s while asked to ${label}. Check the device: approve or reject what it shows, then try again.`,
          { timeoutMs, nextStep: 'Answer or reject the request on the device, then try again.' },
        ),
      );
    }, timeoutMs);
    onAbort = () => {
      controller.abort();
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([task(controller.signal), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function cancelled(): GridkeeperError {
  return new GridkeeperError('CANCELLED', 'The Ledger request was cancelled.');
}
