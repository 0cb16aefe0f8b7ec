import type { ReactNode } from 'react';

/**
 * A box that scrolls (a wide or long table on a small screen) and can be focused, so a keyboard user can scroll it
 * too (axe: scrollable-region-focusable). Named, so the focus lands somewhere a screen reader can announce.
 */
export function ScrollRegion({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      className={className ? `dev-panel-table-scroll ${className}` : 'dev-panel-table-scroll'}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
      tabIndex={0}
    >
      {children}
    </section>
  );
}
