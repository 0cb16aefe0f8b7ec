import type { Meta, StoryObj } from '@storybook/react-vite';
import { portalScenarios } from '../../test/portal-story-client.js';
import { renderInPortalStory } from '../../test/portal-story-provider.js';
import { SubscriptionSummary } from './subscription-summary.js';

const meta = {
  title: 'Billing portal/SubscriptionSummary',
  component: SubscriptionSummary,
  render: renderInPortalStory(SubscriptionSummary),
} satisfies Meta<typeof SubscriptionSummary>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Active: Story = { args: { pricingHref: '#plans' } };
export const Trialing: Story = { parameters: { data: portalScenarios.trialing } };
export const PastDue: Story = { parameters: { data: portalScenarios.pastDue } };
export const EndingAtPeriodEnd: Story = { parameters: { data: portalScenarios.endingAtPeriodEnd } };
export const ScheduledDowngrade: Story = { parameters: { data: portalScenarios.scheduledDowngrade } };
export const NoSubscription: Story = {
  args: { pricingHref: '#plans' },
  parameters: { data: portalScenarios.none },
};
export const Loading: Story = { parameters: { data: portalScenarios.loading } };
export const LoadError: Story = { parameters: { data: portalScenarios.error } };
