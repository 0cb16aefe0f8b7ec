import type { StoryContext } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { type PlayContext, WAIT } from './play.js';

/** Clicks the checkout's submit button (`Subscribe for …` unless `name` says otherwise) once it is enabled. */
export async function submitCheckout(
  { canvas, userEvent }: PlayContext,
  name: RegExp = /^Subscribe for /,
  click: 'click' | 'dblClick' = 'click',
): Promise<void> {
  const button = await canvas.findByRole('button', { name }, WAIT);
  await waitFor(() => expect(button).toBeEnabled(), WAIT);
  await userEvent[click](button);
}

/** The order summary's "Total due today", as the customer reads it. */
export async function totalDueToday({ canvas }: Pick<StoryContext, 'canvas'>): Promise<string> {
  const summary = await canvas.findByRole('region', { name: 'Order summary' }, WAIT);
  return within(summary).getByText('Total due today').nextElementSibling?.textContent ?? '';
}
