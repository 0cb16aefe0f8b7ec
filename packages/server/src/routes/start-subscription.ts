import { billingRoutes, type StartSubscriptionResponse } from '@billing-kit/core';
import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { mirrorSubscription } from '../sync/sync-subscription.js';
import { findCurrentSubscription } from './current-subscription.js';
import { resolvePromotionCode } from './promotion-code.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { requireCatalogChoice } from './subscription-access.js';

/** What the client must confirm with Stripe.js to finish the start. */
function confirmationOf(
  subscription: Stripe.Subscription,
): Omit<StartSubscriptionResponse, 'subscriptionId' | 'status'> {
  const invoice = typeof subscription.latest_invoice === 'object' ? subscription.latest_invoice : null;
  const amountDue = invoice?.amount_due ?? 0;
  const currency = subscription.currency;
  const paymentSecret = invoice?.confirmation_secret?.client_secret;
  if (paymentSecret && amountDue > 0) {
    return { intentType: 'payment', clientSecret: paymentSecret, amountDue, currency };
  }
  // Nothing due now (a trial): the card is collected with the pending SetupIntent for the first renewal.
  const setupIntent = subscription.pending_setup_intent;
  if (setupIntent !== null && typeof setupIntent === 'object' && setupIntent.client_secret) {
    return { intentType: 'setup', clientSecret: setupIntent.client_secret, amountDue, currency };
  }
  return { intentType: 'none', clientSecret: null, amountDue, currency };
}

/** Subscription metadata naming the start request (its derived idempotency key, not a secret) that created it. */
const START_KEY_METADATA = 'billing_kit_start';

/**
 * `POST /subscriptions`: starts a subscription on a catalog price for the signed-in customer, incomplete until the
 * client confirms the returned client secret with the Payment Element. With a trial (the price's
 * `trial_period_days`) nothing is due now: the answer is the pending SetupIntent's secret (`intentType: 'setup'`)
 * to save the card for the first charge. A `promotionCode` is checked first (400 `invalid_promotion_code`). A repeated request with the same
 * `Idempotency-Key` header returns the same subscription instead of creating another.
 */
export const startSubscription: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  const body = await readJsonBody(request, billingRoutes.startSubscription.request);

  // Only prices of the synced, configured catalog reach Stripe.
  const { price } = await requireCatalogChoice(context, body.priceId, body.quantity);

  const idempotencyKey = await deriveIdempotencyKey(request, 'startSubscription', customerId);
  const expand = ['latest_invoice.confirmation_secret', 'pending_setup_intent'];
  const current = findCurrentSubscription(await context.store.getSubscriptions(customerId));
  let subscription: Stripe.Subscription;
  if (current) {
    // A resend of the very start that created it (its answer was lost, or a step after Stripe's create failed) gets
    // that subscription again, so the customer can still pay it; any other start is refused.
    const existing = await context.stripe.subscriptions.retrieve(current.id, { expand });
    if (existing.metadata?.[START_KEY_METADATA] !== idempotencyKey) {
      throw new ApiError(409, 'conflict', 'You already have a subscription. Change your plan instead.');
    }
    subscription = existing;
  } else {
    const promotion = body.promotionCode
      ? await resolvePromotionCode(context.stripe, body.promotionCode, customerId, price)
      : null;
    subscription = await context.stripe.subscriptions.create(
      {
        customer: customerId,
        items: [{ price: price.id, quantity: body.quantity }],
        payment_behavior: 'default_incomplete',
        payment_settings: { save_default_payment_method: 'on_subscription' },
        expand,
        // Which start created it: a resend with the same Idempotency-Key is recognised even after the mirror has it.
        metadata: { [START_KEY_METADATA]: idempotencyKey },
        ...(price.trialPeriodDays ? { trial_from_plan: true } : {}),
        ...(promotion ? { discounts: [{ promotion_code: promotion.id }] } : {}),
        ...(context.defaultTaxRates.length > 0 ? { default_tax_rates: context.defaultTaxRates } : {}),
      },
      { idempotencyKey },
    );
  }

  // Eager write so the UI sees the subscription before any webhook. Version 0: this may be an idempotent replay of
  // an older response, so any re-read from Stripe (webhooks) supersedes it.
  await mirrorSubscription(context.stripe, context.store, subscription, 0);

  return contractResponse(billingRoutes.startSubscription.response, {
    subscriptionId: subscription.id,
    status: subscription.status as StartSubscriptionResponse['status'],
    ...confirmationOf(subscription),
  });
};
