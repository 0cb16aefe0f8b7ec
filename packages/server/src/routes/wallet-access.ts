import {
  MAX_STRIPE_ID_LENGTH,
  type PaymentMethodSummary,
  type PaymentMethodsResponse,
} from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import type { CustomerWallet, PaymentMethodMirrorRow } from '../store/billing-store.js';
import { CURRENT_SUBSCRIPTION_STATUSES } from './current-subscription.js';
import type { RouteContext } from './route-context.js';

/**
 * A `:id` path segment that is shaped like a Stripe id with the expected prefix, or 404: an id that cannot exist is
 * answered like one that belongs to someone else, so nothing about other customers can be probed.
 */
export function requireIdParam(value: string | undefined, prefix: string, what: string): string {
  if (value === undefined || value.length > MAX_STRIPE_ID_LENGTH || !value.startsWith(prefix)) {
    throw new ApiError(404, 'not_found', `We could not find this ${what}.`);
  }
  return value;
}

/** The mirrored card with that id if it is the customer's, or null. */
export function findOwnCard(wallet: CustomerWallet, paymentMethodId: string): PaymentMethodMirrorRow | null {
  return wallet.paymentMethods.find((method) => method.id === paymentMethodId) ?? null;
}

// Months since year 0, so that expiry arithmetic crosses years without special cases.
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);

function toSummary(
  method: PaymentMethodMirrorRow,
  defaultId: string | null,
  now: Date,
): PaymentMethodSummary {
  // A card is valid through the last day of its expiry month.
  const monthsLeft =
    monthIndex(method.expYear, method.expMonth) - monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
  return {
    id: method.id,
    brand: method.brand,
    last4: method.last4,
    expMonth: method.expMonth,
    expYear: method.expYear,
    isDefault: method.id === defaultId,
    expired: monthsLeft < 0,
    expiresSoon: monthsLeft === 0 || monthsLeft === 1,
  };
}

/** The wallet as the API answers it: default card first, then newest first. */
export function toPaymentMethodsResponse(wallet: CustomerWallet, now: Date): PaymentMethodsResponse {
  const summaries = wallet.paymentMethods.map((method) =>
    toSummary(method, wallet.defaultPaymentMethodId, now),
  );
  return {
    paymentMethods: [
      ...summaries.filter((method) => method.isDefault),
      ...summaries.filter((method) => !method.isDefault),
    ],
  };
}

/**
 * Makes a card the default everywhere Stripe looks when charging: the customer's invoice settings and every current
 * (active, trialing or past-due) subscription, whose own default would otherwise win. Each call carries its own
 * idempotency key derived from the client's, so a double submit updates each object once.
 */
export async function makeDefaultCard(
  request: Request,
  context: RouteContext,
  customerId: string,
  paymentMethodId: string,
): Promise<void> {
  const customerKey = await deriveIdempotencyKey(request, `setDefaultPaymentMethod.customer`, customerId);
  await context.stripe.customers.update(
    customerId,
    { invoice_settings: { default_payment_method: paymentMethodId } },
    { idempotencyKey: `${customerKey}-${paymentMethodId}` },
  );
  // Which subscriptions are current is read from Stripe, not the mirror: one that ended a moment ago (its webhook
  // still on the way) can no longer be updated, and one that started a moment ago must not be missed.
  const subscriptions = (
    await context.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 })
  ).data.filter((subscription) =>
    (CURRENT_SUBSCRIPTION_STATUSES as readonly string[]).includes(subscription.status),
  );
  for (const subscription of subscriptions) {
    const key = await deriveIdempotencyKey(request, `setDefaultPaymentMethod.subscription`, customerId);
    await context.stripe.subscriptions.update(
      subscription.id,
      { default_payment_method: paymentMethodId },
      { idempotencyKey: `${key}-${subscription.id}-${paymentMethodId}` },
    );
  }
}
