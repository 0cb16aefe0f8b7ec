import { z } from 'zod';
import { IntervalSchema } from './catalog.js';

export const SubscriptionStatusSchema = z.enum([
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
]);
/** Stripe's subscription status, unchanged. */
export type SubscriptionStatus = z.infer<typeof SubscriptionStatusSchema>;

export const SubscriptionSummarySchema = z.object({
  id: z.string(),
  status: SubscriptionStatusSchema,
  /** Product id of the plan. */
  planId: z.string(),
  planName: z.string(),
  priceId: z.string(),
  interval: IntervalSchema,
  currency: z.string().length(3),
  /** Unit amount of the price in minor units (per seat for per-seat plans); null for tiered prices. */
  unitAmount: z.number().int().nullable(),
  /** Seats, or 1. */
  quantity: z.number().int().positive(),
  /** Unix seconds. */
  currentPeriodStart: z.number().int(),
  /** Unix seconds: the renewal date. */
  currentPeriodEnd: z.number().int(),
  cancelAtPeriodEnd: z.boolean(),
  /** Unix seconds; null when not trialing. */
  trialEnd: z.number().int().nullable(),
  /** Unix seconds of the Stripe state this mirror row was written from. */
  syncedAt: z.number().int(),
});
/** The signed-in customer's subscription as the server's mirror holds it. */
export type SubscriptionSummary = z.infer<typeof SubscriptionSummarySchema>;

export const SubscriptionsResponseSchema = z.object({
  subscriptions: z.array(SubscriptionSummarySchema),
});
export type SubscriptionsResponse = z.infer<typeof SubscriptionsResponseSchema>;

/** Largest seat count any route accepts; larger quantities are refused before reaching Stripe. */
export const MAX_QUANTITY = 10_000;

export const StartSubscriptionRequestSchema = z
  .object({
    /** A price from the catalog. */
    priceId: z.string().min(1).max(255),
    /** Seats for per-seat plans; 1 otherwise. */
    quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
  })
  .strict();
export type StartSubscriptionRequest = z.input<typeof StartSubscriptionRequestSchema>;

export const StartSubscriptionResponseSchema = z.object({
  subscriptionId: z.string(),
  status: SubscriptionStatusSchema,
  /**
   * What the client must confirm with Stripe.js: `payment` (confirmPayment with `clientSecret`),
   * `setup` (confirmSetup: nothing is due now, e.g. a trial) or `none` (nothing to confirm).
   */
  intentType: z.enum(['payment', 'setup', 'none']),
  clientSecret: z.string().nullable(),
  /** Minor units due now. */
  amountDue: z.number().int().nonnegative(),
  currency: z.string().length(3),
});
export type StartSubscriptionResponse = z.infer<typeof StartSubscriptionResponseSchema>;
