import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
// The module itself, not the store's index: main never loads SQLite.
import { writeFileAtomically } from '../core/store/atomic-file';

/** Where the window was and how big, remembered across starts in the data directory. */
const zWindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof zWindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };
export const MIN_WINDOW_SIZE = { width: 960, height: 600 } as const;
/** How much of the window (its title bar) must be on a screen for its position to be kept. */
const VISIBLE = { width: 120, height: 40 } as const;

export function readWindowState(file: string): WindowState {
  try {
    return zWindowState.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  writeFileAtomically(dirname(file), basename(file), JSON.stringify(zWindowState.parse(state)));
}

/**
 * Keeps a remembered window reachable when screens changed (a wall screen unplugged): the position
 * is kept only if the title bar is still on a screen, and the size never exceeds that screen.
 * `workAreas[0]` is the primary display.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const titleBar = { x: state.x ?? 0, y: state.y ?? 0, width: state.width, height: VISIBLE.height };
  const screen =
    state.x === undefined || state.y === undefined
      ? undefined
      : workAreas.find((area) => overlap(titleBar, area, VISIBLE));
  const area = screen ?? primary;
  const fitted: WindowState = {
    width: clamp(state.width, MIN_WINDOW_SIZE.width, area.width),
    height: clamp(state.height, MIN_WINDOW_SIZE.height, area.height),
    maximized: state.maximized,
  };
  return screen ? { ...fitted, x: state.x, y: state.y } : fitted;
}

function overlap(a: Rect, b: Rect, min: { width: number; height: number }): boolean {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= min.width && height >= min.height;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(Math.min(value, max), Math.min(min, max));
}
