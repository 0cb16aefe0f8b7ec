import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  type PortalStoryData,
  portalScenarios,
  portalStoryClient,
  storyQueryClient,
} from '../../test/portal-story-client.js';
import { BillingProvider } from '../index.js';
import { CancelSubscription } from './cancel-subscription.js';

const meta = {
  title: 'Billing portal/CancelSubscription',
  component: CancelSubscription,
  render: (args, { parameters }) => (
    <BillingProvider
      client={portalStoryClient((parameters.data as PortalStoryData | undefined) ?? portalScenarios.active)}
      queryClient={storyQueryClient()}
      stripe={() => Promise.resolve(null)}
    >
      <CancelSubscription {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof CancelSubscription>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Cancel opens the confirmation; confirming swaps in Resume. */
export const Renewing: Story = {};
export const EndingAtPeriodEnd: Story = { parameters: { data: portalScenarios.endingAtPeriodEnd } };
