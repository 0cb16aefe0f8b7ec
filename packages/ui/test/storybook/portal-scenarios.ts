import { type BillingScenario, savedCard, scenarios } from '../in-memory-billing/index.js';
import { invoiceFixture, MARCH_1_2027, subscriptionFixture } from '../portal-fixtures.js';

/**
 * Starting states of the billing portal's stories and galleries beyond the ready-made `scenarios`, built from the
 * same fixtures (the subscription half-way through February 2027).
 */
export const portalScenarios = {
  /** Team, 5 seats at $15.00 each: $75.00 on 1 March. */
  perSeat: {
    ...scenarios.active,
    subscriptions: [
      subscriptionFixture({
        planId: 'prod_team',
        planName: 'Team',
        priceId: 'price_team_month',
        unitAmount: 1500,
        quantity: 5,
        nextInvoice: { amount: 7500, date: MARCH_1_2027 },
      }),
    ],
  },
  /** Pro billed in yen, a zero-decimal currency: ¥2,000 on 1 March, not ¥20.00. */
  activeInYen: {
    ...scenarios.active,
    subscriptions: [
      subscriptionFixture({
        currency: 'jpy',
        unitAmount: 2000,
        nextInvoice: { amount: 2000, date: MARCH_1_2027 },
      }),
    ],
  },
  /** Past due on Pro billed in yen: ¥2,000 owed on the open invoice, above the paid one. */
  pastDueInYen: {
    ...scenarios.pastDue,
    subscriptions: (scenarios.pastDue.subscriptions ?? []).map((subscription) => ({
      ...subscription,
      currency: 'jpy',
      unitAmount: 2000,
    })),
    invoices: [
      invoiceFixture({ id: 'in_open', number: 'BK-0002', status: 'open', amountPaid: 0, currency: 'jpy' }),
      invoiceFixture({ currency: 'jpy' }),
    ],
  },
  /** Past due, and the default card is 0341: it is on file but every charge is declined. */
  pastDueWithFailingCard: {
    ...scenarios.pastDue,
    paymentMethods: [savedCard({ id: 'pm_visa_0341', last4: '0341', isDefault: true })],
  },
  /** Past due, and the default card is 3155: paying opens the bank's 3D Secure challenge. */
  pastDueWith3dsCard: {
    ...scenarios.pastDue,
    paymentMethods: [savedCard({ id: 'pm_visa_3155', last4: '3155', isDefault: true })],
  },
  /** Active, with three cards: the default Visa, a Mastercard expiring this month and an expired Amex. */
  severalCards: {
    ...scenarios.active,
    paymentMethods: [
      savedCard({ id: 'pm_visa_4242', last4: '4242', isDefault: true }),
      savedCard({ id: 'pm_mastercard_4444', brand: 'mastercard', last4: '4444', expMonth: 2, expYear: 2027 }),
      savedCard({ id: 'pm_amex_0005', brand: 'amex', last4: '0005', expMonth: 3, expYear: 2020 }),
    ],
  },
} satisfies Record<string, BillingScenario>;
