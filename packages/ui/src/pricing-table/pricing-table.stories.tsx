import type { Plan, Price } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { catalogResponse, proPlan } from '../../test/catalog-fixture.js';
import { BillingProvider, createBillingClient } from '../index.js';
import { PricingTable } from './pricing-table.js';

/** Answers the catalog route from the shared fixtures, or with an error, after a short, visible delay. */
type CatalogAnswer = 'plans' | 'empty' | 'error' | 'loading' | 'twelve' | 'tiered' | 'current';

const monthly = proPlan.prices[0] as Price;

/** Twelve plans from $10 to $120 a month, the sixth highlighted. */
const twelvePlans: Plan[] = Array.from({ length: 12 }, (_, index) => ({
  ...proPlan,
  id: `prod_${index + 1}`,
  name: `Plan ${index + 1}`,
  highlighted: index === 5,
  prices: [
    { ...monthly, id: `price_${index + 1}`, productId: `prod_${index + 1}`, unitAmount: 1000 * (index + 1) },
  ],
}));

/** A graduated, per-unit API plan with a 14-day trial, next to a yen plan. */
const tieredPlans: Plan[] = [
  {
    ...proPlan,
    id: 'prod_api',
    name: 'API',
    perSeat: true,
    highlighted: false,
    prices: [
      {
        ...monthly,
        id: 'price_api',
        productId: 'prod_api',
        unitAmount: null,
        billingScheme: 'tiered',
        tiersMode: 'graduated',
        tiers: [
          { upTo: 10, unitAmount: 500, flatAmount: null },
          { upTo: 100, unitAmount: 300, flatAmount: 1000 },
          { upTo: null, unitAmount: 100, flatAmount: null },
        ],
        trialPeriodDays: 14,
      },
    ],
  },
  { ...proPlan, name: 'Pro (JPY)', prices: [{ ...monthly, currency: 'jpy', unitAmount: 3000 }] },
];

function catalogBody(answer: CatalogAnswer) {
  switch (answer) {
    case 'empty':
      return catalogResponse({ plans: [] });
    case 'twelve':
      return catalogResponse({ plans: twelvePlans });
    case 'tiered':
      return catalogResponse({ plans: tieredPlans });
    case 'current':
      return catalogResponse({ currentPriceId: 'price_pro_month' });
    default:
      return catalogResponse();
  }
}

function catalogClient(answer: CatalogAnswer) {
  return createBillingClient({
    baseUrl: 'https://storybook.local/api/billing',
    fetch: async () => {
      if (answer === 'loading') return new Promise<Response>(() => {});
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (answer === 'error') {
        return Response.json(
          { error: { code: 'internal_error', message: 'Something went wrong.' } },
          { status: 500 },
        );
      }
      return Response.json(catalogBody(answer));
    },
  });
}

const meta = {
  title: 'Components/PricingTable',
  component: PricingTable,
  args: { onSelect: () => {} },
  render: (args, { parameters }) => (
    <BillingProvider
      client={catalogClient(parameters.catalog ?? 'plans')}
      // A fresh cache per story, without retries, so the error state shows at once.
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      stripe={() => Promise.resolve(null)}
    >
      <PricingTable {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Plans: Story = {};
export const Yearly: Story = { args: { defaultInterval: 'year' } };
export const Loading: Story = { parameters: { catalog: 'loading' } };
export const Empty: Story = { parameters: { catalog: 'empty' } };
export const LoadError: Story = { parameters: { catalog: 'error' } };
export const TwelvePlans: Story = { parameters: { catalog: 'twelve' } };
/** One plan per row on a 320 px wide screen. */
export const Narrow: Story = {
  parameters: { catalog: 'plans' },
  decorators: [
    (Story) => (
      <div style={{ width: 320 }}>
        <Story />
      </div>
    ),
  ],
};
export const TieredTrialAndYen: Story = { parameters: { catalog: 'tiered' } };
export const CurrentCustomer: Story = {
  parameters: { catalog: 'current' },
  args: { onChangePlan: () => {} },
};
export const Dark: Story = {
  decorators: [
    (Story) => (
      <div data-bk-theme="dark" style={{ background: 'var(--bk-background)', padding: 16 }}>
        <Story />
      </div>
    ),
  ],
};
