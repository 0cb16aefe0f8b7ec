import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { syncCustomerWallet } from '../sync/sync-wallet.js';
import { CURRENT_SUBSCRIPTION_STATUSES } from './current-subscription.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { findOwnCard, requireIdParam, toPaymentMethodsResponse } from './wallet-access.js';

/**
 * `DELETE /payment-methods/:id`: detaches one of the customer's cards. While a subscription is active, trialing or
 * past due, the card it is charged to cannot be removed (409 `payment_method_required`): the only card, or the
 * default one (make another card the default first, as Stripe's own portal asks).
 */
export const removePaymentMethod: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  const paymentMethodId = requireIdParam(params.id, 'pm_', 'card');
  const wallet = await context.store.getCustomerWallet(customerId);
  if (!findOwnCard(wallet, paymentMethodId)) {
    throw new ApiError(404, 'not_found', 'We could not find this card.');
  }
  const subscriptionNeedsACard = (await context.store.getSubscriptions(customerId)).some((subscription) =>
    CURRENT_SUBSCRIPTION_STATUSES.includes(subscription.status),
  );
  if (subscriptionNeedsACard && wallet.paymentMethods.length === 1) {
    throw new ApiError(
      409,
      'payment_method_required',
      'Your subscription is charged to this card. Add another card before removing it.',
    );
  }
  if (subscriptionNeedsACard && wallet.defaultPaymentMethodId === paymentMethodId) {
    throw new ApiError(
      409,
      'payment_method_required',
      'Your subscription is charged to this card. Make another card the default before removing it.',
    );
  }
  const idempotencyKey = await deriveIdempotencyKey(request, 'removePaymentMethod', customerId);
  await context.stripe.paymentMethods.detach(
    paymentMethodId,
    {},
    { idempotencyKey: `${idempotencyKey}-${paymentMethodId}` },
  );
  const synced = await syncCustomerWallet(context.stripe, context.store, customerId);
  return contractResponse(
    billingRoutes.removePaymentMethod.response,
    toPaymentMethodsResponse(synced, context.now()),
  );
};
