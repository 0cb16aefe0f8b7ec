import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, type within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { PaymentMethodUpdater } from '../payment-method-updater/payment-method-updater.js';
import { PastDueBanner } from './past-due-banner.js';
import { SubscriptionSummary } from './subscription-summary.js';

/** Fills the fake Payment Element as a customer would. */
async function typeCard(
  canvas: ReturnType<typeof within>,
  userEvent: { type: (element: Element, text: string) => Promise<unknown> },
  cardNumber: string,
) {
  await userEvent.type(await canvas.findByLabelText('Card number', {}, { timeout: 5000 }), cardNumber);
  await userEvent.type(canvas.getByLabelText('Expiration date'), '1234');
  await userEvent.type(canvas.getByLabelText('Security code'), '123');
  await userEvent.type(canvas.getByLabelText('Postal code'), '94107');
}

/** Past due, and the default card is 4000 0000 0000 0341: on file, but every charge is declined. */
const pastDueWithFailingCard: BillingScenario = {
  ...scenarios.pastDue,
  paymentMethods: [
    {
      id: 'pm_visa_0341',
      brand: 'visa',
      last4: '0341',
      expMonth: 12,
      expYear: 2034,
      isDefault: true,
      expired: false,
      expiresSoon: false,
    },
  ],
};

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
  loaders: [
    ({ parameters }) => ({
      billing: createInMemoryBilling(
        (parameters.scenario as BillingScenario | undefined) ?? scenarios.pastDue,
      ),
    }),
  ],
  // The banner above the summary and the card section, as on a settings page.
  render: function Render(args, { loaded }) {
    const { locale, messages } = useStoryLocale();
    return (
      <InMemoryBillingProvider
        billing={loaded.billing as InMemoryBilling}
        locale={locale}
        messages={messages}
      >
        <PastDueBanner paymentMethodsHref="#cards" {...args} />
        <SubscriptionSummary />
        <PaymentMethodUpdater id="cards" tabIndex={-1} />
      </InMemoryBillingProvider>
    );
  },
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pay now from the banner: exactly one charge of the $20.00 owed, and the subscription is active again. */
export const PayFromTheBanner: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    await expect(await canvas.findByText('Past due', {}, { timeout: 5000 })).toBeVisible();
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 }));

    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(await canvas.findByText('Active', {}, { timeout: 5000 })).toBeVisible();
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
  parameters: { scenario: pastDueWithFailingCard },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 }));
    await expect(
      await canvas.findByText(
        'Your card was declined. Update your card and try again.',
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([]);
    await expect(billing.state().subscriptions[0]?.status).toBe('past_due');

    // The banner links to the card section (not followed here: the test runner's page must not navigate).
    await expect(canvas.getByRole('link', { name: 'Update your card' })).toHaveAttribute('href', '#cards');
    await userEvent.click(canvas.getByRole('button', { name: 'Add a card' }));
    await typeCard(canvas, userEvent, '4242424242424242');
    await expect(canvas.getByRole('checkbox', { name: 'Make this my default card' })).toBeChecked();
    const save = canvas.getByRole('button', { name: 'Save card' });
    await waitFor(() => expect(save).toBeEnabled(), { timeout: 5000 });
    await userEvent.click(save);
    await expect(await canvas.findByText('Your new card was saved.', {}, { timeout: 5000 })).toBeVisible();
    const newCard = billing.state().paymentMethods.find((card) => card.last4 === '4242');
    await expect(newCard?.isDefault).toBe(true);

    await userEvent.click(canvas.getByRole('button', { name: 'Pay $20.00 now' }));
    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: newCard?.id },
    ]);
    await expect(billing.state().subscriptions[0]?.status).toBe('active');
  },
};
