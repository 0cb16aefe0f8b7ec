import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { BillingPortal } from './billing-portal.js';

const states: GalleryState[] = [
  {
    label: 'New customer',
    scenario: scenarios.newCustomer,
    settledText: "You don't have a subscription yet.",
  },
  { label: 'Trialing', scenario: scenarios.trialing, settledText: 'Your trial ends on March 1, 2027.' },
  { label: 'Active', scenario: scenarios.active, settledText: '$20.00 on March 1, 2027' },
  { label: 'Past due', scenario: scenarios.pastDue, settledText: 'Pay $20.00 now with Visa ending in 4242' },
  {
    label: 'Canceled at period end',
    scenario: scenarios.endingAtPeriodEnd,
    settledText: 'Resume subscription',
  },
  {
    label: 'Scheduled downgrade',
    scenario: scenarios.scheduledDowngrade,
    settledText: '$10.00 on March 1, 2027',
  },
  {
    label: 'Incomplete, awaiting 3D Secure',
    scenario: scenarios.incompleteAwaiting3ds,
    settledText: 'Incomplete',
  },
  {
    label: 'Per seat',
    scenario: portalScenarios.perSeat,
    settledText: '$75.00 on March 1, 2027',
  },
  {
    label: 'Empty invoices',
    scenario: { ...scenarios.active, invoices: [] },
    settledText: 'No invoices yet.',
  },
  { label: 'Loading', scenario: scenarios.loading, settledText: 'Your plan' },
  {
    label: 'Error',
    scenario: { ...scenarios.active, faults: { listSubscriptions: 'error', listInvoices: 'error' } },
    settledText: "We couldn't load your subscription.",
  },
  {
    label: 'German',
    scenario: scenarios.pastDue,
    settledText: 'Ihre letzte Zahlung ist fehlgeschlagen',
    german: true,
  },
  { label: 'Dark', scenario: scenarios.pastDue, settledText: 'Your last payment failed', dark: true },
  {
    label: 'Narrow (320 px)',
    scenario: scenarios.active,
    settledText: '$20.00 on March 1, 2027',
    narrow: true,
  },
];

const meta = {
  title: 'Galleries/BillingPortal',
  component: BillingPortal,
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
} satisfies Meta<typeof BillingPortal>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states} minColumnWidth="30rem">
      {(_state, cell) => (
        <BillingPortal {...args} headingLevel={3} pricingHref="#plans" labelledBy={cell.labelledBy} />
      )}
    </GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states, { exact: false });
  },
};
