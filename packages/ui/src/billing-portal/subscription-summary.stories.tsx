import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  type PortalStoryData,
  portalScenarios,
  portalStoryClient,
  storyQueryClient,
} from '../../test/portal-story-client.js';
import { BillingProvider } from '../index.js';
import { SubscriptionSummary } from './subscription-summary.js';

const meta = {
  title: 'Billing portal/SubscriptionSummary',
  component: SubscriptionSummary,
  render: (args, { parameters }) => (
    <BillingProvider
      client={portalStoryClient((parameters.data as PortalStoryData | undefined) ?? portalScenarios.active)}
      queryClient={storyQueryClient()}
      stripe={() => Promise.resolve(null)}
    >
      <SubscriptionSummary {...args} />
    </BillingProvider>
  ),
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
