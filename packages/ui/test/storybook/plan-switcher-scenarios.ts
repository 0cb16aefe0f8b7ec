import type { PaymentMethodSummary, Plan, Price } from '@billing-kit/core';
import { basicPlan, catalogResponse, proPlan, teamPlan } from '../catalog-fixture.js';
import { type BillingScenario, savedCard, scenarios } from '../in-memory-billing/index.js';
import { invoiceFixture, MARCH_1_2027, subscriptionFixture } from '../portal-fixtures.js';

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
    // Basic's monthly price, renamed and repriced: per unit, in dollars, no trial.
    const price = (interval: 'month' | 'year'): Price => ({
      ...(basicPlan.prices[0] as Price),
      id: `price_${name.toLowerCase()}_${interval}`,
      productId: id,
      unitAmount: interval === 'month' ? monthly : monthly * 10,
      interval,
    });
    return { ...basicPlan, id, name, description: null, prices: [price('month'), price('year')] };
  });
}

/**
 * The PlanSwitcher's starting states on the in-memory billing (shared by its stories, flows and gallery).
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
  upgradeFromBasic: onBasic(savedCard({ id: 'pm_visa_4242', last4: '4242', isDefault: true })),
  /** Basic, the default card (3155) asks for 3D Secure on every charge. */
  upgradeWith3ds: onBasic(savedCard({ id: 'pm_visa_3155', last4: '3155', isDefault: true })),
  /** Basic, the default card (0002) is declined. */
  upgradeDeclined: onBasic(savedCard({ id: 'pm_visa_0002', last4: '0002', isDefault: true })),
} satisfies Record<string, BillingScenario>;
