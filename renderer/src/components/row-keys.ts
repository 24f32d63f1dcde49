import type { KeyboardEvent } from 'react';

/**
 * j/k and ↓/↑ move focus between the rows of a queue (elements with `data-row`), so the keyboard
 * walks a list without tabbing through every button of every row.
 */
export function onRowKeys(event: KeyboardEvent<HTMLElement>): void {
  const down = event.key === 'j' || event.key === 'ArrowDown';
  const up = event.key === 'k' || event.key === 'ArrowUp';
  if (!down && !up) return;
  const target = event.target as HTMLElement;
  if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && (target as HTMLInputElement).type !== 'checkbox')
    return;
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-row]'));
  const current = rows.findIndex((row) => row.contains(target));
  const next = rows[Math.max(0, Math.min(rows.length - 1, current + (down ? 1 : -1)))];
  if (!next) return;
  event.preventDefault();
  (next.querySelector<HTMLElement>('[data-row-focus]') ?? next).focus();
}
