import type { Meta, StoryObj } from '@storybook/react-vite';
import { type CSSProperties, type ReactNode, useId } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import { type BillingScenario, InMemoryBillingProvider } from '../../test/in-memory-billing/index.js';
import { deMessages } from '../i18n/de.js';
import { PlanSwitcher } from './plan-switcher.js';
import { planSwitcherScenarios } from './plan-switcher.stories.js';

const WAIT = { timeout: 5000 };

/** One state of the gallery: its label, its scenario, and how its cell differs from the toolbar's settings. */
interface GalleryCell {
  label: string;
  scenario: BillingScenario;
  locale?: 'de-DE';
  theme?: 'dark';
  narrow?: boolean;
}

const cells: GalleryCell[] = [
  { label: 'Active', scenario: planSwitcherScenarios.active },
  { label: 'Trialing', scenario: planSwitcherScenarios.trialing },
  { label: 'Past due', scenario: planSwitcherScenarios.pastDue },
  { label: 'Canceled at period end', scenario: planSwitcherScenarios.endingAtPeriodEnd },
  { label: 'Scheduled downgrade', scenario: planSwitcherScenarios.scheduledDowngrade },
  { label: 'No subscription', scenario: planSwitcherScenarios.noSubscription },
  { label: 'Loading', scenario: planSwitcherScenarios.loading },
  // `error`, not `error-once`: the cell is for looking at, so it must stay in its error state.
  { label: 'Error', scenario: { ...planSwitcherScenarios.active, faults: { getCatalog: 'error' } } },
  { label: 'Per seat (Team, 3 seats)', scenario: planSwitcherScenarios.perSeat },
  { label: 'Zero-decimal currency (JPY)', scenario: planSwitcherScenarios.yen },
  { label: 'One plan', scenario: planSwitcherScenarios.onePlan },
  { label: 'Twelve plans', scenario: planSwitcherScenarios.twelvePlans },
  { label: 'German', scenario: planSwitcherScenarios.active, locale: 'de-DE' },
  { label: 'Dark', scenario: planSwitcherScenarios.active, theme: 'dark' },
  { label: 'Narrow (320 px)', scenario: planSwitcherScenarios.active, narrow: true },
];

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
  gap: '24px',
  alignItems: 'start',
};

/** A labelled cell of the gallery: a region named after its state, with its own in-memory billing. */
function Cell({ cell, children }: { cell: GalleryCell; children: ReactNode }) {
  const { locale, messages } = useStoryLocale();
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      data-bk-theme={cell.theme}
      className={cell.theme ? 'bk-playground' : undefined}
      style={{
        border: '1px dashed var(--bk-border)',
        borderRadius: '8px',
        padding: '12px',
        ...(cell.narrow ? { maxWidth: '320px', boxSizing: 'border-box' } : {}),
      }}
    >
      <h2 id={headingId} style={{ fontSize: '0.875rem', margin: '0 0 8px' }}>
        {cell.label}
      </h2>
      <InMemoryBillingProvider
        scenario={cell.scenario}
        locale={cell.locale ?? locale}
        messages={cell.locale === 'de-DE' ? deMessages : messages}
      >
        {children}
      </InMemoryBillingProvider>
    </section>
  );
}

const meta = {
  title: 'Galleries/PlanSwitcher',
  component: PlanSwitcher,
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component:
          'Every state of `PlanSwitcher` side by side, each on its own in-memory billing, for visual review.',
      },
    },
  },
} satisfies Meta<typeof PlanSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** All states at once; the toolbar's locale and theme apply to every cell but the pinned German and dark ones. */
export const Gallery: Story = {
  args: { subscriptionId: 'sub_portal' },
  render: (args) => (
    <div style={{ ...gridStyle, padding: '16px' }}>
      {cells.map((cell) => (
        <Cell key={cell.label} cell={cell}>
          <PlanSwitcher {...args} />
        </Cell>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    const cell = (name: string) => within(canvas.getByRole('region', { name }));
    await expect(await cell('Active').findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
    await expect(await cell('Error').findByRole('alert', {}, WAIT)).toHaveTextContent(
      "We couldn't load your plan.",
    );
    await expect(
      await cell('Scheduled downgrade').findByRole('button', { name: 'Keep Pro' }, WAIT),
    ).toBeVisible();
    await expect(
      await cell('No subscription').findByText("You don't have a subscription to change.", {}, WAIT),
    ).toBeVisible();
    await expect(await cell('German').findByRole('radiogroup', { name: 'Tarif' }, WAIT)).toBeVisible();
    await expect(cell('Loading').getByText('Loading your plan…')).toBeInTheDocument();
    // Every cell with a subscription has loaded its plans (all but Loading, Error and No subscription).
    await waitFor(() => expect(canvas.getAllByRole('radio', { name: 'Pro' })).toHaveLength(12), WAIT);
  },
};
