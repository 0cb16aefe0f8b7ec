import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { GalleryGrid, type GalleryState, galleryCell } from '../../test/storybook/gallery.js';
import { planSwitcherScenarios } from '../../test/storybook/plan-switcher-scenarios.js';
import { WAIT } from '../../test/storybook/play.js';
import { PlanSwitcher } from './plan-switcher.js';

const states: GalleryState[] = [
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
  { label: 'German', scenario: planSwitcherScenarios.active, german: true },
  { label: 'Dark', scenario: planSwitcherScenarios.active, dark: true },
  { label: 'Narrow (320 px)', scenario: planSwitcherScenarios.active, narrow: true },
];

const meta = {
  title: 'Galleries/PlanSwitcher',
  component: PlanSwitcher,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
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
    <GalleryGrid states={states} minColumnWidth="340px">
      {(_state, cell) => <PlanSwitcher {...args} labelledBy={cell.labelledBy} />}
    </GalleryGrid>
  ),
  play: async ({ canvas, canvasElement }) => {
    const cell = (label: string) => galleryCell(canvasElement, label);
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
