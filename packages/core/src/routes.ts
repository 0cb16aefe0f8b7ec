import type { z } from 'zod';
import { CatalogResponseSchema } from './schemas/catalog.js';
import {
  StartSubscriptionRequestSchema,
  StartSubscriptionResponseSchema,
  SubscriptionsResponseSchema,
} from './schemas/subscription.js';

/** The server mounts the billing API here unless `basePath` says otherwise. */
export const DEFAULT_BASE_PATH = '/api/billing';

/**
 * Every route of the billing API: method, path under the base path, and the schemas of its body and response.
 * The server validates requests with `request`, the client validates responses with `response`: one definition,
 * two ends.
 */
export const billingRoutes = {
  getCatalog: { method: 'GET', path: '/catalog', request: null, response: CatalogResponseSchema },
  listSubscriptions: {
    method: 'GET',
    path: '/subscriptions',
    request: null,
    response: SubscriptionsResponseSchema,
  },
  startSubscription: {
    method: 'POST',
    path: '/subscriptions',
    request: StartSubscriptionRequestSchema,
    response: StartSubscriptionResponseSchema,
  },
} as const satisfies Record<string, BillingRoute>;

/** The shape of one entry in {@link billingRoutes}. */
export interface BillingRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  request: z.ZodType | null;
  response: z.ZodType;
}

export type BillingRouteName = keyof typeof billingRoutes;

/** The path of the webhook endpoint under the base path. Stripe posts signed events here. */
export const WEBHOOK_PATH = '/webhooks';

/** Header carrying the client's idempotency key for one user action. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
