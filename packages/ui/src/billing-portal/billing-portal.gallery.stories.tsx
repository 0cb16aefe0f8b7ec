import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties, ReactNode } from 'react';
import { expect, within } from 'storybook/test';
import { type StoryLocale, storyLocale, useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { MARCH_1_2027, subscriptionFixture } from '../../test/portal-fixtures.js';
import { BillingPortal } from './billing-portal.js';

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
  { label: 'New customer', scenario: scenarios.newCustomer, ready: "You don't have a subscription yet." },
  { label: 'Trialing', scenario: scenarios.trialing, ready: 'Your trial ends on March 1, 2027.' },
  { label: 'Active', scenario: scenarios.active, ready: '$20.00 on March 1, 2027' },
  { label: 'Past due', scenario: scenarios.pastDue, ready: 'Pay $20.00 now with Visa ending in 4242' },
  { label: 'Canceled at period end', scenario: scenarios.endingAtPeriodEnd, ready: 'Resume subscription' },
  { label: 'Scheduled downgrade', scenario: scenarios.scheduledDowngrade, ready: '$10.00 on March 1, 2027' },
  { label: 'Incomplete, awaiting 3D Secure', scenario: scenarios.incompleteAwaiting3ds, ready: 'Incomplete' },
  {
    label: 'Per seat',
    scenario: {
      ...scenarios.active,
      subscriptions: [
        subscriptionFixture({
          planId: 'prod_team',
          planName: 'Team',
          priceId: 'price_team_month',
          unitAmount: 1500,
          quantity: 5,
          nextInvoice: { amount: 7500, date: MARCH_1_2027 },
        }),
      ],
    },
    ready: '$75.00 on March 1, 2027',
  },
  { label: 'Empty invoices', scenario: { ...scenarios.active, invoices: [] }, ready: 'No invoices yet.' },
  { label: 'Loading', scenario: scenarios.loading, ready: 'Your plan' },
  {
    label: 'Error',
    scenario: { ...scenarios.active, faults: { listSubscriptions: 'error', listInvoices: 'error' } },
    ready: "We couldn't load your subscription.",
  },
  {
    label: 'German',
    scenario: scenarios.pastDue,
    ready: 'Ihre letzte Zahlung ist fehlgeschlagen',
    locale: german,
  },
  { label: 'Dark', scenario: scenarios.pastDue, ready: 'Your last payment failed', theme: 'dark' },
  { label: 'Narrow (320 px)', scenario: scenarios.active, ready: '$20.00 on March 1, 2027', narrow: true },
];

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(30rem, 1fr))',
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
  title: 'Galleries/BillingPortal',
  component: BillingPortal,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
    // The gallery repeats the component by design, so its landmarks repeat (the same section name once per cell).
    // Each state's own story runs every rule, this one included; a real page shows the component once.
    a11y: { config: { rules: [{ id: 'landmark-unique', enabled: false }] } },
  },
} satisfies Meta<typeof BillingPortal>;

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
            <BillingPortal {...args} headingLevel={3} pricingHref="#plans" />
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
