import type { PaymentMethodSummary } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, waitFor, within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { invoiceFixture, subscriptionFixture } from '../../test/portal-fixtures.js';
import { PastDueBanner } from './past-due-banner.js';

const usage = `
Shown only while a renewal could not be charged (\`past_due\` or \`unpaid\`): what is owed, a link to the card
section, and "Pay now" with the default card (3D Secure included). Renders nothing otherwise.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <PastDueBanner paymentMethodsHref="/settings/billing#cards" />
</BillingProvider>
\`\`\`
`;

/** A saved card that behaves like the Stripe test card with the same last four digits. */
function savedCard(id: string, last4: string): PaymentMethodSummary {
  return {
    id,
    brand: 'visa',
    last4,
    expMonth: 12,
    expYear: 2034,
    isDefault: true,
    expired: false,
    expiresSoon: false,
  };
}

/** Past due, and the default card is 0341: it is on file but every charge is declined. */
const pastDueWithFailingCard: BillingScenario = {
  ...scenarios.pastDue,
  paymentMethods: [savedCard('pm_visa_0341', '0341')],
};

/** Past due, and the default card is 3155: paying opens the bank's 3D Secure challenge. */
const pastDueWith3dsCard: BillingScenario = {
  ...scenarios.pastDue,
  paymentMethods: [savedCard('pm_visa_3155', '3155')],
};

/** Past due on a subscription billed in yen. */
const pastDueInYen: BillingScenario = {
  ...scenarios.pastDue,
  subscriptions: (scenarios.pastDue.subscriptions ?? []).map((subscription) => ({
    ...subscription,
    currency: 'jpy',
    unitAmount: 2000,
  })),
  invoices: [
    invoiceFixture({ id: 'in_open', number: 'BK-0002', status: 'open', amountPaid: 0, currency: 'jpy' }),
    invoiceFixture({ currency: 'jpy' }),
  ],
};

const meta = {
  title: 'Components/PastDueBanner',
  component: PastDueBanner,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: usage } } },
  argTypes: {
    paymentMethodsHref: {
      description: 'Where "Update your card" goes.',
      control: 'text',
      table: { defaultValue: { summary: '#billing-portal-payment-methods' } },
    },
    onUpdatePaymentMethod: {
      description: 'Client-side routing for "Update your card" (and "Pay now" when it is a link).',
      action: 'update payment method',
    },
    payNowHref: {
      description: 'Makes "Pay now" a link to where the customer pays instead of paying in place.',
      control: 'text',
    },
  },
  args: { paymentMethodsHref: '#cards' },
  // A fresh in-memory billing per render, seeded from the story's scenario (past due unless the story says otherwise).
  loaders: [
    ({ parameters }) => ({
      billing: createInMemoryBilling(
        (parameters.scenario as BillingScenario | undefined) ?? scenarios.pastDue,
      ),
    }),
  ],
  render: function Render(args, { loaded }) {
    const { locale, messages } = useStoryLocale();
    return (
      <InMemoryBillingProvider
        billing={loaded.billing as InMemoryBilling}
        locale={locale}
        messages={messages}
      >
        <PastDueBanner {...args} />
      </InMemoryBillingProvider>
    );
  },
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The renewal failed. Pay now charges the default Visa 4242 once and the subscription is active again. */
export const PastDueWithRecovery: Story = {
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    const payNow = await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 });
    await expect(canvas.getByRole('alert')).toHaveTextContent("We couldn't charge $20.00 for Pro.");
    await userEvent.click(payNow);

    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
    await expect(billing.state().subscriptions[0]?.status).toBe('active');
  },
};

/** The default card (0341) is declined again: plain words, nothing charged, still past due. */
export const DeclinedCard: Story = {
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
  },
};

/** The bank asks for 3D Secure: the challenge opens in place, Complete pays the invoice. */
export const ThreeDSecureChallenge: Story = {
  parameters: { scenario: pastDueWith3dsCard },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    await userEvent.click(await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 }));
    const challenge = await screen.findByRole(
      'dialog',
      { name: 'Authenticate your payment' },
      { timeout: 5000 },
    );
    await expect(billing.state().charges).toEqual([]);
    await userEvent.click(within(challenge).getByRole('button', { name: 'Complete' }));

    await expect(
      await canvas.findByText('Payment received. Your subscription is active again.', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_3155' },
    ]);
  },
};

/** With `payNowHref`, "Pay now" is a link to the card section, which pays with a card the customer picks. */
export const PayNowAsLink: Story = {
  args: { payNowHref: '#cards' },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('link', { name: 'Pay $20.00 now' }, { timeout: 5000 }),
    ).toHaveAttribute('href', '#cards');
  },
};

/** Paid up: the banner renders nothing. */
export const Active: Story = {
  parameters: { scenario: scenarios.active },
  play: async ({ canvasElement, loaded }) => {
    const billing = loaded.billing as InMemoryBilling;
    await waitFor(
      () => expect(billing.state().requests.some((request) => request.path === '/subscriptions')).toBe(true),
      { timeout: 5000 },
    );
    await expect(canvasElement.querySelector('[data-slot="past-due-banner"]')).toBeNull();
  },
};

/** Billed in yen: the amount has no decimals. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: pastDueInYen },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Pay ¥2,000 now' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** In German. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('Ihre letzte Zahlung ist fehlgeschlagen', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(
      await canvas.findByRole('button', { name: /Jetzt 20,00\s\$ zahlen/ }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** Subscription `unpaid` after the last retry: still offered to pay. */
export const Unpaid: Story = {
  parameters: {
    scenario: {
      ...scenarios.pastDue,
      subscriptions: [subscriptionFixture({ status: 'unpaid', latestInvoiceStatus: 'open' })],
    },
  },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole('button', { name: 'Pay $20.00 now' }, { timeout: 5000 }),
    ).toBeVisible();
  },
};
