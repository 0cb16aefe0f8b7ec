import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { scenarios } from '../../test/in-memory-billing/index.js';
import {
  expectGallerySettled,
  GalleryGrid,
  type GalleryState,
  galleryCell,
} from '../../test/storybook/gallery.js';
import { WAIT } from '../../test/storybook/play.js';
import { portalScenarios } from '../../test/storybook/portal-scenarios.js';
import { PastDueBanner } from './past-due-banner.js';

const states: GalleryState[] = [
  { label: 'Past due', scenario: scenarios.pastDue, settledText: 'Pay $20.00 now' },
  { label: 'Recovered (after Pay now)', scenario: scenarios.pastDue, settledText: 'Pay $20.00 now' },
  {
    label: 'Declined (after Pay now with card 0341)',
    scenario: portalScenarios.pastDueWithFailingCard,
    settledText: 'Pay $20.00 now',
  },
  {
    label: 'Zero-decimal currency (JPY)',
    scenario: portalScenarios.pastDueInYen,
    settledText: 'Pay ¥2,000 now',
  },
  {
    label: 'German',
    scenario: scenarios.pastDue,
    settledText: 'Ihre letzte Zahlung ist fehlgeschlagen',
    german: true,
  },
  { label: 'Dark', scenario: scenarios.pastDue, settledText: 'Pay $20.00 now', dark: true },
  { label: 'Narrow (320 px)', scenario: scenarios.pastDue, settledText: 'Pay $20.00 now', narrow: true },
];

const meta = {
  title: 'Galleries/PastDueBanner',
  component: PastDueBanner,
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state side by side, each on its own in-memory billing, for visual review. */
export const Gallery: Story = {
  render: (args) => (
    <GalleryGrid states={states} minColumnWidth="24rem">
      {() => <PastDueBanner paymentMethodsHref="#cards" {...args} />}
    </GalleryGrid>
  ),
  play: async ({ canvasElement, userEvent }) => {
    await expectGallerySettled(canvasElement, states, { exact: false });
    // The outcomes only a payment reaches: pay in those two cells.
    const recovered = galleryCell(canvasElement, 'Recovered (after Pay now)');
    await userEvent.click(recovered.getByRole('button', { name: 'Pay $20.00 now' }));
    await expect(
      await recovered.findByText('Payment received. Your subscription is active again.', {}, WAIT),
    ).toBeVisible();
    const declined = galleryCell(canvasElement, 'Declined (after Pay now with card 0341)');
    await userEvent.click(declined.getByRole('button', { name: 'Pay $20.00 now' }));
    await expect(
      await declined.findByText('Your card was declined. Update your card and try again.', {}, WAIT),
    ).toBeVisible();
  },
};
