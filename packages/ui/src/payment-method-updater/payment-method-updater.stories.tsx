import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, waitFor, within } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { enterCard } from '../../test/storybook/card-entry.js';
import { WAIT } from '../../test/storybook/play.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { PaymentMethodUpdater } from './payment-method-updater.js';

const usage = `
The customer's saved cards: default / expired / expiring-soon badges, "Make default", "Remove" (confirmed), an
add-card form (the Payment Element, 3D Secure included; Stripe.js loads only when it opens) and, after a failed
renewal, "Pay now" with the default card.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <PaymentMethodUpdater headingLevel={2} />
</BillingProvider>
\`\`\`
`;

const meta = {
  title: 'Components/PaymentMethodUpdater',
  component: PaymentMethodUpdater,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: usage } } },
  argTypes: {
    headingLevel: headingLevelArgType,
    appearance: {
      description:
        "Overrides the Payment Element's appearance (by default resolved from the `--bk-*` tokens).",
      control: 'object',
    },
    returnUrl: {
      description:
        'Where Stripe sends the customer back after a redirect-based method. Defaults to the page.',
      control: 'text',
    },
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PaymentMethodUpdater {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof PaymentMethodUpdater>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One default card on an active subscription: it cannot be removed (the subscription is charged to it). */
export const Active: Story = {
  play: async ({ canvas }) => {
    const card = await canvas.findByRole('listitem', { name: 'Visa ending in 4242' }, WAIT);
    await expect(card).toHaveTextContent('Default');
    // Offered until the subscription is known to need it.
    await waitFor(
      () => expect(within(card).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument(),
      {
        timeout: 5000,
      },
    );
  },
};

/** The default card, one expiring this month and one expired (which cannot be made the default). */
export const SeveralCards: Story = {
  parameters: { scenario: portalScenarios.severalCards },
  play: async ({ canvas }) => {
    const expiring = await canvas.findByRole('listitem', { name: 'Mastercard ending in 4444' }, WAIT);
    await expect(expiring).toHaveTextContent('Expires soon');
    const expired = canvas.getByRole('listitem', { name: 'American Express ending in 0005' });
    await expect(expired).toHaveTextContent('Expired');
    await expect(within(expired).queryByRole('button', { name: /Make default/ })).not.toBeInTheDocument();
  },
};

/** A new customer: no card yet, and the add-card button. */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("You don't have a saved card yet.", {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Add a card' })).toBeVisible();
  },
};

/** In a trial, with the card that will pay the first invoice. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('listitem', { name: 'Visa ending in 4242' }, WAIT),
    ).toHaveTextContent('Default');
  },
};

/** The renewal failed: "Pay now" with the default card pays the open invoice once. */
export const PastDueWithRecovery: Story = {
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Pay $20.00 now with Visa ending in 4242' }, WAIT),
    );
    await expect(await canvas.findByText('Thank you: $20.00 was paid.', {}, WAIT)).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
    await expect(billing.state().subscriptions[0]?.status).toBe('active');
  },
};

/** A checkout waiting on 3D Secure: its card, the 3D Secure test card 3155, is the default. */
export const IncompleteAwaiting3ds: Story = {
  parameters: { scenario: scenarios.incompleteAwaiting3ds },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('listitem', { name: 'Visa ending in 3155' }, WAIT),
    ).toHaveTextContent('Default');
  },
};

/** A new card is declined (4000 0000 0000 0002): plain words, nothing saved. */
export const DeclinedCard: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Add a card' }, WAIT));
    await enterCard({ canvas, userEvent }, '4000000000000002');
    await userEvent.click(canvas.getByRole('button', { name: 'Save card' }));

    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'Your card was declined. Try another card.',
    );
    await expect(billing.state().paymentMethods.map((card) => card.last4)).toEqual(['4242']);
  },
};

/** The cards never arrive: a skeleton, announced as busy. */
export const Loading: Story = {
  parameters: { scenario: scenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Payment methods' })).toHaveAttribute(
      'aria-busy',
      'true',
    );
  },
};

/** The first read fails: an error with Retry, and Retry shows the cards. */
export const LoadErrorWithRetry: Story = {
  parameters: { scenario: scenarios.error },
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByText("We couldn't load your cards.", {}, WAIT)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('listitem', { name: 'Visa ending in 4242' }, WAIT)).toBeVisible();
  },
};

/** Past due in yen: the amount has no decimals. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: portalScenarios.pastDueInYen },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Pay ¥2,000 now with Visa ending in 4242' }, WAIT),
    ).toBeVisible();
  },
};

/** In German, with the add-card form open. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas, userEvent }) => {
    await expect(
      await canvas.findByRole('listitem', { name: 'Visa mit Endziffern 4242' }, WAIT),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Karte hinzufügen' }));
    await expect(await canvas.findByLabelText('Card number', {}, WAIT)).toBeVisible();
  },
};

/** The kit's dark tokens, with the add-card form open: the Payment Element follows them. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: { scenario: portalScenarios.severalCards },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Add a card' }, WAIT));
    await expect(await canvas.findByLabelText('Card number', {}, WAIT)).toBeVisible();
  },
};

/** A 320 px phone, with the add-card form open. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  parameters: { scenario: portalScenarios.severalCards },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Add a card' }, WAIT));
    await expect(await canvas.findByLabelText('Card number', {}, WAIT)).toBeVisible();
    await expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  },
};
