import { useState } from 'react';

type State = 'idle' | 'copied' | 'failed';

/**
 * Copies a full value (address, hash) to the clipboard and says whether it worked. In a table row
 * (`inRow`) it is out of the Tab order, so a row is one Tab stop; the mouse and screen readers still reach it.
 */
export function CopyButton({ value, label, inRow }: { value: string; label: string; inRow?: boolean }) {
  const [state, setState] = useState<State>('idle');
  const settle = (next: State) => {
    setState(next);
    setTimeout(() => setState('idle'), next === 'failed' ? 4000 : 1500);
  };
  const said = {
    idle: `Copy ${label}`,
    copied: `Copied ${label}`,
    failed: `Could not copy the ${label}: select it and copy by hand`,
  }[state];
  return (
    <button
      type="button"
      className="icon-button"
      tabIndex={inRow ? -1 : undefined}
      aria-label={said}
      title={state === 'idle' ? `${said}: ${value}` : said}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          settle('copied');
        } catch {
          settle('failed');
        }
      }}
    >
      {state === 'copied' ? (
        <span aria-hidden="true">✓</span>
      ) : state === 'failed' ? (
        <span aria-hidden="true">✗</span>
      ) : (
        <svg
          aria-hidden="true"
          width="14"
          height="14"
          viewBox="0 0 16 16"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
        >
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M3.5 10.5h-1a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h7a1 1 0 0 1 1 1v1" />
        </svg>
      )}
    </button>
  );
}
