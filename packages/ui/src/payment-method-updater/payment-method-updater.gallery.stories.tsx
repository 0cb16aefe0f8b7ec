import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties, ReactNode } from 'react';
import { expect, within } from 'storybook/test';
import { type StoryLocale, storyLocale, useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { PaymentMethodUpdater } from './payment-method-updater.js';

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

const states: GalleryState[] = [
  { label: 'Active', scenario: scenarios.active, ready: 'Visa ending in 4242' },
  {
    label: 'Several cards',
    scenario: {
      ...scenarios.active,
      paymentMethods: [
        ...(scenarios.active.paymentMethods ?? []),
        {
          id: 'pm_mastercard_4444',
          brand: 'mastercard',
          last4: '4444',
          expMonth: 2,
          expYear: 2027,
          isDefault: false,
          expired: false,
          expiresSoon: false,
        },
        {
          id: 'pm_amex_0005',
          brand: 'amex',
          last4: '0005',
          expMonth: 3,
          expYear: 2020,
          isDefault: false,
          expired: false,
          expiresSoon: false,
        },
      ],
    },
    ready: 'Expires soon',
  },
  { label: 'New customer', scenario: scenarios.newCustomer, ready: "You don't have a saved card yet." },
  { label: 'Trialing', scenario: scenarios.trialing, ready: 'Visa ending in 4242' },
  { label: 'Past due', scenario: scenarios.pastDue, ready: 'Pay $20.00 now with Visa ending in 4242' },
  {
    label: 'Incomplete, awaiting 3D Secure',
    scenario: scenarios.incompleteAwaiting3ds,
    ready: 'Visa ending in 3155',
  },
  { label: 'Loading', scenario: scenarios.loading, ready: 'Payment methods' },
  {
    label: 'Error',
    scenario: { ...scenarios.active, faults: { listPaymentMethods: 'error' } },
    ready: "We couldn't load your cards.",
  },
  {
    label: 'German',
    scenario: scenarios.active,
    ready: 'Visa mit Endziffern 4242',
    locale: storyLocale({ locale: 'de-DE' }),
  },
  {
    label: 'Dark',
    scenario: scenarios.pastDue,
    ready: 'Pay $20.00 now with Visa ending in 4242',
    theme: 'dark',
  },
  {
    label: 'Narrow (320 px)',
    scenario: scenarios.pastDue,
    ready: 'Pay $20.00 now with Visa ending in 4242',
    narrow: true,
  },
];

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(22rem, 1fr))',
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
  title: 'Galleries/PaymentMethodUpdater',
  component: PaymentMethodUpdater,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
    // The gallery repeats the component by design, so its landmarks repeat ("Payment methods" once per cell). Each
    // state's own story runs every rule, this one included; a real page shows the component once.
    a11y: { config: { rules: [{ id: 'landmark-unique', enabled: false }] } },
  },
} satisfies Meta<typeof PaymentMethodUpdater>;

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
            <PaymentMethodUpdater {...args} headingLevel={3} />
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
