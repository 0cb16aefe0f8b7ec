import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen } from 'storybook/test';
import { subscriptionFixture } from '../../test/portal-fixtures.js';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { planSwitcherScenarios } from '../../test/storybook/plan-switcher-scenarios.js';
import { WAIT } from '../../test/storybook/play.js';
import { PlanSwitcher } from './plan-switcher.js';

/** The fixtures' subscription id: every scenario below keeps it, so one `subscriptionId` arg fits them all. */
const SUBSCRIPTION_ID = subscriptionFixture().id;
const meta = {
  title: 'Components/PlanSwitcher',
  component: PlanSwitcher,
  tags: ['autodocs'],
  args: { subscriptionId: SUBSCRIPTION_ID, onChanged: fn() },
  argTypes: {
    subscriptionId: {
      description: 'The subscription to change (an id from `listSubscriptions`).',
      control: 'text',
    },
    debounceMs: {
      description: 'How long the choice must rest before a preview is fetched, in ms.',
      control: { type: 'number', min: 0, step: 50 },
      table: { defaultValue: { summary: '300' } },
    },
    headingLevel: headingLevelArgType,
    onChanged: {
      description: 'Called once a change is made: applied now (paid) or scheduled for the period end.',
      action: 'changed',
    },
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (Pro, active, by default).
  loaders: [withInMemoryBilling(planSwitcherScenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <PlanSwitcher {...args} />
    </InMemoryStory>
  ),
  parameters: {
    docs: {
      description: {
        component: `Changes the plan, interval or seats of a subscription: the customer chooses (radio groups, and a seat
count for per-seat plans), sees the server's preview of what changes (credit, charge, amount due now, next invoice),
and confirms in a dialog. Upgrades are charged to the default card at once, with 3D Secure handled in place;
downgrades and interval changes are scheduled for the period end and can be cancelled ("Keep Pro").

\`\`\`tsx
import { BillingProvider, createBillingClient, PlanSwitcher } from '@billing-kit/ui';
import { loadStripe } from '@stripe/stripe-js/pure';

const client = createBillingClient(); // your server's createBilling handler, at /api/billing

<BillingProvider client={client} stripe={() => loadStripe('pk_live_...')}>
  <PlanSwitcher subscriptionId={subscription.id} onChanged={({ outcome }) => toast(outcome)} />
</BillingProvider>
\`\`\`

These stories run on the in-memory billing (\`packages/ui/test/in-memory-billing\`) and the fake Stripe.js: choose
another plan to see a real preview; the **Flows/Plan changes** stories play the upgrade, 3D Secure, a decline, a
downgrade and its cancellation.`,
      },
    },
  },
} satisfies Meta<typeof PlanSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pro, active and paid: the current plan is chosen, nothing to confirm until another plan, interval or seat count. */
export const Active: Story = {
  play: async ({ canvas }) => {
    const pro = await canvas.findByRole('radio', { name: 'Pro' }, WAIT);
    await expect(pro).toBeChecked();
    await expect(canvas.getByRole('radio', { name: 'Monthly' })).toBeChecked();
    await expect(canvas.queryByRole('button', { name: /switch|change to/i })).not.toBeInTheDocument();
  },
};

/** Pro in its trial: changing now costs nothing until the trial ends. */
export const Trialing: Story = {
  parameters: { scenario: planSwitcherScenarios.trialing },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** Pro with a failed renewal: the plans still show; paying the invoice is the billing portal's job. */
export const PastDue: Story = {
  parameters: { scenario: planSwitcherScenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** Pro cancelled at the period end. */
export const CanceledAtPeriodEnd: Story = {
  parameters: { scenario: planSwitcherScenarios.endingAtPeriodEnd },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** A downgrade to Basic is scheduled for 1 March: the notice says so and offers to keep Pro. */
export const ScheduledDowngrade: Story = {
  parameters: { scenario: planSwitcherScenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/Changes to Basic on/, {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Keep Pro' })).toBeEnabled();
  },
};

/** The subscription is not the customer's (or there is none): a plain sentence, no controls. */
export const NoSubscription: Story = {
  parameters: { scenario: planSwitcherScenarios.noSubscription },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("You don't have a subscription to change.", {}, WAIT)).toBeVisible();
  },
};

/** The catalog and subscriptions are still loading: a skeleton, announced once. */
export const Loading: Story = {
  parameters: { scenario: planSwitcherScenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Loading your plan…')).toBeInTheDocument();
    await expect(canvas.queryByRole('radiogroup')).not.toBeInTheDocument();
  },
};

/** Loading failed once: Retry loads the plan. */
export const ErrorWithRetry: Story = {
  parameters: { scenario: planSwitcherScenarios.error },
  play: async ({ canvas, userEvent }) => {
    const alert = await canvas.findByRole('alert', {}, WAIT);
    await expect(alert).toHaveTextContent("We couldn't load your plan.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** The preview failed once: its own Retry fetches it again, the choice is kept. */
export const PreviewErrorWithRetry: Story = {
  parameters: {
    scenario: { ...planSwitcherScenarios.active, faults: { previewPlanChange: 'error-once' } },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('radio', { name: 'Basic' }, WAIT));
    const alert = await canvas.findByRole('alert', {}, WAIT);
    await expect(alert).toHaveTextContent("We couldn't calculate the price of this change.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('region', { name: 'What changes' }, WAIT)).toBeVisible();
  },
};

/** Team, sold per seat: the seat count joins the choice. */
export const PerSeat: Story = {
  parameters: { scenario: planSwitcherScenarios.perSeat },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Team' }, WAIT)).toBeChecked();
    await expect(canvas.getByRole('spinbutton', { name: 'Seats' })).toHaveValue(3);
  },
};

/** Yen has no minor unit: ¥2,000, not ¥20.00. */
export const ZeroDecimalCurrency: Story = {
  parameters: { scenario: planSwitcherScenarios.yen },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/¥2,000 per month/, {}, WAIT)).toBeVisible();
  },
};

/** A catalog of one plan: only the interval can change. */
export const OnePlan: Story = {
  parameters: { scenario: planSwitcherScenarios.onePlan },
  play: async ({ canvas }) => {
    await canvas.findByRole('radio', { name: 'Pro' }, WAIT);
    await expect(canvas.getAllByRole('radio')).toHaveLength(3);
  },
};

/** Twelve plans in one radio group. */
export const TwelvePlans: Story = {
  parameters: { scenario: planSwitcherScenarios.twelvePlans },
  play: async ({ canvas }) => {
    const plans = await canvas.findByRole('radiogroup', { name: 'Plan' }, WAIT);
    await expect(plans.querySelectorAll('[role="radio"]')).toHaveLength(12);
  },
};

/** German strings, euros-style number formats and dates (`deMessages`), as the Locale toolbar does. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radiogroup', { name: 'Tarif' }, WAIT)).toBeVisible();
    await expect(canvas.getByRole('radio', { name: 'Monatlich' })).toBeChecked();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** An upgrade chosen: the preview shows the credit, the charge and the amount due now; the button says what it costs. */
export const UpgradePreviewed: Story = {
  parameters: { scenario: planSwitcherScenarios.upgradeFromBasic },
  play: async ({ canvas, userEvent, loaded }) => {
    await userEvent.click(await canvas.findByRole('radio', { name: 'Pro' }, WAIT));
    await expect(await canvas.findByRole('region', { name: 'What changes' }, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('button', { name: 'Pay $5.00 now and switch' }, WAIT)).toBeEnabled();
    // A preview is only a preview: nothing is charged until the customer confirms in the dialog.
    await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await expect(loadedBilling(loaded).state().charges).toEqual([]);
  },
};
