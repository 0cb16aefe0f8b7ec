import type { Meta, StoryObj } from '@storybook/react-vite';
import { portalScenarios } from '../../test/portal-story-client.js';
import { renderInPortalStory } from '../../test/portal-story-provider.js';
import { CancelSubscription } from './cancel-subscription.js';

const meta = {
  title: 'Billing portal/CancelSubscription',
  component: CancelSubscription,
  render: renderInPortalStory(CancelSubscription),
} satisfies Meta<typeof CancelSubscription>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Cancel opens the confirmation; confirming swaps in Resume. */
export const Renewing: Story = {};
export const EndingAtPeriodEnd: Story = { parameters: { data: portalScenarios.endingAtPeriodEnd } };
