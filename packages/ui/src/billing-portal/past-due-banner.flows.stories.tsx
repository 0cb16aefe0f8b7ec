import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { enterCard } from '../../test/storybook/card-entry.js';
import { WAIT } from '../../test/storybook/play.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { PaymentMethodUpdater } from '../payment-method-updater/payment-method-updater.js';
import { PastDueBanner } from './past-due-banner.js';
import { SubscriptionSummary } from './subscription-summary.js';

const meta = {
  title: 'Flows/Pay a past-due invoice',
  component: PastDueBanner,
  tags: ['!autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A renewal failed: the banner pays the open invoice; with a card that keeps failing, the customer adds a ' +
          'good one and pays again.',
      },
    },
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (pastDue unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.pastDue)],
  // The banner above the summary and the card section, as on a settings page.
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PastDueBanner paymentMethodsHref="#cards" {...args} />
      <SubscriptionSummary />
      <PaymentMethodUpdater id="cards" tabIndex={-1} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pay now from the banner: exactly one charge of the $20.00 owed, and the subscription is active again. */
export const PayFromTheBanner: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await expect(await canvas.findByText('Past due', {}, WAIT)).toBeVisible();
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT));

    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, WAIT),
    ).toBeVisible();
    await expect(await canvas.findByText('Active', {}, WAIT)).toBeVisible();
    const state = billing.state();
    await expect(state.charges).toEqual([{ amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_4242' }]);
    await expect(state.subscriptions[0]?.status).toBe('active');
    await expect(state.invoices.find((invoice) => invoice.id === 'in_open')?.status).toBe('paid');
    await expect(state.requests.filter((request) => request.path === '/invoices/in_open/pay')).toHaveLength(
      1,
    );
  },
};

/**
 * The default card (0341) is declined: plain words, nothing charged. The customer adds 4242 (the default at once,
 * since a payment is owed) and pays again from the banner: one charge, to the new card.
 */
export const FailingCardThenNewCard: Story = {
  parameters: { scenario: portalScenarios.pastDueWithFailingCard },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, WAIT));
    await expect(
      await canvas.findByText('Your card was declined. Update your card and try again.', {}, WAIT),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([]);
    await expect(billing.state().subscriptions[0]?.status).toBe('past_due');

    // The banner links to the card section (not followed here: the test runner's page must not navigate).
    await expect(canvas.getByRole('link', { name: 'Update your card' })).toHaveAttribute('href', '#cards');
    await userEvent.click(canvas.getByRole('button', { name: 'Add a card' }));
    await enterCard({ canvas, userEvent }, '4242424242424242');
    await expect(canvas.getByRole('checkbox', { name: 'Make this my default card' })).toBeChecked();
    const save = canvas.getByRole('button', { name: 'Save card' });
    await waitFor(() => expect(save).toBeEnabled(), WAIT);
    await userEvent.click(save);
    await expect(await canvas.findByText('Your new card was saved.', {}, WAIT)).toBeVisible();
    const newCard = billing.state().paymentMethods.find((card) => card.last4 === '4242');
    await expect(newCard?.isDefault).toBe(true);

    await userEvent.click(canvas.getByRole('button', { name: 'Pay $20.00 now' }));
    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, WAIT),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: newCard?.id },
    ]);
    await expect(billing.state().subscriptions[0]?.status).toBe('active');
  },
};
