import type { Meta, StoryObj } from '@storybook/react-vite';
import { portalScenarios } from '../../test/portal-story-client.js';
import { renderInPortalStory } from '../../test/portal-story-provider.js';
import { PastDueBanner } from './past-due-banner.js';

const meta = {
  title: 'Billing portal/PastDueBanner',
  component: PastDueBanner,
  render: renderInPortalStory(PastDueBanner),
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
