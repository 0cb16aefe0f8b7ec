/**
 * Stories on the in-memory billing: a loader that creates a fresh server per story run from the story's
 * `parameters.scenario`, and the provider to render the component in, in the toolbar's locale. A play function reads
 * what the server recorded through `loadedBilling(loaded).state()`.
 *
 * ```tsx
 * const meta = {
 *   loaders: [withInMemoryBilling(scenarios.active)],
 *   render: (args, { loaded }) => (
 *     <InMemoryStory loaded={loaded}>
 *       <InvoiceHistory {...args} />
 *     </InMemoryStory>
 *   ),
 * } satisfies Meta<typeof InvoiceHistory>;
 * export const PastDue: Story = { parameters: { scenario: scenarios.pastDue } };
 * ```
 */
import type { StoryContext } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
} from '../in-memory-billing/index.js';

/** What the stories on the in-memory billing keep in `parameters`. */
export interface BillingStoryParameters {
  /**
   * The in-memory billing's starting state (default: the one given to {@link withInMemoryBilling}). Set it on stories
   * only: Storybook deep-merges parameters, so a default on the meta would leak its fields (the subscriptions) into a
   * scenario without them.
   */
  scenario?: BillingScenario;
}

/** The story loader: a fresh in-memory billing per story run, from `parameters.scenario` or `defaultScenario`. */
export function withInMemoryBilling(
  defaultScenario: BillingScenario,
): (context: Pick<StoryContext, 'parameters'>) => { billing: InMemoryBilling } {
  return ({ parameters }) => ({
    billing: createInMemoryBilling((parameters as BillingStoryParameters).scenario ?? defaultScenario),
  });
}

/** The in-memory billing the story's loader created, to read what the server recorded. */
export function loadedBilling(loaded: StoryContext['loaded']): InMemoryBilling {
  const billing: unknown = loaded.billing;
  if (!billing || typeof (billing as InMemoryBilling).state !== 'function') {
    throw new Error(
      'This story has no in-memory billing: add `loaders: [withInMemoryBilling(scenario)]` to its meta.',
    );
  }
  return billing as InMemoryBilling;
}

// A new billing (the loader ran again) must start a new provider, which reads its billing only on mount.
const billingKeys = new WeakMap<InMemoryBilling, number>();
let billingsSeen = 0;
function billingKey(billing: InMemoryBilling): number {
  const known = billingKeys.get(billing);
  if (known !== undefined) return known;
  billingsSeen += 1;
  billingKeys.set(billing, billingsSeen);
  return billingsSeen;
}

/** Renders `children` on the in-memory billing the story's loader created, in the toolbar's locale. */
export function InMemoryStory({ loaded, children }: { loaded: StoryContext['loaded']; children: ReactNode }) {
  const billing = loadedBilling(loaded);
  const { locale, messages } = useStoryLocale();
  return (
    <InMemoryBillingProvider key={billingKey(billing)} billing={billing} locale={locale} messages={messages}>
      {children}
    </InMemoryBillingProvider>
  );
}
