import type { PaymentMethodSummary, Plan, Price } from '@billing-kit/core';
import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen } from 'storybook/test';
import { useStoryLocale } from '../../../../.storybook/story-globals.js';
import { basicPlan, catalogResponse, proPlan, teamPlan } from '../../test/catalog-fixture.js';
import {
  type BillingScenario,
  createInMemoryBilling,
  type InMemoryBilling,
  InMemoryBillingProvider,
  scenarios,
} from '../../test/in-memory-billing/index.js';
import { invoiceFixture, MARCH_1_2027, subscriptionFixture } from '../../test/portal-fixtures.js';
import { PlanSwitcher, type PlanSwitcherProps } from './plan-switcher.js';

/** The fixtures' subscription id: every scenario below keeps it, so one `subscriptionId` arg fits them all. */
const SUBSCRIPTION_ID = subscriptionFixture().id;
/** Async UI in a browser on a busy 2-core CI machine: generous, but never a sleep. */
const WAIT = { timeout: 5000 };

/** A saved default card that behaves like the Stripe test card with the same last four digits. */
function defaultCard(id: string, last4: string): PaymentMethodSummary {
  return {
    id,
    brand: 'visa',
    last4,
    expMonth: 12,
    expYear: 2034,
    isDefault: true,
    expired: false,
    expiresSoon: false,
  };
}

/** Basic at $10.00 a month, half-way through its period: an upgrade to Pro costs exactly $5.00 now. */
function onBasic(card: PaymentMethodSummary): BillingScenario {
  return {
    ...scenarios.active,
    subscriptions: [
      subscriptionFixture({
        planId: basicPlan.id,
        planName: basicPlan.name,
        priceId: 'price_basic_month',
        unitAmount: 1000,
        nextInvoice: { amount: 1000, date: MARCH_1_2027 },
      }),
    ],
    paymentMethods: [card],
    invoices: [invoiceFixture({ amountDue: 1000, amountPaid: 1000 })],
  };
}

function inYen(plan: Plan): Plan {
  return {
    ...plan,
    prices: plan.prices.map((price): Price => ({ ...price, id: `${price.id}_jpy`, currency: 'jpy' })),
  };
}

/** Twelve plans from $5 to $60 a month (or ten times that a year); the fixtures' Pro is the fourth. */
function twelvePlans(): Plan[] {
  const names = [
    'Starter',
    'Basic',
    'Plus',
    'Pro',
    'Growth',
    'Team',
    'Business',
    'Scale',
    'Premium',
    'Enterprise',
    'Corporate',
    'Unlimited',
  ];
  return names.map((name, index) => {
    if (name === proPlan.name) return proPlan;
    const id = `prod_${name.toLowerCase()}`;
    const monthly = (index + 1) * 500;
    const price = (interval: 'month' | 'year'): Price => ({
      id: `price_${name.toLowerCase()}_${interval}`,
      productId: id,
      currency: 'usd',
      unitAmount: interval === 'month' ? monthly : monthly * 10,
      interval,
      intervalCount: 1,
      billingScheme: 'per_unit',
      tiersMode: null,
      tiers: [],
      lookupKey: null,
      trialPeriodDays: null,
    });
    return { ...basicPlan, id, name, description: null, prices: [price('month'), price('year')] };
  });
}

/**
 * The PlanSwitcher's starting states on the in-memory billing (shared with the flows and the gallery; not stories).
 * All but `noSubscription` hold the subscription `sub_portal`, half-way through February 2027.
 */
