import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CSSProperties, ReactNode } from 'react';
import { expect, within } from 'storybook/test';
import { type StoryLocale, useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { subscriptionFixture } from '../../test/portal-fixtures.js';
import { Entitled } from './entitled.js';

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

/** 14 February 2027, a day before the in-memory clock's start: a renewal that failed then is in its grace period. */
const YESTERDAY = subscriptionFixture().currentPeriodStart + 13 * 86_400;

const states: GalleryState[] = [
  { label: 'Granted', scenario: scenarios.active, ready: 'Analytics dashboard' },
  {
    label: 'Grace period',
    scenario: {
      ...scenarios.pastDue,
      subscriptions: [
        subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open', pastDueSince: YESTERDAY }),
      ],
    },
    ready: 'Analytics dashboard',
  },
  { label: 'Not granted (no subscription)', scenario: scenarios.newCustomer, ready: 'Upgrade to see it' },
  { label: 'Not granted (grace period over)', scenario: scenarios.pastDue, ready: 'Upgrade to see it' },
  { label: 'Loading', scenario: scenarios.loading, ready: 'Checking your plan' },
  {
    label: 'Error (fails closed)',
    scenario: { ...scenarios.active, faults: { getEntitlements: 'error' } },
    ready: 'Upgrade to see it',
  },
];

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(16rem, 1fr))',
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
  title: 'Galleries/Entitled',
  component: Entitled,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
  },
  args: { feature: 'analytics' },
} satisfies Meta<typeof Entitled>;

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
            <Entitled
              {...args}
              feature="analytics"
              fallback={<p>Analytics is part of Pro. Upgrade to see it.</p>}
              loading={<p>Checking your plan…</p>}
            >
              <p>Analytics dashboard</p>
            </Entitled>
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
