import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, readWindowState, writeWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const wall = { x: 1920, y: 0, width: 3840, height: 2160 };

describe('window state', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is remembered across starts, and a damaged file means the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-window-'));
    dirs.push(dir);
    const file = join(dir, 'state', 'window-state.json');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    const state = { x: 2000, y: 40, width: 2400, height: 1400, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    writeFileSync(file, '{"width": "wide"}');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps a window on the wall screen while that screen is there', () => {
    const state = { x: 2000, y: 40, width: 2400, height: 1400, maximized: false };
    expect(fitToDisplays(state, [laptop, wall])).toEqual(state);
  });

  it('brings a window back to the primary screen when its screen was unplugged', () => {
    const state = { x: 2000, y: 40, width: 2400, height: 1400, maximized: true };
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1920, height: 1080, maximized: true });
  });

  it('keeps the title bar reachable: a window mostly off-screen is re-centred', () => {
    const state = { x: 1900, y: -500, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('never makes a window smaller than usable, nor larger than its screen', () => {
    expect(fitToDisplays({ width: 200, height: 100, maximized: false }, [laptop])).toEqual({
      width: 960,
      height: 600,
      maximized: false,
    });
    const tiny = { x: 0, y: 0, width: 800, height: 480 };
    expect(fitToDisplays({ width: 1440, height: 900, maximized: false }, [tiny])).toEqual({
      width: 800,
      height: 480,
      maximized: false,
    });
  });
});
