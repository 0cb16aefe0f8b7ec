import type { PreviewPlanChangeResponse } from '@billing-kit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { type CSSProperties, useId } from 'react';
import { expect, within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import { type InMemoryBilling, InMemoryBillingProvider } from '../../test/in-memory-billing/index.js';
import { deMessages } from '../i18n/de.js';
import { ProrationPreview } from './proration-preview.js';
import { loadPreview, type PreviewCase, previewCases } from './proration-preview.stories.js';

/** One state of the gallery: its label, the change it previews, and how its cell differs from the toolbar. */
interface GalleryCell {
  label: string;
  change: PreviewCase;
  locale?: 'de-DE';
  theme?: 'dark';
  narrow?: boolean;
}

const cells: GalleryCell[] = [
  { label: 'Upgrade now', change: previewCases.upgradeNow },
  { label: 'Upgrade now, with 10% tax', change: previewCases.upgradeWithTax },
  { label: 'Downgrade at period end', change: previewCases.downgradeAtPeriodEnd },
  { label: 'Monthly to yearly', change: previewCases.intervalChange },
  { label: 'Per seat: 3 to 5 seats', change: previewCases.seatIncrease },
  { label: 'During a trial', change: previewCases.duringTrial },
  { label: 'Zero-decimal currency (JPY)', change: previewCases.yen },
  { label: 'German', change: previewCases.upgradeNow, locale: 'de-DE' },
  { label: 'Dark', change: previewCases.upgradeNow, theme: 'dark' },
  { label: 'Narrow (320 px)', change: previewCases.upgradeNow, narrow: true },
];

interface LoadedCell {
  billing: InMemoryBilling;
  preview: PreviewPlanChangeResponse;
}

const gridStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
  gap: '24px',
  alignItems: 'start',
  padding: '16px',
};

function Cell({ cell, loaded }: { cell: GalleryCell; loaded: LoadedCell }) {
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
        billing={loaded.billing}
        locale={cell.locale ?? locale}
        messages={cell.locale === 'de-DE' ? deMessages : messages}
      >
        {/*
          Under the cell's h2. Ten "What changes" regions on one page would be landmarks nobody can tell apart: here
          each preview is a group inside its cell's region, which carries the distinguishing name.
        */}
        <ProrationPreview preview={loaded.preview} headingLevel={3} role="group" />
      </InMemoryBillingProvider>
    </section>
  );
}

const meta: Meta<typeof ProrationPreview> = {
  title: 'Galleries/ProrationPreview',
  component: ProrationPreview,
  parameters: {
    layout: 'fullscreen',
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
  loaders: [async () => ({ cells: await Promise.all(cells.map((cell) => loadPreview(cell.change))) })],
  render: (_args, { loaded }) => {
    const previews = (loaded as { cells: LoadedCell[] }).cells;
    return (
      <div style={gridStyle}>
        {cells.map((cell, index) => {
          const cellLoaded = previews[index];
          return cellLoaded ? <Cell key={cell.label} cell={cell} loaded={cellLoaded} /> : null;
        })}
      </div>
    );
  },
  play: async ({ canvas }) => {
    const cell = (name: string) => within(canvas.getByRole('region', { name }));
    await expect(cell('Upgrade now').getByText('Amount due now').nextElementSibling).toHaveTextContent(
      '$5.00',
    );
    await expect(cell('German').getByRole('group', { name: 'Was sich ändert' })).toBeVisible();
    await expect(canvas.getAllByRole('group', { name: /What changes|Was sich ändert/ })).toHaveLength(
      cells.length,
    );
  },
};
