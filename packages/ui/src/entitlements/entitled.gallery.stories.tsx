import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { subscriptionFixture } from '../../test/portal-fixtures.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { Entitled } from './entitled.js';

/** 14 February 2027, a day before the in-memory clock's start: a renewal that failed then is in its grace period. */
const YESTERDAY = subscriptionFixture().currentPeriodStart + 13 * 86_400;

const states: GalleryState[] = [
  { label: 'Granted', scenario: scenarios.active, settledText: 'Analytics dashboard' },
  {
    label: 'Grace period',
    scenario: {
      ...scenarios.pastDue,
      subscriptions: [
        subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open', pastDueSince: YESTERDAY }),
      ],
    },
    settledText: 'Analytics dashboard',
  },
  {
    label: 'Not granted (no subscription)',
    scenario: scenarios.newCustomer,
    settledText: 'Upgrade to see it',
  },
  { label: 'Not granted (grace period over)', scenario: scenarios.pastDue, settledText: 'Upgrade to see it' },
  { label: 'Loading', scenario: scenarios.loading, settledText: 'Checking your plan' },
  {
    label: 'Error (fails closed)',
    scenario: { ...scenarios.active, faults: { getEntitlements: 'error' } },
    settledText: 'Upgrade to see it',
  },
];

const meta = {
  title: 'Galleries/Entitled',
  component: Entitled,
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
  args: { feature: 'analytics' },
} satisfies Meta<typeof Entitled>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states} minColumnWidth="16rem">
      {() => (
        <Entitled
          {...args}
          feature="analytics"
          fallback={<p>Analytics is part of Pro. Upgrade to see it.</p>}
          loading={<p>Checking your plan…</p>}
        >
          <p>Analytics dashboard</p>
        </Entitled>
      )}
    </GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states, { exact: false });
  },
};
