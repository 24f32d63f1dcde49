import { describe, expect, it } from 'vitest';
import { throttled } from './refresh';

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('throttled refresh', () => {
  it('runs once per interval and one at a time, whatever the number of triggers', async () => {
    const starts: number[] = [];
    let running = 0;
    let overlap = false;
    const refresher = throttled(async () => {
      running++;
      if (running > 1) overlap = true;
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 30));
      running--;
    }, 100);
    for (let i = 0; i < 50; i++) refresher.trigger();
    await until(() => starts.length === 1 && running === 0);
    for (let i = 0; i < 50; i++) refresher.trigger();
    await until(() => starts.length === 2 && running === 0);
    refresher.stop();
    expect(overlap).toBe(false);
    expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(95);
    refresher.trigger();
    await new Promise((r) => setTimeout(r, 150));
    expect(starts).toHaveLength(2);
  });

  it('a trigger during a run schedules exactly one more run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const refresher = throttled(async () => {
      runs++;
      await new Promise<void>((r) => {
        release = r;
      });
    }, 0);
    refresher.trigger();
    await until(() => runs === 1);
    for (let i = 0; i < 10; i++) refresher.trigger();
    release();
    await until(() => runs === 2);
    release();
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(2);
    refresher.stop();
  });
});
