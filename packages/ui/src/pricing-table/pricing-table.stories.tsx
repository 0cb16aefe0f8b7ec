import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { storyCatalogs } from '../../test/storybook/story-catalogs.js';
import { PricingTable } from './pricing-table.js';

const meta = {
  title: 'Components/PricingTable',
  component: PricingTable,
  tags: ['autodocs'],
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
    headingLevel: headingLevelArgType,
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
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (a new customer by default).
  loaders: [withInMemoryBilling(scenarios.newCustomer)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PricingTable {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A new customer sees Basic, Pro (most popular) and Team; choosing a plan calls `onSelect`. */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas, userEvent, args }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT));
    await expect(args.onSelect).toHaveBeenCalledWith(
      expect.objectContaining({ priceId: 'price_pro_month', quantity: 1, state: 'available' }),
    );
  },
};

/** Yearly prices first, with the saving on the toggle. */
export const Yearly: Story = {
  args: { defaultInterval: 'year' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$200.00 per year', {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('radio', { name: /Yearly/ })).toHaveAttribute('aria-checked', 'true');
  },
};

/** A customer on Pro: their plan is marked and disabled, the others offer a switch. */
export const ActiveCustomer: Story = {
  parameters: { scenario: scenarios.active },
  args: { onChangePlan: fn() },
  play: async ({ canvas, userEvent, args }) => {
    const pro = await canvas.findByRole('listitem', { name: 'Pro' }, WAIT);
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
    const pro = await canvas.findByRole('listitem', { name: 'Pro' }, WAIT);
    await expect(pro).toHaveTextContent('Current plan');
  },
};

/** A catalog of one plan. */
export const OnePlan: Story = {
  parameters: { scenario: { catalog: storyCatalogs.onePlan } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT);
    await expect(canvas.getAllByRole('listitem', { name: /./ })).toHaveLength(1);
  },
};

/** Twelve plans wrap into rows. */
export const TwelvePlans: Story = {
  parameters: { scenario: { catalog: storyCatalogs.twelvePlans } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Plan 12' }, WAIT);
    await expect(canvas.getAllByRole('button', { name: /^Choose / })).toHaveLength(12);
  },
};

/** Team is sold per seat: the seat picker updates the total, and `onSelect` gets the seats. */
export const PerSeat: Story = {
  play: async ({ canvas, userEvent, args }) => {
    const seats = await canvas.findByLabelText('Seats for Team', {}, WAIT);
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
    await expect(await canvas.findByText('From $5.00 per seat per month', {}, WAIT)).toBeVisible();
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
    await expect(await canvas.findByText('¥2,000 per month', {}, WAIT)).toBeVisible();
  },
};

/** Every price with a free trial: each card says so. */
export const FreeTrial: Story = {
  parameters: { scenario: { catalog: storyCatalogs.trial } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT);
    await expect(canvas.getAllByText('14-day free trial')).toHaveLength(3);
  },
};

/** German strings and euro-style number formats (the toolbar's locale, pinned). */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Pro wählen' }, WAIT)).toBeVisible();
    await expect(canvas.getByText(/20,00\s\$/)).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT);
  },
};

/** A 320 px phone: one plan per row. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT);
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
    await expect(await canvas.findByText('No plans are available right now.', {}, WAIT)).toBeVisible();
  },
};

/** The catalog fails once; Retry loads it. */
export const ErrorWithRetry: Story = {
  parameters: { scenario: { ...scenarios.newCustomer, faults: { getCatalog: 'error-once' } } },
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByRole('alert', {}, WAIT)).toHaveTextContent("We couldn't load the plans.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('button', { name: 'Choose Pro' }, WAIT)).toBeVisible();
    await waitFor(() => expect(canvas.queryByRole('alert')).not.toBeInTheDocument());
  },
};
