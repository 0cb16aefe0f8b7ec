import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { type BillingScenario, scenarios } from '../../test/in-memory-billing/index.js';
import { subscriptionFixture } from '../../test/portal-fixtures.js';
import { InMemoryStory, loadedBilling, withInMemoryBilling } from '../../test/storybook/billing-story.js';
import { WAIT } from '../../test/storybook/play.js';
import { Entitled } from './entitled.js';

const usage = `
Shows its children only when the signed-in customer is entitled to \`feature\` (as the server decides: \`active\` and
\`trialing\` grant the plan's entitlements, \`past_due\` grants them until the grace period ends); otherwise
\`fallback\`. Renders no markup of its own. Gate on the server too: this is for showing and hiding.

\`\`\`tsx
<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <Entitled feature="analytics" fallback={<UpgradePrompt />} loading={<Spinner />}>
    <AnalyticsDashboard />
  </Entitled>
</BillingProvider>
\`\`\`
`;

/**
 * 2027-02-14T12:00:00Z: a day before the in-memory clock's start for the fixtures' period (15 February), so a renewal
 * that failed then is still inside its 7-day grace period.
 */
const YESTERDAY = subscriptionFixture().currentPeriodStart + 13 * 86_400;

/** Past due since yesterday: the grace period still grants Pro's `analytics`. */
const gracePeriod: BillingScenario = {
  ...scenarios.pastDue,
  subscriptions: [
    subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open', pastDueSince: YESTERDAY }),
  ],
};

const meta = {
  title: 'Components/Entitled',
  component: Entitled,
  tags: ['autodocs'],
  parameters: {
    docs: { description: { component: usage } },
  },
  argTypes: {
    feature: {
      description: 'The entitlement key to require, or several that must all be granted.',
      control: 'select',
      options: ['analytics', 'sso'],
    },
    fallback: { description: 'Shown when the feature is not granted or could not be read.', control: false },
    loading: { description: 'Shown while the entitlements load.', control: false },
    children: { description: 'Shown when the feature is granted.', control: false },
  },
  args: {
    feature: 'analytics',
    fallback: <p>Analytics is part of Pro. Upgrade to see it.</p>,
    loading: <p>Checking your plan…</p>,
    children: <p>Analytics dashboard</p>,
  },
  // A fresh in-memory billing per story run, from the story's `parameters.scenario` (active unless it says otherwise).
  loaders: [withInMemoryBilling(scenarios.active)],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <Entitled {...args} />
    </InMemoryStory>
  ),
} satisfies Meta<typeof Entitled>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Active Pro: `analytics` is granted, the dashboard shows. */
export const Granted: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Analytics dashboard', {}, WAIT)).toBeVisible();
    await expect(canvas.queryByText(/Upgrade to see it/)).not.toBeInTheDocument();
  },
};

/** Past due since yesterday: still inside the 7-day grace period, so the feature stays on. */
export const GracePeriod: Story = {
  parameters: { scenario: gracePeriod },
  play: async ({ canvas, loaded }) => {
    await expect(await canvas.findByText('Analytics dashboard', {}, WAIT)).toBeVisible();
    const entitlements = await loadedBilling(loaded).client.getEntitlements();
    await expect(entitlements).toMatchObject({ status: 'past_due', features: ['analytics'] });
    await expect(entitlements.graceEndsAt).toBe(YESTERDAY + 7 * 86_400);
  },
};

/** Active Basic, which does not include `analytics`: the upgrade prompt shows instead. */
export const NotGranted: Story = {
  parameters: { scenario: scenarios.activeBasic },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('Analytics is part of Pro. Upgrade to see it.', {}, WAIT),
    ).toBeVisible();
    await expect(canvas.queryByText('Analytics dashboard')).not.toBeInTheDocument();
  },
};

/** Past due and the grace period is over: the server withdrew the features. */
export const GracePeriodOver: Story = {
  parameters: { scenario: scenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('Analytics is part of Pro. Upgrade to see it.', {}, WAIT),
    ).toBeVisible();
  },
};

/** The entitlements never arrive: the `loading` slot shows, neither the feature nor the prompt. */
export const Loading: Story = {
  parameters: { scenario: scenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Checking your plan…')).toBeVisible();
    await expect(canvas.queryByText('Analytics dashboard')).not.toBeInTheDocument();
  },
};

/** The entitlements cannot be read: it fails closed and shows the fallback. */
export const LoadError: Story = {
  parameters: { scenario: { ...scenarios.active, faults: { getEntitlements: 'error' } } },
  play: async ({ canvas, loaded }) => {
    await expect(
      await canvas.findByText('Analytics is part of Pro. Upgrade to see it.', {}, WAIT),
    ).toBeVisible();
    await waitFor(() =>
      expect(
        loadedBilling(loaded)
          .state()
          .requests.filter((request) => request.path === '/entitlements'),
      ).toHaveLength(1),
    );
  },
};

/** Several features at once: Pro has `analytics` but not Team's `sso`, so the fallback shows. */
export const SeveralFeatures: Story = {
  args: { feature: ['analytics', 'sso'] },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText('Analytics is part of Pro. Upgrade to see it.', {}, WAIT),
    ).toBeVisible();
  },
};
