import type { PreviewPlanChangeResponse } from '@billing-kit/core';
import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
} from '../../test/in-memory-billing/index.js';
import { planSwitcherScenarios } from './plan-switcher.stories.js';
import { ProrationPreview, type ProrationPreviewProps } from './proration-preview.js';

/** A plan change to preview: the starting state and the change the customer chose. */
export interface PreviewCase {
  scenario: BillingScenario;
  priceId: string;
  quantity?: number;
}

/**
 * The previews the stories and the gallery show (not stories). Each one is asked of a fresh in-memory billing, so it
 * is the server's own answer for the fixtures' subscription half-way through its month.
 */
export const previewCases = {
  /** Basic to Pro half-way through the month: a $5.00 credit, a $10.00 charge, $5.00 due now. */
  upgradeNow: { scenario: planSwitcherScenarios.upgradeFromBasic, priceId: 'price_pro_month' },
  /** The same upgrade with 10% tax on what is charged. */
  upgradeWithTax: {
    scenario: { ...planSwitcherScenarios.upgradeFromBasic, taxRate: 10 },
    priceId: 'price_pro_month',
  },
  /** Pro to Basic: at the period end, nothing due now. */
  downgradeAtPeriodEnd: { scenario: planSwitcherScenarios.active, priceId: 'price_basic_month' },
  /** Pro monthly to Pro yearly: at the period end. */
  intervalChange: { scenario: planSwitcherScenarios.active, priceId: 'price_pro_year' },
  /** Team from 3 to 5 seats: the extra seats for the rest of the month, now. */
  seatIncrease: { scenario: planSwitcherScenarios.perSeat, priceId: 'price_team_month', quantity: 5 },
  /** During the trial, Pro to Team with 2 seats: applied now, nothing to pay until the trial ends. */
  duringTrial: { scenario: planSwitcherScenarios.trialing, priceId: 'price_team_month', quantity: 2 },
  /** In yen (zero-decimal): Pro to Team with 2 seats. */
  yen: { scenario: planSwitcherScenarios.yen, priceId: 'price_team_month_jpy', quantity: 2 },
} satisfies Record<string, PreviewCase>;

/** Asks a fresh in-memory billing for the preview of `change`. */
export async function loadPreview(
  change: PreviewCase,
): Promise<{ billing: InMemoryBilling; preview: PreviewPlanChangeResponse }> {
  const billing = createInMemoryBilling(change.scenario);
  const subscription = billing.state().subscriptions[0];
  if (!subscription) throw new Error('A preview case needs a scenario with a subscription.');
  const preview = await billing.client.previewPlanChange({
    id: subscription.id,
    priceId: change.priceId,
    ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
  });
  return { billing, preview };
}

/** A ProrationPreview inside the in-memory billing that computed its preview, in the toolbar's locale. */
export function ProrationPreviewStory({
  billing,
  ...props
}: ProrationPreviewProps & { billing: InMemoryBilling }) {
  const { locale, messages } = useStoryLocale();
  return (
    <InMemoryBillingProvider billing={billing} locale={locale} messages={messages}>
      <ProrationPreview {...props} />
    </InMemoryBillingProvider>
  );
}

function loaded(context: Pick<StoryContext, 'loaded'>) {
  const { billing, preview } = context.loaded as {
    billing?: InMemoryBilling;
    preview?: PreviewPlanChangeResponse;
  };
  if (!billing || !preview) throw new Error('This story has no preview: set `parameters.previewCase`.');
  return { billing, preview };
}

const meta: Meta<typeof ProrationPreview> = {
  title: 'Components/ProrationPreview',
  component: ProrationPreview,
  tags: ['autodocs'],
  excludeStories: ['previewCases', 'loadPreview', 'ProrationPreviewStory'],
  argTypes: {
    preview: {
      description:
        "The server's preview (`client.previewPlanChange`, or `usePlanSwitcher().preview.preview`). In these stories it comes from the in-memory billing.",
      control: false,
    },
    headingLevel: {
      description: "Level of the heading, to fit the host page's outline.",
      control: 'select',
      options: [2, 3, 4, 5, 6],
      table: { defaultValue: { summary: '3' } },
    },
  },
  loaders: [
    (context) =>
      loadPreview((context.parameters.previewCase as PreviewCase | undefined) ?? previewCases.upgradeNow),
  ],
  render: (args, context) => {
    const { billing, preview } = loaded(context);
    return <ProrationPreviewStory billing={billing} {...args} preview={preview} />;
  },
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
