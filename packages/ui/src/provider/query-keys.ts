import type { BillingRouteInput } from './create-billing-client.js';

/**
 * React Query keys of the billing API, one per read (GET routes and the two previews). Every key starts with
 * `billing` and the client's base URL so two providers pointing at different servers never share cache entries, and
 * `invalidateQueries({ queryKey: billingKeys.all(url) })` refreshes everything the kit shows.
 *
 * Previews live under `previews(url)`, apart from the subscriptions: refreshing the subscriptions after a checkout
 * must not refetch the preview a success screen still shows. Invalidate `previews(url)` yourself when the
 * subscription they were computed from changed.
 *
 * Which keys each mutation invalidates (the kit's hooks do exactly this):
 * - `startSubscription` + `confirmSubscription` (checkout): `subscriptions`, `catalog` (its `currentPriceId`),
 *   `entitlements`, `invoices`, `paymentMethods` (the card used is saved).
 * - `changePlan`, `cancelScheduledChange`: `subscriptions`, `catalog`, `entitlements`, `invoices`, `previews`.
 * - `cancelSubscription`, `resumeSubscription` (portal): `subscriptions` (and with it the previews nested under it);
 *   the plan, its entitlements and the invoices stay as they are until the period ends.
 * - `completeSetupIntent`, `setDefaultPaymentMethod`, `removePaymentMethod`: `paymentMethods`.
 * - `payInvoice`: `invoices`, `subscriptions`, `entitlements`.
 * - `previewSubscription`, `previewPlanChange` and `createSetupIntent` change nothing a query shows.
 */
export const billingKeys = {
  all: (baseUrl: string) => ['billing', baseUrl] as const,
  /** `GET /catalog`. */
  catalog: (baseUrl: string) => ['billing', baseUrl, 'catalog'] as const,
  /** `GET /subscriptions`. */
  subscriptions: (baseUrl: string) => ['billing', baseUrl, 'subscriptions'] as const,
  /** Every preview (new subscriptions and plan changes). */
  previews: (baseUrl: string) => ['billing', baseUrl, 'previews'] as const,
  /** `POST /subscriptions/preview` for one price, quantity and promotion code. */
  subscriptionPreview: (baseUrl: string, input: BillingRouteInput<'previewSubscription'>) =>
    [
      'billing',
      baseUrl,
      'previews',
      'subscription',
      { priceId: input.priceId, quantity: input.quantity ?? 1, promotionCode: input.promotionCode ?? null },
    ] as const,
  /** `POST /subscriptions/:id/preview-change` for one target price and quantity. */
  planChangePreview: (baseUrl: string, input: BillingRouteInput<'previewPlanChange'>) =>
    [
      'billing',
      baseUrl,
      'previews',
      'plan-change',
      input.id,
      { priceId: input.priceId, quantity: input.quantity ?? 1 },
    ] as const,
  /** `GET /payment-methods`. */
  paymentMethods: (baseUrl: string) => ['billing', baseUrl, 'payment-methods'] as const,
  /** `GET /invoices`. */
  invoices: (baseUrl: string) => ['billing', baseUrl, 'invoices'] as const,
  /** `GET /entitlements`. */
  entitlements: (baseUrl: string) => ['billing', baseUrl, 'entitlements'] as const,
};
