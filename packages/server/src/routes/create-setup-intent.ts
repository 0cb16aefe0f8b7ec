import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { type RouteHandler, requireCustomer } from './route-context.js';

/**
 * `POST /payment-methods/setup-intent`: a SetupIntent to save a new card for off-session renewals. The client
 * confirms its secret with the Payment Element (`confirmSetup`), then calls `completeSetupIntent` to see the card
 * at once instead of waiting for the webhooks.
 */
export const createSetupIntent: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  await readJsonBody(request, billingRoutes.createSetupIntent.request);
  const idempotencyKey = await deriveIdempotencyKey(request, 'createSetupIntent', customerId);
  const setupIntent = await context.stripe.setupIntents.create(
    { customer: customerId, usage: 'off_session', automatic_payment_methods: { enabled: true } },
    { idempotencyKey },
  );
  if (!setupIntent.client_secret) {
    throw new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again later.', {
      cause: new Error(`Stripe returned SetupIntent ${setupIntent.id} without a client secret.`),
    });
  }
  // Remembered so that `completeSetupIntent` can check the id against the customer without asking Stripe.
  await context.store.recordSetupIntent(setupIntent.id, customerId);
  return contractResponse(billingRoutes.createSetupIntent.response, {
    setupIntentId: setupIntent.id,
    clientSecret: setupIntent.client_secret,
  });
};