export const planSwitcherScenarios = {
  /** Pro at $20.00 a month, paid, Visa 4242 the default card. */
  active: scenarios.active,
  /** Pro in its trial until 1 March. */
  trialing: scenarios.trialing,
  /** Pro whose 1 February renewal failed, with an open invoice. */
  pastDue: scenarios.pastDue,
  /** Pro cancelled at the period end. */
  endingAtPeriodEnd: scenarios.endingAtPeriodEnd,
  /** Pro moving to Basic on 1 March. */
  scheduledDowngrade: scenarios.scheduledDowngrade,
  /** A customer with no subscription at all. */
  noSubscription: scenarios.newCustomer,
  /** Every read stays in flight. */
  loading: scenarios.loading,
  /** Every read fails once with a 500, then works. */
  error: scenarios.error,
  /** Team, per seat: 3 seats at $15.00. */
  perSeat: {
    ...scenarios.active,
    subscriptions: [
      subscriptionFixture({
        planId: teamPlan.id,
        planName: teamPlan.name,
        priceId: 'price_team_month',
        unitAmount: 1500,
        quantity: 3,
        nextInvoice: { amount: 4500, date: MARCH_1_2027 },
      }),
    ],
    invoices: [invoiceFixture({ amountDue: 4500, amountPaid: 4500 })],
  },
  /** The same catalog in yen, a zero-decimal currency: Pro at ¥2,000 a month. */
  yen: {
    ...scenarios.active,
    catalog: { plans: catalogResponse().plans.map(inYen), currentPriceId: null },
    subscriptions: [
      subscriptionFixture({
        priceId: 'price_pro_month_jpy',
        currency: 'jpy',
        nextInvoice: { amount: 2000, date: MARCH_1_2027 },
      }),
    ],
    invoices: [invoiceFixture({ currency: 'jpy' })],
  },
  /** A catalog of one plan (Pro, monthly or yearly). */
  onePlan: { ...scenarios.active, catalog: { plans: [proPlan], currentPriceId: null } },
  /** A catalog of twelve plans. */
  twelvePlans: { ...scenarios.active, catalog: { plans: twelvePlans(), currentPriceId: null } },
  /** Basic, Visa 4242 the default: an upgrade to Pro charges $5.00. */
  upgradeFromBasic: onBasic(defaultCard('pm_visa_4242', '4242')),
  /** Basic, the default card (3155) asks for 3D Secure on every charge. */
  upgradeWith3ds: onBasic(defaultCard('pm_visa_3155', '3155')),
  /** Basic, the default card (0002) is declined. */
  upgradeDeclined: onBasic(defaultCard('pm_visa_0002', '0002')),
} satisfies Record<string, BillingScenario>;

/** What the stories of PlanSwitcher keep in `parameters`. */
export interface BillingStoryParameters {
  /**
   * The in-memory billing's starting state (default: `planSwitcherScenarios.active`); the loader builds a fresh
   * server from it for every render. Set it on stories only: Storybook deep-merges parameters, so a default on the
   * meta would leak its fields (the subscriptions) into a scenario without them.
   */
  billingScenario?: BillingScenario;
}

/**
 * The loader every PlanSwitcher story uses: a fresh in-memory billing from `parameters.billingScenario`, so a play
 * function can read what the server recorded through `loaded.billing.state()`.
 */
export function loadBilling(context: Pick<StoryContext, 'parameters'>): { billing: InMemoryBilling } {
  const { billingScenario } = context.parameters as BillingStoryParameters;
  return { billing: createInMemoryBilling(billingScenario ?? planSwitcherScenarios.active) };
}

/** The billing a story's loader created. */
export function loadedBilling(loaded: StoryContext['loaded']): InMemoryBilling {
  const billing = (loaded as { billing?: InMemoryBilling }).billing;
  if (!billing) throw new Error('This story has no in-memory billing: add `loaders: [loadBilling]` to it.');
  return billing;
}

// A new billing (the loader ran again) must start a new provider, which reads its billing only on mount.
const billingKeys = new WeakMap<InMemoryBilling, number>();
let billingsSeen = 0;
function billingKey(billing: InMemoryBilling): number {
  const known = billingKeys.get(billing);
  if (known !== undefined) return known;
  billingsSeen += 1;
  billingKeys.set(billing, billingsSeen);
  return billingsSeen;
}

/** A PlanSwitcher on the given in-memory billing, in the toolbar's locale. */
export function PlanSwitcherStory({ billing, ...props }: PlanSwitcherProps & { billing: InMemoryBilling }) {
  const { locale, messages } = useStoryLocale();
  return (
    <InMemoryBillingProvider key={billingKey(billing)} billing={billing} locale={locale} messages={messages}>
      <PlanSwitcher {...props} />
    </InMemoryBillingProvider>
  );
}

