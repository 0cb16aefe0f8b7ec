import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { BillingPortal } from './billing-portal.js';

const usage = `
Everything a customer manages about their subscription, for a settings page: a past-due banner with recovery, the
subscription summary, the plan switcher, payment methods, invoice history, and cancel / resume. Each section is also
exported alone for hosts that lay them out themselves.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <BillingPortal pricingHref="/pricing" />
</BillingProvider>
\`\`\`
`;

const sections = ['pastDue', 'summary', 'planSwitcher', 'paymentMethods', 'invoices', 'cancel'] as const;

const meta = {
  title: 'Components/BillingPortal',
  component: BillingPortal,
  tags: ['autodocs'],
  parameters: { docs: { description: { component: usage } } },
  argTypes: {
    hide: {
      description: 'Sections to leave out.',
      control: 'check',
      options: sections,
    },
    headingLevel: headingLevelArgType,
    pricingHref: { description: 'Where "See plans" goes when there is no subscription.', control: 'text' },
    onNavigateToPlans: { description: 'Client-side routing for "See plans".', action: 'navigate to plans' },
    renderNoSubscription: { description: 'Replaces the no-subscription state.', control: false },
    paymentMethodsHref: {
      description: 'Where the past-due banner\'s "Update your card" goes.',
      control: 'text',
    },
    onUpdatePaymentMethod: {
      description: 'Client-side routing for "Update your card".',
      action: 'update payment method',
    },
    onPlanChanged: {
      description: 'Called once a plan change is applied or scheduled.',
      action: 'plan changed',
    },
  },
  args: { pricingHref: '#plans' },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <BillingPortal {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof BillingPortal>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pro, active and paid: every section. */
export const Active: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('listitem', { name: 'Visa ending in 4242' }, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('cell', { name: 'BK-0001' }, WAIT)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Cancel subscription' })).toBeVisible();
  },
};

/** No subscription: the summary points to the plans; no plan, card or cancel section. */
export const NewCustomer: Story = {
  parameters: { scenario: scenarios.newCustomer },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('link', { name: 'See plans' }, WAIT)).toHaveAttribute(
      'href',
      '#plans',
    );
    await expect(await canvas.findByText('No invoices yet.', {}, WAIT)).toBeVisible();
    await expect(canvas.queryByRole('region', { name: 'Payment methods' })).not.toBeInTheDocument();
  },
};

/** In a trial. */
export const Trialing: Story = {
  parameters: { scenario: scenarios.trialing },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Your trial ends on March 1, 2027.', {}, WAIT)).toBeVisible();
  },
};

/**
 * The renewal failed: the banner says so and links to the card section, which pays with the default card. Paid,
 * the banner goes and the subscription is active again, after exactly one charge of what was owed.
 */
export const PastDueWithRecovery: Story = {
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas, userEvent, loaded }) => {
    const billing = loadedBilling(loaded);
    await expect(await canvas.findByRole('link', { name: 'Pay $20.00 now' }, WAIT)).toHaveAttribute(
      'href',
      '#billing-portal-payment-methods',
    );
    await userEvent.click(
      await canvas.findByRole('button', { name: 'Pay $20.00 now with Visa ending in 4242' }, WAIT),
    );

    await expect(await canvas.findByText('Thank you: $20.00 was paid.', {}, WAIT)).toBeVisible();
    await waitFor(() => expect(canvas.queryByText('Your last payment failed')).not.toBeInTheDocument(), {
      timeout: 5000,
    });
    await expect(await canvas.findByText('Active', {}, WAIT)).toBeVisible();
    await expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
  },
};

/** Canceled at period end: the end date, and Resume. */
export const CanceledAtPeriodEnd: Story = {
  parameters: { scenario: scenarios.endingAtPeriodEnd },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Resume subscription' }, WAIT)).toBeVisible();
  },
};

/** A downgrade to Basic is scheduled for 1 March. */
export const ScheduledDowngrade: Story = {
  parameters: { scenario: scenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$10.00 on March 1, 2027', {}, WAIT)).toBeVisible();
  },
};

/** A checkout waiting on 3D Secure: `incomplete`, with its open invoice. */
export const IncompleteAwaiting3ds: Story = {
  parameters: { scenario: scenarios.incompleteAwaiting3ds },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Incomplete', {}, WAIT)).toBeVisible();
    await expect(await canvas.findByText('Due', {}, WAIT)).toBeVisible();
  },
};

/** Active, but no invoice yet. */
export const EmptyInvoices: Story = {
  parameters: { scenario: { ...scenarios.active, invoices: [] } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No invoices yet.', {}, WAIT)).toBeVisible();
  },
};

/** Team with 5 seats. */
export const PerSeat: Story = {
  parameters: { scenario: portalScenarios.perSeat },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$75.00 on March 1, 2027', {}, WAIT)).toBeVisible();
  },
};

/** Nothing has arrived yet: skeletons. */
export const Loading: Story = {
  parameters: { scenario: scenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Your plan' })).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getByRole('region', { name: 'Invoices' })).toHaveAttribute('aria-busy', 'true');
  },
};

/** Every first read fails: each section shows its error with Retry, and Retry brings the data. */
export const LoadErrorWithRetry: Story = {
  parameters: { scenario: scenarios.error },
  play: async ({ canvas, userEvent }) => {
    await expect(await canvas.findByText("We couldn't load your subscription.", {}, WAIT)).toBeVisible();
    await expect(await canvas.findByText("We couldn't load your invoices.", {}, WAIT)).toBeVisible();
    for (const retry of canvas.getAllByRole('button', { name: 'Retry' })) await userEvent.click(retry);

    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('cell', { name: 'BK-0001' }, WAIT)).toBeVisible();
  },
};

/** Only the summary and the cards: `hide` leaves the other sections out. */
export const SomeSectionsHidden: Story = {
  args: { hide: ['planSwitcher', 'invoices', 'cancel'] },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('listitem', { name: 'Visa ending in 4242' }, WAIT)).toBeVisible();
    await expect(canvas.queryByRole('region', { name: 'Invoices' })).not.toBeInTheDocument();
    await expect(canvas.queryByRole('button', { name: 'Cancel subscription' })).not.toBeInTheDocument();
  },
};

/** In German. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Ihre letzte Zahlung ist fehlgeschlagen', {}, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('heading', { name: 'Rechnungen' }, WAIT)).toBeVisible();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Your last payment failed', {}, WAIT)).toBeVisible();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('$20.00 on March 1, 2027', {}, WAIT)).toBeVisible();
  },
};
