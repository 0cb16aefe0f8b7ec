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
import { PastDueBanner } from './past-due-banner.js';

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
  { label: 'Past due', scenario: scenarios.pastDue, ready: 'Pay $20.00 now' },
  { label: 'Recovered (after Pay now)', scenario: scenarios.pastDue, ready: 'Pay $20.00 now' },
  {
    label: 'Declined (after Pay now with card 0341)',
    scenario: {
      ...scenarios.pastDue,
      paymentMethods: [
        {
          id: 'pm_visa_0341',
          brand: 'visa',
          last4: '0341',
          expMonth: 12,
          expYear: 2034,
          isDefault: true,
          expired: false,
          expiresSoon: false,
        },
      ],
    },
    ready: 'Pay $20.00 now',
  },
  {
    label: 'Zero-decimal currency (JPY)',
    scenario: {
      ...scenarios.pastDue,
      subscriptions: (scenarios.pastDue.subscriptions ?? []).map((subscription) => ({
        ...subscription,
        currency: 'jpy',
      })),
      invoices: [invoiceFixture({ id: 'in_open', status: 'open', amountPaid: 0, currency: 'jpy' })],
    },
    ready: 'Pay ¥2,000 now',
  },
  {
    label: 'German',
    scenario: scenarios.pastDue,
    ready: 'Ihre letzte Zahlung ist fehlgeschlagen',
    locale: german,
  },
  { label: 'Dark', scenario: scenarios.pastDue, ready: 'Pay $20.00 now', theme: 'dark' },
  { label: 'Narrow (320 px)', scenario: scenarios.pastDue, ready: 'Pay $20.00 now', narrow: true },
];

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(24rem, 1fr))',
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
  title: 'Galleries/PastDueBanner',
  component: PastDueBanner,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
    // The gallery repeats the component by design, so its landmarks repeat (the same section name once per cell).
    // Each state's own story runs every rule, this one included; a real page shows the component once.
    a11y: { config: { rules: [{ id: 'landmark-unique', enabled: false }] } },
  },
} satisfies Meta<typeof PastDueBanner>;

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
            <PastDueBanner paymentMethodsHref="#cards" {...args} />
          </GalleryCell>
        ))}
      </div>
    );
  },
  play: async ({ canvas, userEvent }) => {
    for (const state of states) {
      const cell = canvas.getByRole('region', { name: state.label });
      await expect(
        await within(cell).findAllByText(state.ready, { exact: false }, { timeout: 5000 }),
      ).not.toHaveLength(0);
    }
    // The outcomes only a payment reaches: pay in those two cells.
    const recovered = canvas.getByRole('region', { name: 'Recovered (after Pay now)' });
    await userEvent.click(within(recovered).getByRole('button', { name: 'Pay $20.00 now' }));
    await expect(
      await within(recovered).findByText(
        'Payment received. Your subscription is active again.',
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    const declined = canvas.getByRole('region', { name: 'Declined (after Pay now with card 0341)' });
    await userEvent.click(within(declined).getByRole('button', { name: 'Pay $20.00 now' }));
    await expect(
      await within(declined).findByText(
        'Your card was declined. Update your card and try again.',
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
  },
};
