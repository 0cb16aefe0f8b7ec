import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { storyCatalogs } from '../../test/storybook/story-catalogs.js';
import { PricingTable } from './pricing-table.js';

const states: GalleryState[] = [
  { label: 'New customer', scenario: scenarios.newCustomer, settledText: 'Choose Pro' },
  { label: 'Active customer', scenario: scenarios.active, settledText: 'Switch to Basic' },
  { label: 'Trialing', scenario: scenarios.trialing, settledText: 'Switch to Basic' },
  { label: 'One plan', scenario: { catalog: storyCatalogs.onePlan }, settledText: 'Choose Pro' },
  { label: 'Twelve plans', scenario: { catalog: storyCatalogs.twelvePlans }, settledText: 'Choose Plan 12' },
  { label: 'Per seat', scenario: scenarios.newCustomer, settledText: 'Seats for Team' },
  { label: 'Tiered', scenario: { catalog: storyCatalogs.tiered }, settledText: 'See pricing tiers' },
  { label: 'Free trial', scenario: { catalog: storyCatalogs.trial }, settledText: '14-day free trial' },
  { label: 'Yen (zero-decimal)', scenario: { catalog: storyCatalogs.yen }, settledText: '¥2,000 per month' },
  { label: 'German', scenario: scenarios.newCustomer, german: true, settledText: 'Pro wählen' },
  { label: 'Dark', scenario: scenarios.newCustomer, dark: true, settledText: 'Choose Pro' },
  { label: 'Narrow (320 px)', scenario: scenarios.newCustomer, narrow: true, settledText: 'Choose Pro' },
  { label: 'Loading', scenario: scenarios.loading, settledText: 'Loading plans…' },
  { label: 'Empty catalog', scenario: scenarios.empty, settledText: 'No plans are available right now.' },
  {
    label: 'Error (Retry fails again)',
    scenario: { faults: { getCatalog: 'error' } },
    settledText: "We couldn't load the plans.",
  },
];

const meta = {
  title: 'Galleries/PricingTable',
  component: PricingTable,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
    docs: { description: { component: 'Every state of `<PricingTable>` side by side, for visual review.' } },
  },
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state, each on its own in-memory billing. */
export const Gallery: Story = {
  render: () => (
    <GalleryGrid states={states}>{() => <PricingTable headingLevel={3} onSelect={() => {}} />}</GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states);
  },
};
