import type { CatalogResponse, Plan, Price } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import { basicPlan, catalogResponse, proPlan, teamPlan } from '../../test/catalog-fixture.js';
import {
  type BillingScenario,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { PricingTable } from './pricing-table.js';

/** Every price of `plans` changed by `change`: trials, currencies. */
function withPrices(plans: Plan[], change: (price: Price) => Price): Plan[] {
  return plans.map((plan) => ({ ...plan, prices: plan.prices.map(change) }));
}

const proMonthly = proPlan.prices[0] as Price;

/**
 * Catalogs the pricing table and checkout stories share (exported for them, not stories themselves). Built from the
 * unit tests' fixtures: Basic $10, Pro $20 (highlighted), Team $15 per seat, a month or ten times that a year.
 */
export const storyCatalogs = {
  /** Pro alone: no interval toggle beyond its own prices, one card. */
  onePlan: catalogResponse({ plans: [proPlan] }),
  /** Twelve plans from $10 to $120 a month (a tenth off yearly), the sixth highlighted. */
  twelvePlans: catalogResponse({
    plans: Array.from({ length: 12 }, (_, index): Plan => {
      const id = `prod_plan_${index + 1}`;
      const monthly = 1000 * (index + 1);
      return {
        ...proPlan,
        id,
        name: `Plan ${index + 1}`,
        description: `${5 * (index + 1)} projects`,
        highlighted: index === 5,
        prices: [
          { ...proMonthly, id: `price_plan_${index + 1}_month`, productId: id, unitAmount: monthly },
          {
            ...proMonthly,
            id: `price_plan_${index + 1}_year`,
            productId: id,
            interval: 'year',
            unitAmount: monthly * 10,
          },
        ],
      };
    }),
  }),
  /**
   * An API plan billed per request block with graduated tiers (1-10 at $5, 11-100 at $3 plus a $10 flat fee, then
   * $1), next to Pro.
   */
  tiered: catalogResponse({
    plans: [
      {
        ...teamPlan,
        id: 'prod_api',
        name: 'API',
        description: 'Billed per block of 1,000 requests',
        features: ['Usage dashboard'],
        prices: [
          {
            ...proMonthly,
            id: 'price_api_month',
            productId: 'prod_api',
            unitAmount: null,
            billingScheme: 'tiered',
            tiersMode: 'graduated',
            tiers: [
              { upTo: 10, unitAmount: 500, flatAmount: null },
              { upTo: 100, unitAmount: 300, flatAmount: 1000 },
              { upTo: null, unitAmount: 100, flatAmount: null },
            ],
          },
        ],
      },
      proPlan,
    ],
  }),
  /** The fixtures priced in yen, a zero-decimal currency: Basic ¥1,000, Pro ¥2,000, Team ¥1,500 per seat. */
  yen: catalogResponse({
    plans: withPrices([basicPlan, proPlan, teamPlan], (price) => ({ ...price, currency: 'jpy' })),
  }),
  /** Every fixture price with a 14-day free trial. */
  trial: catalogResponse({
    plans: withPrices([basicPlan, proPlan, teamPlan], (price) => ({ ...price, trialPeriodDays: 14 })),
  }),
} satisfies Record<string, CatalogResponse>;

/** The scenario a story renders, from its `parameters.scenario` (a new customer by default). */
function scenarioOf(parameters: { scenario?: BillingScenario }): BillingScenario {
  return parameters.scenario ?? scenarios.newCustomer;
}

const meta = {
  title: 'Components/PricingTable',
  component: PricingTable,
  tags: ['autodocs'],
  excludeStories: ['storyCatalogs'],
  args: { onSelect: fn(), defaultInterval: 'month' },
  argTypes: {
    onSelect: {
      description: 'Called with `{ priceId, quantity, plan, state }` when the customer picks a plan.',
      control: false,
      table: { category: 'Events' },
    },
    onChangePlan: {
      description:
        'Called instead of `onSelect` when a current customer picks another plan (e.g. open the plan switcher).',
      control: false,
      table: { category: 'Events' },
    },
    onIntervalChange: { control: false, table: { category: 'Events' } },
    defaultInterval: { control: 'inline-radio', options: ['month', 'year'] },
    interval: { control: 'inline-radio', options: ['month', 'year'] },
    headingLevel: { control: 'select', options: [1, 2, 3, 4, 5, 6] },
  },
  parameters: {
    docs: {
      description: {
        component: `The plans of the catalog with a monthly/yearly toggle, seat pickers for per-seat plans, pricing tiers
and a button per plan. It reads the catalog through \`BillingProvider\` and marks the signed-in customer's current
plan. Every story here runs on the in-memory billing server (pick locale and theme in the toolbar).

\`\`\`tsx
import { BillingProvider, createBillingClient, PricingTable } from '@billing-kit/ui';
import '@billing-kit/ui/styles.css';

const client = createBillingClient({ baseUrl: '/api/billing' });

<BillingProvider client={client} stripe={() => loadStripe('pk_test_...')}>
  <PricingTable
    onSelect={({ priceId, quantity }) => navigate(\`/checkout?price=\${priceId}&seats=\${quantity}\`)}
  />
</BillingProvider>
\`\`\``,
      },
    },
  },
  render: function Render(args, { parameters }) {
    const { locale, messages } = useStoryLocale();
    return (
      <InMemoryBillingProvider scenario={scenarioOf(parameters)} locale={locale} messages={messages}>
        <PricingTable {...args} />
      </InMemoryBillingProvider>
    );
  },
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A new customer sees Basic, Pro (most popular) and Team; choosing a plan calls `onSelect`. */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas, userEvent, args }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Choose Pro' }, { timeout: 5000 }));
    await expect(args.onSelect).toHaveBeenCalledWith(
      expect.objectContaining({ priceId: 'price_pro_month', quantity: 1, state: 'available' }),
    );
  },
};

