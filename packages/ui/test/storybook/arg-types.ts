import type { HeadingLevel } from '../../src/shared/heading.js';

/**
 * The control of a component's `headingLevel` prop: the levels it accepts (its description and default come from
 * the component's JSDoc and signature).
 */
export const headingLevelArgType = {
  control: 'inline-radio',
  options: [2, 3, 4, 5, 6] satisfies HeadingLevel[],
} as const;