const meta = {
  title: 'Components/PlanSwitcher',
  component: PlanSwitcher,
  tags: ['autodocs'],
  excludeStories: ['planSwitcherScenarios', 'loadBilling', 'loadedBilling', 'PlanSwitcherStory'],
  args: { subscriptionId: SUBSCRIPTION_ID, onChanged: fn() },
  argTypes: {
    subscriptionId: {
      description: 'The subscription to change (an id from `listSubscriptions`).',
      control: 'text',
    },
    debounceMs: {
      description: 'How long the choice must rest before a preview is fetched, in ms.',
      control: { type: 'number', min: 0, step: 50 },
      table: { defaultValue: { summary: '300' } },
    },
    headingLevel: {
      description: "Level of the preview's heading, to fit the host page's outline.",
      control: 'select',
      options: [2, 3, 4, 5, 6],
      table: { defaultValue: { summary: '3' } },
    },
    onChanged: {
      description: 'Called once a change is made: applied now (paid) or scheduled for the period end.',
      action: 'changed',
    },
  },
  loaders: [loadBilling],
  render: (args, { loaded }) => <PlanSwitcherStory billing={loadedBilling(loaded)} {...args} />,
  parameters: {
    docs: {
      description: {
        component: `Changes the plan, interval or seats of a subscription: the customer chooses (radio groups, and a seat
count for per-seat plans), sees the server's preview of what changes (credit, charge, amount due now, next invoice),
and confirms in a dialog. Upgrades are charged to the default card at once, with 3D Secure handled in place;
downgrades and interval changes are scheduled for the period end and can be cancelled ("Keep Pro").

\`\`\`tsx
import { BillingProvider, createBillingClient, PlanSwitcher } from '@billing-kit/ui';
import { loadStripe } from '@stripe/stripe-js/pure';

const client = createBillingClient(); // your server's createBilling handler, at /api/billing

<BillingProvider client={client} stripe={() => loadStripe('pk_live_...')}>
  <PlanSwitcher subscriptionId={subscription.id} onChanged={({ outcome }) => toast(outcome)} />
</BillingProvider>
\`\`\`

These stories run on the in-memory billing (\`packages/ui/test/in-memory-billing\`) and the fake Stripe.js: choose
another plan to see a real preview; the **Flows/Plan changes** stories play the upgrade, 3D Secure, a decline, a
downgrade and its cancellation.`,
      },
    },
  },
} satisfies Meta<typeof PlanSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pro, active and paid: the current plan is chosen, nothing to confirm until another plan, interval or seat count. */
export const Active: Story = {
  play: async ({ canvas }) => {
    const pro = await canvas.findByRole('radio', { name: 'Pro' }, WAIT);
    await expect(pro).toBeChecked();
    await expect(canvas.getByRole('radio', { name: 'Monthly' })).toBeChecked();
    await expect(canvas.queryByRole('button', { name: /switch|change to/i })).not.toBeInTheDocument();
  },
};

/** Pro in its trial: changing now costs nothing until the trial ends. */
export const Trialing: Story = {
  parameters: { billingScenario: planSwitcherScenarios.trialing },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** Pro with a failed renewal: the plans still show; paying the invoice is the billing portal's job. */
export const PastDue: Story = {
  parameters: { billingScenario: planSwitcherScenarios.pastDue },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** Pro cancelled at the period end. */
export const CanceledAtPeriodEnd: Story = {
  parameters: { billingScenario: planSwitcherScenarios.endingAtPeriodEnd },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** A downgrade to Basic is scheduled for 1 March: the notice says so and offers to keep Pro. */
export const ScheduledDowngrade: Story = {
  parameters: { billingScenario: planSwitcherScenarios.scheduledDowngrade },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/Changes to Basic on/, {}, WAIT)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Keep Pro' })).toBeEnabled();
  },
};

/** The subscription is not the customer's (or there is none): a plain sentence, no controls. */
export const NoSubscription: Story = {
  parameters: { billingScenario: planSwitcherScenarios.noSubscription },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("You don't have a subscription to change.", {}, WAIT)).toBeVisible();
  },
};

