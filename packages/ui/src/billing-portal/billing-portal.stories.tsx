import type { Meta, StoryObj } from '@storybook/react-vite';
import { portalScenarios } from '../../test/portal-story-client.js';
import { renderInPortalStory } from '../../test/portal-story-provider.js';
import { BillingPortal } from './billing-portal.js';

const meta = {
  title: 'Billing portal/BillingPortal',
  component: BillingPortal,
  render: renderInPortalStory(BillingPortal),
} satisfies Meta<typeof BillingPortal>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Active: Story = { args: { pricingHref: '#plans' } };
export const PastDue: Story = { parameters: { data: portalScenarios.pastDue } };
export const EndingAtPeriodEnd: Story = { parameters: { data: portalScenarios.endingAtPeriodEnd } };
export const ScheduledDowngrade: Story = { parameters: { data: portalScenarios.scheduledDowngrade } };
export const NoSubscription: Story = {
  args: { pricingHref: '#plans' },
  parameters: { data: portalScenarios.none },
};
export const Loading: Story = { parameters: { data: portalScenarios.loading } };
export const LoadError: Story = { parameters: { data: portalScenarios.error } };
export const WithoutInvoicesAndCancel: Story = { args: { hide: ['invoices', 'cancel'] } };
