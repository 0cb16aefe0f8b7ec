import type { Meta, StoryObj } from '@storybook/react-vite';
import { scenarios } from '../../test/in-memory-billing/index.js';
import { invoiceFixture } from '../../test/portal-fixtures.js';
import { expectGallerySettled, GalleryGrid, type GalleryState } from '../../test/storybook/gallery.js';
import { InvoiceHistory } from './invoice-history.js';

const states: GalleryState[] = [
  { label: 'Paid', scenario: scenarios.active, settledText: 'BK-0001' },
  { label: 'Past due', scenario: scenarios.pastDue, settledText: 'Due' },
  { label: 'Empty', scenario: scenarios.newCustomer, settledText: 'No invoices yet.' },
  {
    label: 'Zero-decimal currency (JPY)',
    scenario: { ...scenarios.active, invoices: [invoiceFixture({ currency: 'jpy' })] },
    settledText: '¥2,000',
  },
  { label: 'Loading', scenario: scenarios.loading, settledText: 'Invoices' },
  {
    label: 'Error',
    scenario: { ...scenarios.active, faults: { listInvoices: 'error' } },
    settledText: "We couldn't load your invoices.",
  },
  { label: 'German', scenario: scenarios.pastDue, settledText: 'Rechnungen', german: true },
  { label: 'Dark', scenario: scenarios.pastDue, settledText: 'BK-0002', dark: true },
  { label: 'Narrow (320 px)', scenario: scenarios.pastDue, settledText: 'BK-0002', narrow: true },
];

const meta = {
  title: 'Galleries/InvoiceHistory',
  component: InvoiceHistory,
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
} satisfies Meta<typeof InvoiceHistory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states} minColumnWidth="28rem">
      {(_state, cell) => <InvoiceHistory {...args} headingLevel={3} labelledBy={cell.labelledBy} />}
    </GalleryGrid>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states, { exact: false });
  },
};
