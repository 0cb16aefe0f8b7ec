import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties, ReactNode } from 'react';
import { expect, within } from 'storybook/test';
import { type StoryLocale, storyLocale, useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { invoiceFixture } from '../../test/portal-fixtures.js';
import { InvoiceHistory } from './invoice-history.js';

/** One state of the gallery: its own in-memory billing, and what shows once it has loaded. */
interface GalleryState {
  label: string;
  scenario: BillingScenario;
  /** Text the cell shows once ready; the play function waits for it before the accessibility check. */
  ready: string;
  locale?: StoryLocale;
  theme?: 'dark';
  narrow?: boolean;
}

const german = storyLocale({ locale: 'de-DE' });

const states: GalleryState[] = [
  { label: 'Paid', scenario: scenarios.active, ready: 'BK-0001' },
  { label: 'Past due', scenario: scenarios.pastDue, ready: 'Due' },
  { label: 'Empty', scenario: scenarios.newCustomer, ready: 'No invoices yet.' },
  {
    label: 'Zero-decimal currency (JPY)',
    scenario: { ...scenarios.active, invoices: [invoiceFixture({ currency: 'jpy' })] },
    ready: '¥2,000',
  },
  { label: 'Loading', scenario: scenarios.loading, ready: 'Invoices' },
  {
    label: 'Error',
    scenario: { ...scenarios.active, faults: { listInvoices: 'error' } },
    ready: "We couldn't load your invoices.",
  },
  { label: 'German', scenario: scenarios.pastDue, ready: 'Rechnungen', locale: german },
  { label: 'Dark', scenario: scenarios.pastDue, ready: 'BK-0002', theme: 'dark' },
  { label: 'Narrow (320 px)', scenario: scenarios.pastDue, ready: 'BK-0002', narrow: true },
];

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(28rem, 1fr))',
  gap: '1.5rem',
  alignItems: 'start',
};

function GalleryCell({
  state,
  fallbackLocale,
  children,
}: {
  state: GalleryState;
  fallbackLocale: StoryLocale;
  children: ReactNode;
}) {
  const { locale, messages } = state.locale ?? fallbackLocale;
  return (
    <section
      aria-label={state.label}
      data-gallery-state={state.label}
      style={{ maxWidth: state.narrow ? '320px' : undefined }}
    >
      <h2 style={{ fontSize: '0.875rem', margin: '0 0 0.5rem' }}>{state.label}</h2>
      <div
        className="bk-playground"
        data-bk-theme={state.theme}
        style={{ padding: state.theme ? '1rem' : undefined }}
      >
        <InMemoryBillingProvider scenario={state.scenario} locale={locale} messages={messages}>
          {children}
        </InMemoryBillingProvider>
      </div>
    </section>
  );
}

const meta = {
  title: 'Galleries/InvoiceHistory',
  component: InvoiceHistory,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
    // The gallery repeats the component by design, so its landmarks repeat (the same section name once per cell).
    // Each state's own story runs every rule, this one included; a real page shows the component once.
    a11y: { config: { rules: [{ id: 'landmark-unique', enabled: false }] } },
  },
} satisfies Meta<typeof InvoiceHistory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: function Render(args) {
    const fallbackLocale = useStoryLocale();
    return (
      <div style={gridStyle}>
        {states.map((state) => (
          <GalleryCell key={state.label} state={state} fallbackLocale={fallbackLocale}>
            <InvoiceHistory {...args} headingLevel={3} />
          </GalleryCell>
        ))}
      </div>
    );
  },
  play: async ({ canvas }) => {
    for (const state of states) {
      const cell = canvas.getByRole('region', { name: state.label });
      await expect(
        await within(cell).findAllByText(state.ready, { exact: false }, { timeout: 5000 }),
      ).not.toHaveLength(0);
    }
  },
};
