import type { z } from 'zod';
import { CatalogResponseSchema } from './schemas/catalog.js';
import { EntitlementsResponseSchema } from './schemas/entitlements.js';
import {
  InvoicesResponseSchema,
  PayInvoiceRequestSchema,
  PayInvoiceResponseSchema,
} from './schemas/invoices.js';
import {
  CompleteSetupIntentRequestSchema,
  CreateSetupIntentResponseSchema,
  PaymentMethodsResponseSchema,
} from './schemas/payment-methods.js';
import {
  ChangePlanRequestSchema,
  ChangePlanResponseSchema,
  PreviewPlanChangeRequestSchema,
  PreviewPlanChangeResponseSchema,
} from './schemas/plan-change.js';
import {
  EmptyRequestSchema,
  PreviewSubscriptionRequestSchema,
  PreviewSubscriptionResponseSchema,
  StartSubscriptionRequestSchema,
  StartSubscriptionResponseSchema,
  SubscriptionResponseSchema,
  SubscriptionsResponseSchema,
} from './schemas/subscription.js';

/** The server mounts the billing API here unless `basePath` says otherwise. */
export const DEFAULT_BASE_PATH = '/api/billing';

/**
 * Every route of the billing API: method, path under the base path (`:id` is a path parameter), and the schemas of
 * its body and response.
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
  previewSubscription: {
    method: 'POST',
    path: '/subscriptions/preview',
    request: PreviewSubscriptionRequestSchema,
    response: PreviewSubscriptionResponseSchema,
  },
  confirmSubscription: {
    method: 'POST',
    path: '/subscriptions/:id/confirm',
    request: EmptyRequestSchema,
    response: SubscriptionResponseSchema,
  },
  previewPlanChange: {
    method: 'POST',
    path: '/subscriptions/:id/preview-change',
    request: PreviewPlanChangeRequestSchema,
    response: PreviewPlanChangeResponseSchema,
  },
  changePlan: {
    method: 'POST',
    path: '/subscriptions/:id/change',
    request: ChangePlanRequestSchema,
    response: ChangePlanResponseSchema,
  },
  cancelScheduledChange: {
    method: 'POST',
    path: '/subscriptions/:id/cancel-scheduled-change',
    request: EmptyRequestSchema,
    response: SubscriptionResponseSchema,
  },
  cancelSubscription: {
    method: 'POST',
    path: '/subscriptions/:id/cancel',
    request: EmptyRequestSchema,
    response: SubscriptionResponseSchema,
  },
  resumeSubscription: {
    method: 'POST',
    path: '/subscriptions/:id/resume',
    request: EmptyRequestSchema,
    response: SubscriptionResponseSchema,
  },
  createSetupIntent: {
    method: 'POST',
    path: '/payment-methods/setup-intent',
    request: EmptyRequestSchema,
    response: CreateSetupIntentResponseSchema,
  },
  completeSetupIntent: {
    method: 'POST',
    path: '/payment-methods/setup-intent/complete',
    request: CompleteSetupIntentRequestSchema,
    response: PaymentMethodsResponseSchema,
  },
  listPaymentMethods: {
    method: 'GET',
    path: '/payment-methods',
    request: null,
    response: PaymentMethodsResponseSchema,
  },
  setDefaultPaymentMethod: {
    method: 'POST',
    path: '/payment-methods/:id/default',
    request: EmptyRequestSchema,
    response: PaymentMethodsResponseSchema,
  },
  removePaymentMethod: {
    method: 'DELETE',
    path: '/payment-methods/:id',
    request: null,
    response: PaymentMethodsResponseSchema,
  },
  listInvoices: { method: 'GET', path: '/invoices', request: null, response: InvoicesResponseSchema },
  payInvoice: {
    method: 'POST',
    path: '/invoices/:id/pay',
    request: PayInvoiceRequestSchema,
    response: PayInvoiceResponseSchema,
  },
  getEntitlements: {
    method: 'GET',
    path: '/entitlements',
    request: null,
    response: EntitlementsResponseSchema,
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
