import type { PreviewPlanChangeResponse } from '@billing-kit/core';
import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { headingLevelArgType } from '../../test/storybook/arg-types.js';
import { InMemoryStory } from '../../test/storybook/billing-story.js';
import { loadPreview, type PreviewCase, previewCases } from '../../test/storybook/proration-previews.js';
import { ProrationPreview } from './proration-preview.js';

/** The preview the story's loader asked the in-memory billing for. */
function loadedPreview(loaded: StoryContext['loaded']): PreviewPlanChangeResponse {
  const preview = loaded.preview as PreviewPlanChangeResponse | undefined;
  if (!preview) {
    throw new Error('This story has no preview: keep the loader of the Components/ProrationPreview meta.');
  }
  return preview;
}

const meta: Meta<typeof ProrationPreview> = {
  title: 'Components/ProrationPreview',
  component: ProrationPreview,
  tags: ['autodocs'],
  argTypes: {
    preview: {
      description:
        "The server's preview (`client.previewPlanChange`, or `usePlanSwitcher().preview.preview`). In these stories it comes from the in-memory billing.",
      control: false,
    },
    headingLevel: headingLevelArgType,
  },
  // The server's own preview: `parameters.previewCase` asked of a fresh in-memory billing, which renders it.
  loaders: [
    ({ parameters }) =>
      loadPreview((parameters.previewCase as PreviewCase | undefined) ?? previewCases.upgradeNow),
  ],
  render: (args, { loaded }) => (
    <InMemoryStory loaded={loaded}>
      <ProrationPreview {...args} preview={loadedPreview(loaded)} />
    </InMemoryStory>
  ),
  parameters: {
    docs: {
      description: {
        component: `What a plan change costs, as the server previewed it: for a change applied now, the credit for the
unused time of the current plan, the charge for the new plan and the amount due now; for a change at the period end,
when it applies. Both end with the next invoice. \`PlanSwitcher\` shows it for the customer's choice; use it alone
with your own preview.

\`\`\`tsx
import {
  BillingProvider,
  createBillingClient,
  planChangePreviewQueryOptions,
  ProrationPreview,
  useBilling,
} from '@billing-kit/ui';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useQuery } from '@tanstack/react-query';

function UpgradeCost({ subscriptionId }: { subscriptionId: string }) {
  const { client } = useBilling();
  const { data } = useQuery(
    planChangePreviewQueryOptions(client, { id: subscriptionId, priceId: 'price_pro_month' }),
  );
  return data ? <ProrationPreview preview={data} headingLevel={2} /> : null;
}

<BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
  <UpgradeCost subscriptionId={subscription.id} />
</BillingProvider>
\`\`\``,
      },
    },
  },
};

export default meta;
type Story = StoryObj<typeof ProrationPreview>;

/** The value next to a term of the preview's list. */
function valueNextTo(preview: HTMLElement, term: string | RegExp): string {
  return within(preview).getByText(term).nextElementSibling?.textContent ?? '';
}

/** Basic to Pro half-way through the month: a $5.00 credit, a $10.00 charge, $5.00 due now. */
export const UpgradeNow: Story = {
  parameters: { previewCase: previewCases.upgradeNow },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(valueNextTo(preview, 'Credit for unused time')).toBe('-$5.00');
    await expect(valueNextTo(preview, 'Charge for Pro')).toBe('$10.00');
    await expect(valueNextTo(preview, 'Amount due now')).toBe('$5.00');
  },
};

/** With 10% tax: the amount due now includes it. */
export const UpgradeWithTax: Story = {
  parameters: { previewCase: previewCases.upgradeWithTax },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(valueNextTo(preview, 'Amount due now')).toBe('$5.50');
  },
};

/** Pro to Basic: applies at the period end, nothing due now. */
export const DowngradeAtPeriodEnd: Story = {
  parameters: { previewCase: previewCases.downgradeAtPeriodEnd },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(within(preview).getByText(/^Changes to Basic on /)).toBeVisible();
    await expect(valueNextTo(preview, 'Amount due now')).toBe('$0.00');
    await expect(within(preview).queryByText('Credit for unused time')).not.toBeInTheDocument();
  },
};

/** Monthly to yearly: applies at the period end; the next invoice is the year. */
export const IntervalChange: Story = {
  parameters: { previewCase: previewCases.intervalChange },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(valueNextTo(preview, 'Next invoice')).toMatch(/^\$200\.00 on /);
  },
};

/** Per seat: Team from 3 to 5 seats. */
export const SeatIncrease: Story = {
  parameters: { previewCase: previewCases.seatIncrease },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(valueNextTo(preview, 'Amount due now')).toBe('$15.00');
    await expect(valueNextTo(preview, 'Next invoice')).toMatch(/^\$75\.00 on /);
  },
};

/** During a trial: the change applies now, and nothing is due until the trial ends. */
export const Trialing: Story = {
  parameters: { previewCase: previewCases.duringTrial },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(valueNextTo(preview, 'Amount due now')).toBe('$0.00');
  },
};

/** Yen has no minor unit. */
export const ZeroDecimalCurrency: Story = {
  parameters: { previewCase: previewCases.yen },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'What changes' });
    await expect(valueNextTo(preview, 'Amount due now')).toBe('¥500');
  },
};

/** German strings, money and dates. */
export const German: Story = {
  parameters: { previewCase: previewCases.upgradeNow },
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    const preview = canvas.getByRole('region', { name: 'Was sich ändert' });
    await expect(valueNextTo(preview, 'Jetzt fällig')).toMatch(/^5,00\s€|^5,00\s\$/);
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  parameters: { previewCase: previewCases.upgradeNow },
  globals: { theme: 'dark' },
};

/** A 320 px phone. */
export const Narrow: Story = {
  parameters: { previewCase: previewCases.upgradeNow },
  globals: { viewport: { value: 'narrow', isRotated: false } },
};
