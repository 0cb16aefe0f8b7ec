import type { PaymentMethodSummary } from '@billing-kit/core';
import { catalogResponse } from '../catalog-fixture.js';
import { FEBRUARY_1_2027, invoiceFixture, subscriptionFixture } from '../portal-fixtures.js';
import type { BillingScenario } from './billing-scenario.js';

/**
 * A saved card as the wallet lists it (a Visa expiring 12/2034 unless `overrides` say otherwise); its last four
 * digits pick the Stripe test card it behaves like in the in-memory billing: 4242 pays, 0341 is declined, 3155 asks
 * for 3D Secure.
 */
export function savedCard(
  overrides: Partial<PaymentMethodSummary> & Pick<PaymentMethodSummary, 'id' | 'last4'>,
): PaymentMethodSummary {
  return {
    brand: 'visa',
    expMonth: 12,
    expYear: 2034,
    isDefault: false,
    expired: false,
    expiresSoon: false,
    ...overrides,
  };
}

const visa4242 = savedCard({ id: 'pm_visa_4242', last4: '4242', isDefault: true });
const openRenewal = invoiceFixture({
  id: 'in_open',
  number: 'BK-0002',
  status: 'open',
  amountPaid: 0,
  created: FEBRUARY_1_2027 + 60,
});

type ScenarioName =
  | 'newCustomer'
  | 'trialing'
  | 'active'
  | 'activeBasic'
  | 'pastDue'
  | 'endingAtPeriodEnd'
  | 'scheduledDowngrade'
  | 'incompleteAwaiting3ds'
  | 'empty'
  | 'loading'
  | 'error';

/**
 * Ready-made starting states, built from the unit tests' fixtures (catalog: Basic $10, Pro $20, Team $15 per seat;
 * the subscription is Pro at $20.00 a month, 1 February to 1 March 2027, and the in-memory clock starts on
 * 15 February, half-way):
 * - `newCustomer`: no subscription, no card, no invoice;
 * - `trialing`: Pro in its trial until 1 March, Visa 4242 saved;
 * - `active`: Pro active and paid, Visa 4242 the default;
 * - `activeBasic`: the same on Basic at $10.00 a month, so every other plan is an upgrade;
 * - `pastDue`: the 1 February renewal failed: Pro `past_due` with an open $20.00 invoice (its 7-day grace is over,
 *   so no entitlements); paying it with the default
 *   Visa 4242 brings it back to active;
 * - `endingAtPeriodEnd`: Pro cancelled at the period end (resume undoes it);
 * - `scheduledDowngrade`: Pro moving to Basic on 1 March (cancel the scheduled change to keep Pro);
 * - `incompleteAwaiting3ds`: a Pro checkout whose payment waits on 3D Secure: `incomplete`, an open invoice, and the
 *   3D Secure card 3155 as the default, so paying it opens the challenge;
 * - `empty`: a catalog with no plans and a customer with nothing;
 * - `loading`: every route stays in flight;
 * - `error`: every read fails once with a 500, then works (Retry recovers) on the `active` data.
 */
export const scenarios: Record<ScenarioName, BillingScenario> = {
  newCustomer: { catalog: catalogResponse() },
  trialing: {
    subscriptions: [
      subscriptionFixture({ status: 'trialing', trialEnd: subscriptionFixture().currentPeriodEnd }),
    ],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture({ amountDue: 0, amountPaid: 0 })],
  },
  active: {
    subscriptions: [subscriptionFixture()],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture()],
  },
  activeBasic: {
    subscriptions: [
      subscriptionFixture({
        planId: 'prod_basic',
        planName: 'Basic',
        priceId: 'price_basic_month',
        unitAmount: 1000,
        nextInvoice: { amount: 1000, date: subscriptionFixture().currentPeriodEnd },
      }),
    ],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture()],
  },
  pastDue: {
    subscriptions: [
      subscriptionFixture({
        status: 'past_due',
        latestInvoiceStatus: 'open',
        pastDueSince: openRenewal.created,
      }),
    ],
    paymentMethods: [visa4242],
    invoices: [openRenewal, invoiceFixture()],
  },
  endingAtPeriodEnd: {
    subscriptions: [subscriptionFixture({ cancelAtPeriodEnd: true, nextInvoice: null })],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture()],
  },
  scheduledDowngrade: {
    subscriptions: [
      subscriptionFixture({
        scheduledChange: {
          priceId: 'price_basic_month',
          planName: 'Basic',
          interval: 'month',
          quantity: 1,
          effectiveAt: subscriptionFixture().currentPeriodEnd,
        },
        nextInvoice: { amount: 1000, date: subscriptionFixture().currentPeriodEnd },
      }),
    ],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture()],
  },
  incompleteAwaiting3ds: {
    subscriptions: [
      subscriptionFixture({ status: 'incomplete', latestInvoiceStatus: 'open', nextInvoice: null }),
    ],
    paymentMethods: [savedCard({ id: 'pm_visa_3155', last4: '3155', isDefault: true })],
    invoices: [invoiceFixture({ id: 'in_awaiting_3ds', number: 'BK-0001', status: 'open', amountPaid: 0 })],
  },
  empty: { catalog: { plans: [], currentPriceId: null } },
  loading: {
    subscriptions: [subscriptionFixture()],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture()],
    faults: {
      getCatalog: 'loading',
      listSubscriptions: 'loading',
      listPaymentMethods: 'loading',
      listInvoices: 'loading',
      getEntitlements: 'loading',
      previewSubscription: 'loading',
      previewPlanChange: 'loading',
    },
  },
  error: {
    subscriptions: [subscriptionFixture()],
    paymentMethods: [visa4242],
    invoices: [invoiceFixture()],
    faults: {
      getCatalog: 'error-once',
      listSubscriptions: 'error-once',
      listPaymentMethods: 'error-once',
      listInvoices: 'error-once',
      getEntitlements: 'error-once',
      previewSubscription: 'error-once',
      previewPlanChange: 'error-once',
    },
  },
};
