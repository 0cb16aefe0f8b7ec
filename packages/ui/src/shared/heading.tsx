import type { ComponentProps } from 'react';

/**
 * Heading level of a component's own titles. Components sit inside the host's page outline, so the host says where:
 * a pricing table under the page's `<h1>` wants `<h2>` plan names, one inside a section titled `<h2>` wants `<h3>`.
 */
export type HeadingLevel = 2 | 3 | 4 | 5 | 6;

/** A heading whose level the host chooses through a component's `headingLevel` prop. */
export function Heading({ level, ...props }: { level: HeadingLevel } & ComponentProps<'h2'>) {
  const Tag = `h${level}` as const;
  return <Tag {...props} />;
}
