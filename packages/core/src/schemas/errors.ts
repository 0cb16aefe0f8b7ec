import { z } from 'zod';

/**
 * Every error the billing API answers with. The UI switches on `code`, never on `message`;
 * `message` is plain words safe to show an end customer.
 */
export const apiErrorCodes = [
  /** The request body or query failed validation; `field` names the first offending field. */
  'invalid_request',
  /** `resolveCustomer` found no signed-in customer. */
  'unauthenticated',
  /** The id in the request does not exist or does not belong to the signed-in customer. */
  'not_found',
  /** The route exists but not for this HTTP method. */
  'method_not_allowed',
  /** The body is larger than the server accepts. */
  'payload_too_large',
  /** The request conflicts with the current state (e.g. a subscription already exists). */
  'conflict',
  /** The promotion code does not exist, expired, or does not apply to this customer or plan. */
  'invalid_promotion_code',
  /** The `prorationDate` of a plan change preview is outside the current period: preview the change again. */
  'preview_expired',
  /** The payment method is the one a current subscription is charged to and cannot be removed. */
  'payment_method_required',
  /** The card was declined; `declineCode` carries Stripe's decline code. */
  'card_declined',
  /** Stripe could not be reached or failed; safe to retry. */
  'stripe_unavailable',
  /** The webhook signature is missing, malformed, stale or wrong. */
  'invalid_signature',
  /** Anything else. No internals are ever included. */
  'internal_error',
] as const;

export const ApiErrorCodeSchema = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: ApiErrorCodeSchema,
    message: z.string(),
    /** Dotted path of the offending field for `invalid_request`. */
    field: z.string().optional(),
    /** Stripe's decline code for `card_declined` (e.g. `insufficient_funds`). */
    declineCode: z.string().optional(),
    /** True when the same request may succeed if retried later. */
    retryable: z.boolean().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
