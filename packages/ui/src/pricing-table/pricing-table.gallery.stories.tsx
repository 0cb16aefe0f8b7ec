import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ReactNode } from 'react';
import { expect, within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { deMessages } from '../i18n/index.js';
import { PricingTable } from './pricing-table.js';
import { storyCatalogs } from './pricing-table.stories.js';

/** One state of a gallery: its own in-memory billing, locale, theme and width. */
export interface GalleryState {
  /** The cell's heading and its region's name. */
  label: string;
  scenario: BillingScenario;
  /** Pins German; otherwise the cell follows the toolbar's locale. */
  german?: boolean;
  /** Pins the dark tokens; otherwise the cell follows the toolbar's theme. */
  dark?: boolean;
  /** A phone-width cell (320 px). */
  narrow?: boolean;
  /** Text the cell shows once it has settled, which the gallery's play function waits for. */
  settledText: string | RegExp;
}

/**
 * A labelled grid with one `<section>` region per state, each rendering `children(state)` inside its own
 * `InMemoryBillingProvider`. Shared by the galleries (exported for them, not a story itself).
 */
export function GalleryGrid({
  states,
  children,
}: {
  states: GalleryState[];
  children: (state: GalleryState) => ReactNode;
}) {
  const { locale, messages } = useStoryLocale();
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(22rem, 1fr))', gap: '1.5rem' }}
    >
      {states.map((state) => (
        <section
          key={state.label}
          aria-label={state.label}
          data-bk-theme={state.dark ? 'dark' : undefined}
          style={{
            border: '1px solid var(--bk-border)',
            borderRadius: 'var(--bk-radius)',
            padding: '1rem',
            background: 'var(--bk-background)',
            color: 'var(--bk-foreground)',
            minWidth: 0,
          }}
        >
          <h2 style={{ marginTop: 0, fontSize: '1rem' }}>{state.label}</h2>
          <div style={state.narrow ? { width: 320, maxWidth: '100%' } : undefined}>
            <InMemoryBillingProvider
              scenario={state.scenario}
              locale={state.german ? 'de-DE' : locale}
              messages={state.german ? deMessages : messages}
            >
              {children(state)}
            </InMemoryBillingProvider>
          </div>
        </section>
      ))}
    </div>
  );
}

/** Waits until every cell of the gallery shows its settled text, so the accessibility check sees the real states. */
export async function expectGallerySettled(
  canvasElement: HTMLElement,
  states: GalleryState[],
): Promise<void> {
  const canvas = within(canvasElement);
  for (const state of states) {
    const cell = canvas.getByRole('region', { name: state.label });
    await expect(await within(cell).findAllByText(state.settledText, {}, { timeout: 5000 })).not.toHaveLength(
      0,
    );
  }
}

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
  excludeStories: ['GalleryGrid', 'expectGallerySettled'],
  parameters: {
    layout: 'fullscreen',
    docs: { description: { component: 'Every state of `<PricingTable>` side by side, for visual review.' } },
  },
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state, each on its own in-memory billing. */
export const Gallery: Story = {
  render: () => (
    <div style={{ padding: '1rem' }}>
      <GalleryGrid states={states}>{() => <PricingTable headingLevel={3} onSelect={() => {}} />}</GalleryGrid>
    </div>
  ),
  play: async ({ canvasElement }) => {
    await expectGallerySettled(canvasElement, states);
  },
};
