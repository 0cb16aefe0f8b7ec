import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { CancelSubscription } from './cancel-subscription.js';

const states: GalleryState[] = [
  { label: 'Active', scenario: scenarios.active, settledText: 'Cancel subscription' },
  { label: 'Trialing', scenario: scenarios.trialing, settledText: 'Cancel subscription' },
  { label: 'Past due', scenario: scenarios.pastDue, settledText: 'Cancel subscription' },
  {
    label: 'Canceled at period end',
    scenario: scenarios.endingAtPeriodEnd,
    settledText: 'Resume subscription',
  },
  {
    label: 'Scheduled downgrade',
    scenario: scenarios.scheduledDowngrade,
    settledText: 'Cancel subscription',
  },
  { label: 'German', scenario: scenarios.active, settledText: 'Abonnement kündigen', german: true },
  { label: 'Dark', scenario: scenarios.endingAtPeriodEnd, settledText: 'Resume subscription', dark: true },
  { label: 'Narrow (320 px)', scenario: scenarios.active, settledText: 'Cancel subscription', narrow: true },
];

const meta = {
  title: 'Galleries/CancelSubscription',
  component: CancelSubscription,
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
} satisfies Meta<typeof CancelSubscription>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states} minColumnWidth="20rem">
      {(_state, cell) => <CancelSubscription {...args} headingLevel={3} labelledBy={cell.labelledBy} />}
    </GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states, { exact: false });
  },
};
