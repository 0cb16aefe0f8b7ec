import type { PreviewPlanChangeResponse } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { GalleryGrid, type GalleryState, galleryCell } from '../../test/storybook/gallery.js';
import { loadPreview, type PreviewCase, previewCases } from '../../test/storybook/proration-previews.js';
import { ProrationPreview } from './proration-preview.js';

/** One state of the gallery: the change it previews. */
interface PreviewGalleryState extends GalleryState {
  change: PreviewCase;
}

/** A state once its loader has asked the in-memory billing for the preview. */
interface LoadedPreviewState extends PreviewGalleryState {
  preview: PreviewPlanChangeResponse;
}

const states: PreviewGalleryState[] = [
  { label: 'Upgrade now', change: previewCases.upgradeNow },
  { label: 'Upgrade now, with 10% tax', change: previewCases.upgradeWithTax },
  { label: 'Downgrade at period end', change: previewCases.downgradeAtPeriodEnd },
  { label: 'Monthly to yearly', change: previewCases.intervalChange },
  { label: 'Per seat: 3 to 5 seats', change: previewCases.seatIncrease },
  { label: 'During a trial', change: previewCases.duringTrial },
  { label: 'Zero-decimal currency (JPY)', change: previewCases.yen },
  { label: 'German', change: previewCases.upgradeNow, german: true },
  { label: 'Dark', change: previewCases.upgradeNow, dark: true },
  { label: 'Narrow (320 px)', change: previewCases.upgradeNow, narrow: true },
];

const meta: Meta<typeof ProrationPreview> = {
  title: 'Galleries/ProrationPreview',
  component: ProrationPreview,
  tags: ['!autodocs'],
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'Every kind of plan change `ProrationPreview` shows, side by side, each previewed by its own in-memory billing.',
      },
    },
  },
};

export default meta;
type Story = StoryObj<typeof ProrationPreview>;

/** All previews at once; the toolbar's locale and theme apply to every cell but the pinned German and dark ones. */
export const Gallery: Story = {
  loaders: [
    async () => ({
      states: await Promise.all(
        states.map(
          async (state): Promise<LoadedPreviewState> => ({ ...state, ...(await loadPreview(state.change)) }),
        ),
      ),
    }),
  ],
  render: (_args, { loaded }) => (
    <GalleryGrid states={loaded.states as LoadedPreviewState[]} minColumnWidth="320px">
      {/* Under the cell's h2, named after it too: "What changes German". */}
      {(state, cell) => (
        <ProrationPreview preview={state.preview} headingLevel={3} labelledBy={cell.labelledBy} />
      )}
    </GalleryGrid>
  ),
  play: async ({ canvas, canvasElement }) => {
    const cell = (label: string) => galleryCell(canvasElement, label);
    await expect(cell('Upgrade now').getByText('Amount due now').nextElementSibling).toHaveTextContent(
      '$5.00',
    );
    await expect(cell('German').getByRole('region', { name: 'Was sich ändert German' })).toBeVisible();
    await expect(canvas.getAllByRole('region', { name: /^(What changes|Was sich ändert) / })).toHaveLength(
      states.length,
    );
  },
};
