import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { PaymentMethodUpdater } from './payment-method-updater.js';

const states: GalleryState[] = [
  { label: 'Active', scenario: scenarios.active, settledText: 'Visa ending in 4242' },
  {
    label: 'Several cards',
    scenario: portalScenarios.severalCards,
    settledText: 'Expires soon',
  },
  { label: 'New customer', scenario: scenarios.newCustomer, settledText: "You don't have a saved card yet." },
  { label: 'Trialing', scenario: scenarios.trialing, settledText: 'Visa ending in 4242' },
  { label: 'Past due', scenario: scenarios.pastDue, settledText: 'Pay $20.00 now with Visa ending in 4242' },
  {
    label: 'Incomplete, awaiting 3D Secure',
    scenario: scenarios.incompleteAwaiting3ds,
    settledText: 'Visa ending in 3155',
  },
  { label: 'Loading', scenario: scenarios.loading, settledText: 'Payment methods' },
  {
    label: 'Error',
    scenario: { ...scenarios.active, faults: { listPaymentMethods: 'error' } },
    settledText: "We couldn't load your cards.",
  },
  {
    label: 'German',
    scenario: scenarios.active,
    settledText: 'Visa mit Endziffern 4242',
    german: true,
  },
  {
    label: 'Dark',
    scenario: scenarios.pastDue,
    settledText: 'Pay $20.00 now with Visa ending in 4242',
    dark: true,
  },
  {
    label: 'Narrow (320 px)',
    scenario: scenarios.pastDue,
    settledText: 'Pay $20.00 now with Visa ending in 4242',
    narrow: true,
  },
];

const meta = {
  title: 'Galleries/PaymentMethodUpdater',
  component: PaymentMethodUpdater,
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
} satisfies Meta<typeof PaymentMethodUpdater>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states} minColumnWidth="22rem">
      {(_state, cell) => <PaymentMethodUpdater {...args} headingLevel={3} labelledBy={cell.labelledBy} />}
    </GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states, { exact: false });
  },
};
