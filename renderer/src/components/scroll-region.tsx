import type { ReactNode, Ref } from 'react';

/**
 * A box a table scrolls in (sideways in a narrow window, or a long list): focusable, so the arrow
 * keys scroll it, and named for screen readers (the label says how it scrolls).
 */
export function ScrollRegion({
  label,
  className,
  ref,
  children,
}: {
  label: string;
  className: string;
  /** The scrolling element, for a view that reads its scroll position (the virtualised trades). */
  ref?: Ref<HTMLElement>;
  children: ReactNode;
}) {
  return (
    <section
      ref={ref}
      className={className}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to scroll
      tabIndex={0}
      aria-label={label}
    >
      {children}
    </section>
  );
}
