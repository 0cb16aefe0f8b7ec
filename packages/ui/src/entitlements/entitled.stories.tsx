import type { Meta, StoryObj } from '@storybook/react-vite';
import { entitlementsFixture } from '../../test/portal-fixtures.js';
import { type PortalStoryData, portalStoryClient, storyQueryClient } from '../../test/portal-story-client.js';
import { BillingProvider } from '../index.js';
import { Entitled } from './entitled.js';

const meta = {
  title: 'Billing portal/Entitled',
  component: Entitled,
  args: {
    feature: 'analytics',
    fallback: <p>Analytics is part of Pro. Upgrade to see it.</p>,
    loading: <p>Checking your plan…</p>,
    children: <p>Analytics dashboard</p>,
  },
  render: (args, { parameters }) => (
    <BillingProvider
      client={portalStoryClient((parameters.data as PortalStoryData | undefined) ?? {})}
      queryClient={storyQueryClient()}
      stripe={() => Promise.resolve(null)}
    >
      <Entitled {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof Entitled>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Granted: Story = {};
export const GracePeriod: Story = {
  parameters: {
    data: { entitlements: entitlementsFixture({ status: 'past_due', graceEndsAt: 1_803_902_400 }) },
  },
};
export const NotGranted: Story = {
  parameters: { data: { entitlements: entitlementsFixture({ features: [], status: 'canceled' }) } },
};
export const Loading: Story = { parameters: { data: { entitlements: 'loading' } } };
