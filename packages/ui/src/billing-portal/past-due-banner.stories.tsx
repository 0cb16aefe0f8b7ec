import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  type PortalStoryData,
  portalScenarios,
  portalStoryClient,
  storyQueryClient,
} from '../../test/portal-story-client.js';
import { BillingProvider } from '../index.js';
import { PastDueBanner } from './past-due-banner.js';

const meta = {
  title: 'Billing portal/PastDueBanner',
  component: PastDueBanner,
  render: (args, { parameters }) => (
    <BillingProvider
      client={portalStoryClient((parameters.data as PortalStoryData | undefined) ?? portalScenarios.active)}
      queryClient={storyQueryClient()}
      stripe={() => Promise.resolve(null)}
    >
      <PastDueBanner {...args} />
    </BillingProvider>
  ),
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Click Pay now: the story's server accepts the payment. */
export const PastDue: Story = { parameters: { data: portalScenarios.pastDue } };
export const PayNowAsLink: Story = {
  args: { payNowHref: '#cards', paymentMethodsHref: '#cards' },
  parameters: { data: portalScenarios.pastDue },
};
/** Renders nothing: the subscription is paid up. */
export const Active: Story = {};
