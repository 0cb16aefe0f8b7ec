/**
 * A gallery page: every state of a component side by side, each cell on its own in-memory billing, for visual
 * review. Each cell is a region named after its state; the component in it gets the cell heading's id to pass as
 * its `labelledBy`, so its own landmarks ("Invoices", "Order summary") are named per cell ("Invoices Past due") and
 * the accessibility check runs every rule, `landmark-unique` included.
 *
 * ```tsx
 * render: (args) => (
 *   <GalleryGrid states={states}>{(state, cell) => <InvoiceHistory {...args} labelledBy={cell.labelledBy} />}</GalleryGrid>
 * ),
 * play: ({ canvasElement }) => expectGallerySettled(canvasElement, states),
 * ```
 */
import { type ReactNode, useId } from 'react';
import { expect, within } from 'storybook/test';
import { storyLocale, useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  type InMemoryBilling,
  InMemoryBillingProvider,
} from '../in-memory-billing/index.js';
import { WAIT } from './play.js';

/** One state of a gallery: its own in-memory billing, and how its cell differs from the toolbar's settings. */
export interface GalleryState {
  /** The cell's heading and its region's name. */
  label: string;
  /** The cell's starting state. */
  scenario?: BillingScenario;
  /** An in-memory billing created beforehand (by a loader); wins over `scenario`. */
  billing?: InMemoryBilling;
  /** Text the cell shows once it has settled, which {@link expectGallerySettled} waits for. */
  settledText?: string | RegExp;
  /** Pins German; otherwise the cell follows the toolbar's locale. */
  german?: boolean;
  /** Pins the dark tokens; otherwise the cell follows the toolbar's theme. */
  dark?: boolean;
  /** A phone-width cell (320 px). */
  narrow?: boolean;
}

/** What a cell hands to the component it renders. */
export interface GalleryCellProps {
  /** The id of the cell's heading: pass it as the component's `labelledBy`. */
  labelledBy: string;
}

const german = storyLocale({ locale: 'de-DE' });

function GalleryCell({
  state,
  children,
}: {
  state: GalleryState;
  children: (cell: GalleryCellProps) => ReactNode;
}) {
  const toolbar = useStoryLocale();
  const { locale, messages } = state.german ? german : toolbar;
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="bk-playground"
      data-bk-theme={state.dark ? 'dark' : undefined}
      style={{
        border: '1px solid var(--bk-border)',
        borderRadius: 'var(--bk-radius)',
        padding: '1rem',
        minWidth: 0,
      }}
    >
      <h2 id={headingId} style={{ margin: '0 0 0.5rem', fontSize: '0.875rem' }}>
        {state.label}
      </h2>
      <div style={state.narrow ? { width: 320, maxWidth: '100%' } : undefined}>
        <InMemoryBillingProvider
          billing={state.billing}
          scenario={state.scenario}
          locale={locale}
          messages={messages}
        >
          {children({ labelledBy: headingId })}
        </InMemoryBillingProvider>
      </div>
    </section>
  );
}

/** A grid with one cell per state, each rendering `children(state, cell)` on the state's own in-memory billing. */
export function GalleryGrid<State extends GalleryState>({
  states,
  minColumnWidth = '22rem',
  children,
}: {
  states: readonly State[];
  /** The narrowest a column may get before the grid wraps. */
  minColumnWidth?: string;
  children: (state: State, cell: GalleryCellProps) => ReactNode;
}) {
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(auto-fill, minmax(${minColumnWidth}, 1fr))`,
        gap: '1.5rem',
        alignItems: 'start',
      }}
    >
      {states.map((state) => (
        <GalleryCell key={state.label} state={state}>
          {(cell) => children(state, cell)}
        </GalleryCell>
      ))}
    </div>
  );
}

/** Queries within the gallery cell of the state labelled `label`. */
export function galleryCell(canvasElement: HTMLElement, label: string) {
  return within(within(canvasElement).getByRole('region', { name: label }));
}

/**
 * Waits until every cell shows its `settledText`, so the accessibility check sees the real states. `exact: false`
 * matches a string anywhere in an element's text, as Testing Library's `exact` option does.
 */
export async function expectGallerySettled(
  canvasElement: HTMLElement,
  states: readonly GalleryState[],
  { exact = true }: { exact?: boolean } = {},
): Promise<void> {
  for (const state of states) {
    if (state.settledText === undefined) continue;
    const cell = galleryCell(canvasElement, state.label);
    await expect(await cell.findAllByText(state.settledText, { exact }, WAIT)).not.toHaveLength(0);
  }
}
