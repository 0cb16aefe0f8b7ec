import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { syncCustomerWallet } from '../sync/sync-wallet.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { makeDefaultCard, toPaymentMethodsResponse } from './wallet-access.js';

/**
 * `POST /payment-methods/setup-intent/complete`: after the client confirmed a SetupIntent from `createSetupIntent`,
 * re-reads it and the customer's cards from Stripe into the mirror (so the new card shows without waiting for a
 * webhook) and, with `makeDefault`, makes the card the default of the customer and of every current subscription.
 */
export const completeSetupIntent: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  const body = await readJsonBody(request, billingRoutes.completeSetupIntent.request);
  if ((await context.store.findSetupIntentCustomer(body.setupIntentId)) !== customerId) {
    throw new ApiError(404, 'not_found', 'We could not find this card setup.');
  }
  const setupIntent = await context.stripe.setupIntents.retrieve(body.setupIntentId);
  const paymentMethodId =
    typeof setupIntent.payment_method === 'string'
      ? setupIntent.payment_method
      : (setupIntent.payment_method?.id ?? null);
  if (setupIntent.status !== 'succeeded' || paymentMethodId === null) {
    throw new ApiError(
      409,
      'conflict',
      'The card has not been confirmed yet. Finish adding it, then try again.',
    );
  }
  if (body.makeDefault) await makeDefaultCard(request, context, customerId, paymentMethodId);
  const wallet = await syncCustomerWallet(context.stripe, context.store, customerId);
  return contractResponse(
    billingRoutes.completeSetupIntent.response,
    toPaymentMethodsResponse(wallet, context.now()),
  );
};
