import type { PreviewPlanChangeResponse, SubscriptionSummary } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { catalogResponse } from '../../test/catalog-fixture.js';
import { BillingProvider, createBillingClient } from '../index.js';
import { PlanSwitcher } from './plan-switcher.js';
import { ProrationPreview } from './proration-preview.js';

const PERIOD_END = Date.UTC(2027, 2, 1, 12) / 1000;

const proSubscription: SubscriptionSummary = {
  id: 'sub_story',
  status: 'active',
  planId: 'prod_pro',
  planName: 'Pro',
  priceId: 'price_pro_month',
  interval: 'month',
  currency: 'usd',
  unitAmount: 2000,
  quantity: 1,
  currentPeriodStart: PERIOD_END - 28 * 86_400,
  currentPeriodEnd: PERIOD_END,
  cancelAtPeriodEnd: false,
  trialEnd: null,
  syncedAt: PERIOD_END - 86_400,
  scheduledChange: null,
  nextInvoice: { amount: 2000, date: PERIOD_END },
  latestInvoiceStatus: 'paid',
  pastDueSince: null,
};

const upgradePreview: PreviewPlanChangeResponse = {
  kind: 'quantity_increase',
  appliesAt: 'now',
  prorationDate: PERIOD_END - 20 * 86_400,
  lines: [],
  creditForUnusedTime: -1429,
  chargeForNewPlan: 3214,
  amountDueNow: 1785,
  nextInvoiceDate: PERIOD_END,
  nextInvoiceAmount: 4500,
  effectiveAt: PERIOD_END - 20 * 86_400,
  currency: 'usd',
  target: { priceId: 'price_team_month', planName: 'Team', interval: 'month', quantity: 3 },
};

const downgradePreview: PreviewPlanChangeResponse = {
  ...upgradePreview,
  kind: 'downgrade',
  appliesAt: 'period_end',
  creditForUnusedTime: 0,
  chargeForNewPlan: 0,
  amountDueNow: 0,
  nextInvoiceAmount: 1000,
  effectiveAt: PERIOD_END,
  target: { priceId: 'price_basic_month', planName: 'Basic', interval: 'month', quantity: 1 },
};

type Scenario = 'ready' | 'scheduled' | 'loading' | 'error' | 'none';

/** Answers the billing routes from fixtures after a short, visible delay. */
function storyClient(scenario: Scenario) {
  return createBillingClient({
    baseUrl: 'https://storybook.local/api/billing',
    fetch: async (input, init) => {
      if (scenario === 'loading') return new Promise<Response>(() => {});
      await new Promise((resolve) => setTimeout(resolve, 150));
      const path = new URL(String(input)).pathname;
      if (scenario === 'error') {
        return Response.json({ error: { code: 'internal_error', message: 'Oops.' } }, { status: 500 });
      }
      if (path.endsWith('/catalog'))
        return Response.json(catalogResponse({ currentPriceId: 'price_pro_month' }));
      if (path.endsWith('/preview-change')) {
        return Response.json(String(init?.body).includes('price_basic') ? downgradePreview : upgradePreview);
      }
      if (path.endsWith('/subscriptions')) {
        const scheduledChange =
          scenario === 'scheduled'
            ? {
                priceId: 'price_basic_month',
                planName: 'Basic',
                interval: 'month',
                quantity: 1,
                effectiveAt: PERIOD_END,
              }
            : null;
        return Response.json({
          subscriptions: scenario === 'none' ? [] : [{ ...proSubscription, scheduledChange }],
        });
      }
      return Response.json(downgradePreview);
    },
  });
}

const meta = {
  title: 'Components/PlanSwitcher',
  component: PlanSwitcher,
  args: { subscriptionId: 'sub_story' },
  render: (args, { parameters }) => (
    <BillingProvider
      client={storyClient(parameters.scenario ?? 'ready')}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      stripe={() => Promise.resolve(null)}
    >
      <PlanSwitcher {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof PlanSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Choose another plan, interval or seat count to see its preview. */
export const CurrentPlan: Story = {};
export const ScheduledDowngrade: Story = { parameters: { scenario: 'scheduled' } };
export const Loading: Story = { parameters: { scenario: 'loading' } };
export const LoadError: Story = { parameters: { scenario: 'error' } };
export const NoSubscription: Story = { parameters: { scenario: 'none' } };

/** The preview part alone, for an upgrade charged now and a downgrade at the period end. */
export const PreviewUpgradeNow: Story = {
  render: () => (
    <BillingProvider client={storyClient('ready')} stripe={() => Promise.resolve(null)}>
      <ProrationPreview preview={upgradePreview} />
    </BillingProvider>
  ),
};
export const PreviewDowngradeAtPeriodEnd: Story = {
  render: () => (
    <BillingProvider client={storyClient('ready')} stripe={() => Promise.resolve(null)}>
      <ProrationPreview preview={downgradePreview} />
    </BillingProvider>
  ),
};