/** Yearly prices first, with the saving on the toggle. */
export const Yearly: Story = {
  args: { defaultInterval: 'year' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$200.00 per year', {}, { timeout: 5000 })).toBeVisible();
    await expect(canvas.getByRole('radio', { name: /Yearly/ })).toHaveAttribute('aria-checked', 'true');
  },
};

/** A customer on Pro: their plan is marked and disabled, the others offer a switch. */
export const ActiveCustomer: Story = {
  parameters: { scenario: scenarios.active },
  args: { onChangePlan: fn() },
  play: async ({ canvas, userEvent, args }) => {
    const pro = await canvas.findByRole('listitem', { name: 'Pro' }, { timeout: 5000 });
    await expect(pro).toHaveTextContent('Current plan');
    await userEvent.click(canvas.getByRole('button', { name: 'Switch to Basic' }));
    await expect(args.onChangePlan).toHaveBeenCalledWith(
      expect.objectContaining({ priceId: 'price_basic_month', state: 'downgrade' }),
    );
    await expect(args.onSelect).not.toHaveBeenCalled();
  },
};

/** A customer in Pro's free trial: Pro is their current plan. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    const pro = await canvas.findByRole('listitem', { name: 'Pro' }, { timeout: 5000 });
    await expect(pro).toHaveTextContent('Current plan');
  },
};

/** A catalog of one plan. */
export const OnePlan: Story = {
  parameters: { scenario: { catalog: storyCatalogs.onePlan } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, { timeout: 5000 });
    await expect(canvas.getAllByRole('listitem', { name: /./ })).toHaveLength(1);
  },
};

/** Twelve plans wrap into rows. */
export const TwelvePlans: Story = {
  parameters: { scenario: { catalog: storyCatalogs.twelvePlans } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Plan 12' }, { timeout: 5000 });
    await expect(canvas.getAllByRole('button', { name: /^Choose / })).toHaveLength(12);
  },
};

/** Team is sold per seat: the seat picker updates the total, and `onSelect` gets the seats. */
export const PerSeat: Story = {
  play: async ({ canvas, userEvent, args }) => {
    const seats = await canvas.findByLabelText('Seats for Team', {}, { timeout: 5000 });
    await userEvent.clear(seats);
    await userEvent.type(seats, '5');
    await expect(await canvas.findByText('$75.00 per month for 5 seats')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Choose Team' }));
    await expect(args.onSelect).toHaveBeenCalledWith(
      expect.objectContaining({ priceId: 'price_team_month', quantity: 5 }),
    );
  },
};

/** A graduated, tiered price: "From $5.00" (the first tier) and its tiers in a disclosure. */
export const Tiered: Story = {
  parameters: { scenario: { catalog: storyCatalogs.tiered } },
  play: async ({ canvas, userEvent }) => {
    await expect(
      await canvas.findByText('From $5.00 per seat per month', {}, { timeout: 5000 }),
    ).toBeVisible();
    await userEvent.click(canvas.getByText('See pricing tiers'));
    const tiers = canvas.getByRole('table', { name: 'Pricing tiers of API' });
    await expect(tiers).toBeVisible();
    await expect(tiers).toHaveTextContent('11 to 100');
  },
};

/** Yen has no minor unit: ¥2,000, never ¥20.00. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: { catalog: storyCatalogs.yen } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('¥2,000 per month', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** Every price with a free trial: each card says so. */
export const FreeTrial: Story = {
  parameters: { scenario: { catalog: storyCatalogs.trial } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, { timeout: 5000 });
    await expect(canvas.getAllByText('14-day free trial')).toHaveLength(3);
  },
};

/** German strings and euro-style number formats (the toolbar's locale, pinned). */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Pro wählen' }, { timeout: 5000 })).toBeVisible();
    await expect(canvas.getByText(/20,00\s\$/)).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, { timeout: 5000 });
  },
};

/** A 320 px phone: one plan per row. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, { timeout: 5000 });
  },
};

/** While the catalog loads: placeholder cards, announced once. */
export const Loading: Story = {
  parameters: { scenario: scenarios.loading },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Loading plans…');
    await expect(canvasElement.querySelector('[data-slot="pricing-table"]')).toHaveAttribute(
      'aria-busy',
      'true',
    );
  },
};

/** A catalog with no plan on sale. */
export const Empty: Story = {
  parameters: { scenario: scenarios.empty },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('No plans are available right now.', {}, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** The catalog fails once; Retry loads it. */
export const ErrorWithRetry: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, faults: { getCatalog: 'error-once' } } },
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      "We couldn't load the plans.",
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('button', { name: 'Choose Pro' }, { timeout: 5000 })).toBeVisible();
    await waitFor(() => expect(canvas.queryByRole('alert')).not.toBeInTheDocument());
  },
};
