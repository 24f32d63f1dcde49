import { useEffect, useState } from 'react';
import { Dialog } from './dialog';

const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['Ctrl 1 … 7', 'Dashboard, Admissions, Disputes, Trades, Safe, Signers, Audit log'],
  ['Ctrl ,', 'Settings'],
  ['Ctrl Shift P, then Enter', 'Emergency stop: propose pausing the market (or unpausing it)'],
  ['j / k  or  ↓ / ↑', 'Next / previous row in a queue'],
  ['x  or  Space', 'Select the focused row (Admissions)'],
  ['a', 'Select all waiting applicants (Admissions)'],
  ['← / →', 'Change range (Dashboard), move a split (Disputes)'],
  ['?', 'This list'],
  ['Esc', 'Close a dialog'],
];

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** The keyboard shortcuts, on "?" anywhere (outside text fields) or from the sidebar button. */
export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !typing(event.target)) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-keyshortcuts="?">
        Keyboard shortcuts <kbd>?</kbd>
      </button>
      <Dialog open={open} title="Keyboard shortcuts" onClose={() => setOpen(false)}>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <th scope="row">
                  <kbd>{keys}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </Dialog>
    </>
  );
}

export { typing as isTypingTarget };
