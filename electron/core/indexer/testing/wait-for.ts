import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `condition()` holds, checking every `pollMs`; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, pollMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(pollMs);
  }
}
