import type { EntitlementsResponse, InvoiceSummary, SubscriptionSummary } from '@billing-kit/core';

/** 2027-03-01T12:00:00Z: noon, so the date is the same in every time zone the tests may run in. */
export const MARCH_1_2027 = 1_803_902_400;
/** 2027-02-01T12:00:00Z. */
export const FEBRUARY_1_2027 = 1_801_483_200;

/** An active Pro subscription at $20.00 a month, renewing on 1 March 2027; override any field. */
export function subscriptionFixture(overrides: Partial<SubscriptionSummary> = {}): SubscriptionSummary {
  return {
    id: 'sub_portal',
    status: 'active',
    planId: 'prod_pro',
    planName: 'Pro',
    priceId: 'price_pro_month',
    interval: 'month',
    currency: 'usd',
    unitAmount: 2000,
    quantity: 1,
    currentPeriodStart: FEBRUARY_1_2027,
    currentPeriodEnd: MARCH_1_2027,
    cancelAtPeriodEnd: false,
    trialEnd: null,
    syncedAt: FEBRUARY_1_2027,
    scheduledChange: null,
    nextInvoice: { amount: 2000, date: MARCH_1_2027 },
    latestInvoiceStatus: 'paid',
    pastDueSince: null,
    ...overrides,
  };
}

/** A paid invoice of $20.00 created on 1 February 2027; override any field. */
export function invoiceFixture(overrides: Partial<InvoiceSummary> = {}): InvoiceSummary {
  return {
    id: 'in_paid',
    number: 'BK-0001',
    status: 'paid',
    amountDue: 2000,
    amountPaid: 2000,
    currency: 'usd',
    created: FEBRUARY_1_2027,
    periodStart: FEBRUARY_1_2027,
    periodEnd: MARCH_1_2027,
    hostedInvoiceUrl: 'https://invoice.example/in_paid',
    invoicePdf: 'https://invoice.example/in_paid.pdf',
    ...overrides,
  };
}

/** What `GET /entitlements` answers; override any field. */
export function entitlementsFixture(overrides: Partial<EntitlementsResponse> = {}): EntitlementsResponse {
  return { features: ['analytics'], status: 'active', graceEndsAt: null, ...overrides };
}
