import type { StoryContext } from '@storybook/react-vite';
import { within } from 'storybook/test';

/** Async UI in a browser on a busy 2-core CI machine: generous, but never a sleep. */
export const WAIT = { timeout: 5000 };

/** What the shared play helpers need from a story's context. */
export type PlayContext = Pick<StoryContext, 'canvas' | 'userEvent'>;

/**
 * The whole page: Radix portals its dialogs and the fake Stripe.js opens its 3D Secure challenge on `<body>`,
 * outside the story's canvas.
 */
export function page(canvasElement: HTMLElement) {
  return within(canvasElement.ownerDocument.body);
}
