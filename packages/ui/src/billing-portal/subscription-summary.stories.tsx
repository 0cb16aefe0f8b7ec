import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { MARCH_1_2027, subscriptionFixture } from '../../test/portal-fixtures.js';
import { SubscriptionSummary } from './subscription-summary.js';

const usage = `
The current subscription at a glance: plan, status, seats, price, next renewal, and notices for a trial end, a
scheduled change or a cancellation at period end. Loading skeleton, error with Retry, and a no-subscription state
linking to your plans.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <SubscriptionSummary pricingHref="/pricing" />
</BillingProvider>
\`\`\`
`;

/** Team, 5 seats at $15.00 each: the per-seat price and the seat count show. */
const perSeat: BillingScenario = {
  ...scenarios.active,
  subscriptions: [
    subscriptionFixture({
      planId: 'prod_team',
      planName: 'Team',
      priceId: 'price_team_month',
      unitAmount: 1500,
      quantity: 5,
      nextInvoice: { amount: 7500, date: MARCH_1_2027 },
    }),
  ],
};

/** Pro billed in yen, a zero-decimal currency: ¥2,000, not ¥20.00. */
const yen: BillingScenario = {
  ...scenarios.active,
  subscriptions: [
    subscriptionFixture({
      currency: 'jpy',
      unitAmount: 2000,
      nextInvoice: { amount: 2000, date: MARCH_1_2027 },
    }),
  ],
};

const meta = {
  title: 'Components/SubscriptionSummary',
  component: SubscriptionSummary,
  tags: ['autodocs'],
  parameters: {
    docs: { description: { component: usage } },
  },
  argTypes: {
    headingLevel: {
      description: "Level of the section heading, to fit the host page's outline.",
      control: { type: 'inline-radio' },
      options: [1, 2, 3, 4, 5, 6],
      table: { defaultValue: { summary: '2' } },
    },
    pricingHref: { description: 'Where "See plans" goes when there is no subscription.', control: 'text' },
    onNavigateToPlans: { description: 'Client-side routing for "See plans".', action: 'navigate to plans' },
    renderNoSubscription: { description: 'Replaces the whole no-subscription state.', control: false },
  },
  args: { pricingHref: '#plans' },
  // A fresh in-memory billing per render, seeded from the story's scenario (not set in the meta: Storybook deep-merges
  // parameters, which would mix two scenarios).
  loaders: [
    ({ parameters }) => ({
      billing: createInMemoryBilling(
        (parameters.scenario as BillingScenario | undefined) ?? scenarios.active,
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
        <SubscriptionSummary {...args} />
      </InMemoryBillingProvider>
    );
  },
} satisfies Meta<typeof SubscriptionSummary>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pro, active and paid, renewing on 1 March. */
export const Active: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, { timeout: 5000 })).toBeVisible();
    await expect(canvas.getByText('Active')).toBeVisible();
  },
};

/** No subscription yet: a sentence and "See plans". */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText("You don't have a subscription yet.", {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'See plans' })).toHaveAttribute('href', '#plans');
  },
};

/** In its trial: the trial's end date. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('Your trial ends on March 1, 2027.', {}, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** The renewal failed: the status says so (the banner and the card section offer to pay). */
export const PastDue: Story = {
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Past due', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** Canceled at period end: it does not renew and ends on 1 March. */
export const CanceledAtPeriodEnd: Story = {
  parameters: { scenario: scenarios.endingAtPeriodEnd },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('Your subscription ends on March 1, 2027.', {}, { timeout: 5000 }),
    ).toBeVisible();
    await expect(canvas.getByText('Does not renew')).toBeVisible();
  },
};

/** A downgrade to Basic is scheduled for the period end: the next renewal is Basic's price. */
export const ScheduledDowngrade: Story = {
  parameters: { scenario: scenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/Basic/, {}, { timeout: 5000 })).toBeVisible();
    await expect(canvas.getByText('$10.00 on March 1, 2027')).toBeVisible();
  },
};

/** A checkout whose payment waits on 3D Secure: `incomplete`, not renewing yet. */
export const IncompleteAwaiting3ds: Story = {
  parameters: { scenario: scenarios.incompleteAwaiting3ds },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Incomplete', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** Team with 5 seats: the price is per seat and the seats are listed. */
export const PerSeat: Story = {
  parameters: { scenario: perSeat },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('5', {}, { timeout: 5000 })).toBeVisible();
    await expect(canvas.getByText('$75.00 on March 1, 2027')).toBeVisible();
  },
};

/** Billed in yen: no decimals. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: yen },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('¥2,000 on March 1, 2027', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** The subscription never arrives: a skeleton, announced as busy. */
export const Loading: Story = {
  parameters: { scenario: scenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Your plan' })).toHaveAttribute('aria-busy', 'true');
  },
};

/** The first read fails: an error with Retry, and Retry shows the subscription. */
export const LoadErrorWithRetry: Story = {
  parameters: { scenario: scenarios.error },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText("We couldn't load your subscription.", {}, { timeout: 5000 }),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** In German: strings from `deMessages`, money and dates for de-DE. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: 'Ihr Tarif' }, { timeout: 5000 })).toBeVisible();
    await expect(await canvas.findByText('Aktiv', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Active', {}, { timeout: 5000 })).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Active', {}, { timeout: 5000 })).toBeVisible();
  },
};
