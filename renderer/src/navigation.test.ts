import { describe, expect, it } from 'vitest';
import { pageOfHash } from './navigation';

describe('the page of a URL hash', () => {
  it('reads the page before a path and before the query', () => {
    expect(pageOfHash('#/trades?status=open&sort=energyWh')).toBe('trades');
    expect(pageOfHash(`#/safe/0x${'ab'.repeat(32)}`)).toBe('safe');
    expect(pageOfHash(`#/safe/0x${'ab'.repeat(32)}?x=1`)).toBe('safe');
    expect(pageOfHash('#rules')).toBe('rules');
  });

  it('falls back to the dashboard for an unknown or empty hash', () => {
    expect(pageOfHash('')).toBe('dashboard');
    expect(pageOfHash('#/nowhere/else')).toBe('dashboard');
  });
});
