import { z } from 'zod';
import { MAX_QUANTITY } from '../limits.js';
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

export const InvoiceStatusSchema = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);
/** Stripe's invoice status, unchanged. */
export type InvoiceStatus = z.infer<typeof InvoiceStatusSchema>;

export const ScheduledChangeSchema = z.object({
  /** The catalog price the subscription moves to. */
  priceId: z.string(),
  planName: z.string(),
  interval: IntervalSchema,
  quantity: z.number().int().positive(),
  /** Unix seconds: when it applies (the end of the current period). */
  effectiveAt: z.number().int(),
});
/** A plan change scheduled for the end of the current period. */
export type ScheduledChange = z.infer<typeof ScheduledChangeSchema>;

export const NextInvoiceSchema = z.object({
  /** Minor units Stripe will charge, discounts and tax included. */
  amount: z.number().int(),
  /** Unix seconds. */
  date: z.number().int(),
});
/** The next invoice of a subscription. */
export type NextInvoice = z.infer<typeof NextInvoiceSchema>;

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
  /** A change waiting for the period end (a downgrade, fewer seats, another interval); null when none. */
  scheduledChange: ScheduledChangeSchema.nullable(),
  /**
   * The next invoice Stripe will charge, computed when the mirror was last synced (never on a read); null when
   * nothing renews (canceled, ending at the period end, incomplete).
   */
  nextInvoice: NextInvoiceSchema.nullable(),
  /** Status of the subscription's latest invoice; `open` means a payment is still owed. */
  latestInvoiceStatus: InvoiceStatusSchema.nullable(),
  /**
   * Unix seconds since when the subscription is `past_due` (the creation of the invoice it failed to pay), for
   * grace periods; null in any other status.
   */
  pastDueSince: z.number().int().nullable(),
});
/** The signed-in customer's subscription as the server's mirror holds it. */
export type SubscriptionSummary = z.infer<typeof SubscriptionSummarySchema>;

export const SubscriptionsResponseSchema = z.object({
  subscriptions: z.array(SubscriptionSummarySchema),
});
export type SubscriptionsResponse = z.infer<typeof SubscriptionsResponseSchema>;

export { MAX_QUANTITY } from '../limits.js';

/** A customer-facing promotion code as typed at checkout (`SPRING25`), not a `promo_...` id. */
export const PromotionCodeInputSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const StartSubscriptionRequestSchema = z
  .object({
    /** A price from the catalog. */
    priceId: z.string().min(1).max(255),
    /** Seats for per-seat plans; 1 otherwise. */
    quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
    /** A promotion code the customer typed; refused with 400 `invalid_promotion_code` when it does not apply. */
    promotionCode: PromotionCodeInputSchema.optional(),
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

/** The body of `POST /subscriptions/preview`: the same as a start. */
export const PreviewSubscriptionRequestSchema = StartSubscriptionRequestSchema;
export type PreviewSubscriptionRequest = z.input<typeof PreviewSubscriptionRequestSchema>;

export const InvoiceLinePreviewSchema = z.object({
  description: z.string(),
  /** Minor units; negative for a credit. */
  amount: z.number().int(),
  /** True for a proration (credit for unused time or charge for the remaining time). */
  proration: z.boolean(),
  /** Unix seconds. */
  period: z.object({ start: z.number().int(), end: z.number().int() }),
});
/** One line of a previewed invoice. */
export type InvoiceLinePreview = z.infer<typeof InvoiceLinePreviewSchema>;

export const AppliedDiscountSchema = z.object({
  /** The promotion code as the customer typed it (Stripe's casing). */
  promotionCode: z.string(),
  /** The coupon's display name, if it has one. */
  name: z.string().nullable(),
  /** Percent off (e.g. 25), or null for an amount off. */
  percentOff: z.number().nullable(),
  /** Fixed minor units off, or null for a percent off. */
  amountOff: z.number().int().nullable(),
  /** How long it lasts: the first invoice only, forever, or a number of months. */
  duration: z.enum(['once', 'forever', 'repeating']),
  durationInMonths: z.number().int().nullable(),
});
/** A discount the customer's promotion code gives. */
export type AppliedDiscount = z.infer<typeof AppliedDiscountSchema>;

export const PreviewSubscriptionResponseSchema = z.object({
  priceId: z.string(),
  quantity: z.number().int().positive(),
  currency: z.string().length(3),
  /** Lines of the first invoice (a full period, even when a trial makes today's total 0). */
  lines: z.array(InvoiceLinePreviewSchema),
  /** Sum of the lines, before discounts and exclusive tax. */
  subtotal: z.number().int(),
  discount: AppliedDiscountSchema.nullable(),
  /** Minor units the discount takes off the first paid invoice. */
  discountAmount: z.number().int().nonnegative(),
  /** Minor units of tax on the first paid invoice (inclusive and exclusive). */
  tax: z.number().int().nonnegative(),
  /** Minor units charged today: 0 during a trial. */
  totalDueToday: z.number().int().nonnegative(),
  /** Unix seconds the trial ends, or null without a trial. */
  trialEnd: z.number().int().nullable(),
  /** The next charge after today's: when and how much (after the trial, or at the first renewal). */
  renewal: NextInvoiceSchema,
});
/** What starting a subscription would cost, before it exists. */
export type PreviewSubscriptionResponse = z.infer<typeof PreviewSubscriptionResponseSchema>;

/** The answer of the routes that act on one subscription (confirm, cancel, resume, cancel-scheduled-change). */
export const SubscriptionResponseSchema = z.object({ subscription: SubscriptionSummarySchema });
export type SubscriptionResponse = z.infer<typeof SubscriptionResponseSchema>;

/** Body of the routes on one subscription that take no input: nothing, or `{}`. */
export const EmptyRequestSchema = z.object({}).strict();