/** The catalog and subscriptions are still loading: a skeleton, announced once. */
export const Loading: Story = {
  parameters: { billingScenario: planSwitcherScenarios.loading },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Loading your plan…')).toBeInTheDocument();
    await expect(canvas.queryByRole('radiogroup')).not.toBeInTheDocument();
  },
};

/** Loading failed once: Retry loads the plan. */
export const ErrorWithRetry: Story = {
  parameters: { billingScenario: planSwitcherScenarios.error },
  play: async ({ canvas, userEvent }) => {
    const alert = await canvas.findByRole('alert', {}, WAIT);
    await expect(alert).toHaveTextContent("We couldn't load your plan.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** The preview failed once: its own Retry fetches it again, the choice is kept. */
export const PreviewErrorWithRetry: Story = {
  parameters: {
    billingScenario: { ...planSwitcherScenarios.active, faults: { previewPlanChange: 'error-once' } },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole('radio', { name: 'Basic' }, WAIT));
    const alert = await canvas.findByRole('alert', {}, WAIT);
    await expect(alert).toHaveTextContent("We couldn't calculate the price of this change.");
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(await canvas.findByRole('region', { name: 'What changes' }, WAIT)).toBeVisible();
  },
};

/** Team, sold per seat: the seat count joins the choice. */
export const PerSeat: Story = {
  parameters: { billingScenario: planSwitcherScenarios.perSeat },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Team' }, WAIT)).toBeChecked();
    await expect(canvas.getByRole('spinbutton', { name: 'Seats' })).toHaveValue(3);
  },
};

/** Yen has no minor unit: ¥2,000, not ¥20.00. */
export const ZeroDecimalCurrency: Story = {
  parameters: { billingScenario: planSwitcherScenarios.yen },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/¥2,000 per month/, {}, WAIT)).toBeVisible();
  },
};

/** A catalog of one plan: only the interval can change. */
export const OnePlan: Story = {
  parameters: { billingScenario: planSwitcherScenarios.onePlan },
  play: async ({ canvas }) => {
    await canvas.findByRole('radio', { name: 'Pro' }, WAIT);
    await expect(canvas.getAllByRole('radio')).toHaveLength(3);
  },
};

/** Twelve plans in one radio group. */
export const TwelvePlans: Story = {
  parameters: { billingScenario: planSwitcherScenarios.twelvePlans },
  play: async ({ canvas }) => {
    const plans = await canvas.findByRole('radiogroup', { name: 'Plan' }, WAIT);
    await expect(plans.querySelectorAll('[role="radio"]')).toHaveLength(12);
  },
};

/** German strings, euros-style number formats and dates (`deMessages`), as the Locale toolbar does. */
export const German: Story = {
  globals: { locale: 'de-DE' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radiogroup', { name: 'Tarif' }, WAIT)).toBeVisible();
    await expect(canvas.getByRole('radio', { name: 'Monatlich' })).toBeChecked();
  },
};

/** The kit's dark tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** A 320 px phone. */
export const Narrow: Story = {
  globals: { viewport: { value: 'narrow', isRotated: false } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('radio', { name: 'Pro' }, WAIT)).toBeChecked();
  },
};

/** An upgrade chosen: the preview shows the credit, the charge and the amount due now; the button says what it costs. */
export const UpgradePreviewed: Story = {
  parameters: { billingScenario: planSwitcherScenarios.upgradeFromBasic },
  play: async ({ canvas, userEvent, loaded }) => {
    await userEvent.click(await canvas.findByRole('radio', { name: 'Pro' }, WAIT));
    await expect(await canvas.findByRole('region', { name: 'What changes' }, WAIT)).toBeVisible();
    await expect(await canvas.findByRole('button', { name: 'Pay $5.00 now and switch' }, WAIT)).toBeEnabled();
    // A preview is only a preview: nothing is charged until the customer confirms in the dialog.
    await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await expect(loadedBilling(loaded).state().charges).toEqual([]);
  },
};
