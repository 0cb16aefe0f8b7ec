import type { InvoiceSummary, PaymentMethodSummary, SubscriptionSummary } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { BillingProvider, createBillingClient } from '../index.js';
import { PaymentMethodUpdater } from './payment-method-updater.js';

const cards: PaymentMethodSummary[] = [
  {
    id: 'pm_1',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2034,
    isDefault: true,
    expired: false,
    expiresSoon: false,
  },
  {
    id: 'pm_2',
    brand: 'mastercard',
    last4: '4444',
    expMonth: 1,
    expYear: 2027,
    isDefault: false,
    expired: false,
    expiresSoon: true,
  },
  {
    id: 'pm_3',
    brand: 'amex',
    last4: '0005',
    expMonth: 3,
    expYear: 2020,
    isDefault: false,
    expired: true,
    expiresSoon: false,
  },
];

const pastDueSubscription: SubscriptionSummary = {
  id: 'sub_story',
  status: 'past_due',
  planId: 'prod_pro',
  planName: 'Pro',
  priceId: 'price_pro_month',
  interval: 'month',
  currency: 'usd',
  unitAmount: 2000,
  quantity: 1,
  currentPeriodStart: 1_800_000_000,
  currentPeriodEnd: 1_802_592_000,
  cancelAtPeriodEnd: false,
  trialEnd: null,
  syncedAt: 1_800_000_000,
  scheduledChange: null,
  nextInvoice: null,
  latestInvoiceStatus: 'open',
  pastDueSince: 1_800_000_000,
};

const openInvoice: InvoiceSummary = {
  id: 'in_story',
  number: 'ABC-0002',
  status: 'open',
  amountDue: 2000,
  amountPaid: 0,
  currency: 'usd',
  created: 1_800_000_000,
  periodStart: 1_800_000_000,
  periodEnd: 1_802_592_000,
  hostedInvoiceUrl: null,
  invoicePdf: null,
};

type Scenario = 'cards' | 'past_due' | 'empty' | 'loading' | 'error';

/** Answers the wallet routes from fixtures after a short, visible delay. */
function storyClient(scenario: Scenario) {
  return createBillingClient({
    baseUrl: 'https://storybook.local/api/billing',
    fetch: async (input) => {
      if (scenario === 'loading') return new Promise<Response>(() => {});
      await new Promise((resolve) => setTimeout(resolve, 150));
      const path = new URL(String(input)).pathname;
      if (scenario === 'error') {
        return Response.json({ error: { code: 'internal_error', message: 'Oops.' } }, { status: 500 });
      }
      if (path.endsWith('/subscriptions')) {
        return Response.json({ subscriptions: scenario === 'past_due' ? [pastDueSubscription] : [] });
      }
      if (path.endsWith('/invoices')) return Response.json({ invoices: [openInvoice] });
      return Response.json({ paymentMethods: scenario === 'empty' ? [] : cards });
    },
  });
}

const meta = {
  title: 'Components/PaymentMethodUpdater',
  component: PaymentMethodUpdater,
  render: (args, { parameters }) => (
    <BillingProvider
      client={storyClient(parameters.scenario ?? 'cards')}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      // No card entry in stories: the add-card form shows, Stripe.js never loads.
      stripe={() => new Promise(() => {})}
    >
      <PaymentMethodUpdater {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof PaymentMethodUpdater>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Cards: Story = {};
export const PastDue: Story = { parameters: { scenario: 'past_due' } };
export const Empty: Story = { parameters: { scenario: 'empty' } };
export const Loading: Story = { parameters: { scenario: 'loading' } };
export const LoadError: Story = { parameters: { scenario: 'error' } };
