import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
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

const meta = {
  title: 'Components/SubscriptionSummary',
  component: SubscriptionSummary,
  tags: ['autodocs'],
  parameters: {
    docs: { description: { component: usage } },
  },
  argTypes: {
    headingLevel: headingLevelArgType,
    pricingHref: { description: 'Where "See plans" goes when there is no subscription.', control: 'text' },
    onNavigateToPlans: { description: 'Client-side routing for "See plans".', action: 'navigate to plans' },
    renderNoSubscription: { description: 'Replaces the whole no-subscription state.', control: false },
  },
  args: { pricingHref: '#plans' },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <SubscriptionSummary {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof SubscriptionSummary>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pro, active and paid, renewing on 1 March. */
export const Active: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, WAIT)).toBeVisible();
    await expect(canvas.getByText('Active')).toBeVisible();
  },
};

/** No subscription yet: a sentence and "See plans". */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("You don't have a subscription yet.", {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'See plans' })).toHaveAttribute('href', '#plans');
  },
};

/** In its trial: the trial's end date. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Your trial ends on March 1, 2027.', {}, WAIT)).toBeVisible();
  },
};

/** The renewal failed: the status says so (the banner and the card section offer to pay). */
export const PastDue: Story = {
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Past due', {}, WAIT)).toBeVisible();
  },
};

/** Canceled at period end: it does not renew and ends on 1 March. */
export const CanceledAtPeriodEnd: Story = {
  parameters: { scenario: scenarios.endingAtPeriodEnd },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Your subscription ends on March 1, 2027.', {}, WAIT)).toBeVisible();
    await expect(canvas.getByText('Does not renew')).toBeVisible();
  },
};

/** A downgrade to Basic is scheduled for the period end: the next renewal is Basic's price. */
export const ScheduledDowngrade: Story = {
  parameters: { scenario: scenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/Basic/, {}, WAIT)).toBeVisible();
    await expect(canvas.getByText('$10.00 on March 1, 2027')).toBeVisible();
  },
};

/** A checkout whose payment waits on 3D Secure: `incomplete`, not renewing yet. */
export const IncompleteAwaiting3ds: Story = {
  parameters: { scenario: scenarios.incompleteAwaiting3ds },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Incomplete', {}, WAIT)).toBeVisible();
  },
};

/** Team with 5 seats: the price is per seat and the seats are listed. */
export const PerSeat: Story = {
  parameters: { scenario: portalScenarios.perSeat },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('5', {}, WAIT)).toBeVisible();
    await expect(canvas.getByText('$75.00 on March 1, 2027')).toBeVisible();
  },
};

/** Billed in yen: no decimals. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: portalScenarios.activeInYen },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('¥2,000 on March 1, 2027', {}, WAIT)).toBeVisible();
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
    await expect(await canvas.findByText("We couldn't load your subscription.", {}, WAIT)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, WAIT)).toBeVisible();
  },
};

/** In German: strings from `deMessages`, money and dates for de-DE. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: 'Ihr Tarif' }, WAIT)).toBeVisible();
    await expect(await canvas.findByText('Aktiv', {}, WAIT)).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Active', {}, WAIT)).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Active', {}, WAIT)).toBeVisible();
  },
};
