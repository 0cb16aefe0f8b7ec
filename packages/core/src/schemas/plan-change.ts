import { z } from 'zod';
import { IntervalSchema } from './catalog.js';
import { InvoiceLinePreviewSchema, MAX_QUANTITY, SubscriptionSummarySchema } from './subscription.js';

/**
 * What a plan change is, which decides when it applies. The server compares the monthly-equivalent amount of the
 * subscription before and after (unit amount × quantity, a yearly price divided by 12):
 * - `upgrade`: another price costing more per month. Applies now, prorated, and is charged at once.
 * - `quantity_increase`: the same price with more seats. Applies now, like an upgrade.
 * - `downgrade`: another price costing the same or less per month. Applies at the end of the period.
 * - `quantity_decrease`: the same price with fewer seats. Applies at the end of the period.
 * - `interval_change`: a price billed on another interval (monthly to yearly or back). Applies at the end of the
 *   period, so no two billing periods overlap.
 */
export const PlanChangeKindSchema = z.enum([
  'upgrade',
  'downgrade',
  'quantity_increase',
  'quantity_decrease',
  'interval_change',
]);
export type PlanChangeKind = z.infer<typeof PlanChangeKindSchema>;

export const PreviewPlanChangeRequestSchema = z
  .object({
    /** The catalog price to move to (the current one to change seats only). */
    priceId: z.string().min(1).max(255),
    /** Seats after the change; 1 for plans that are not per seat. */
    quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
  })
  .strict();
export type PreviewPlanChangeRequest = z.input<typeof PreviewPlanChangeRequestSchema>;

export const PreviewPlanChangeResponseSchema = z.object({
  kind: PlanChangeKindSchema,
  /** `now` (charged at once) or `period_end` (scheduled, nothing charged today). */
  appliesAt: z.enum(['now', 'period_end']),
  /**
   * Unix seconds the proration is computed at, chosen by the server. Send it back unchanged to
   * `POST /subscriptions/:id/change` so the charge equals this preview.
   */
  prorationDate: z.number().int(),
  /** The lines of the invoice charged now (`now`) or of the next invoice (`period_end`). */
  lines: z.array(InvoiceLinePreviewSchema),
  /** Minor units credited for the unused time of the current plan (0 or negative). */
  creditForUnusedTime: z.number().int().nonpositive(),
  /** Minor units charged for the remaining time on the new plan (0 or positive). */
  chargeForNewPlan: z.number().int().nonnegative(),
  /** Minor units charged today, discounts, tax and credit balance included; 0 for a scheduled change. */
  amountDueNow: z.number().int().nonnegative(),
  /** Unix seconds of the next regular invoice (the end of the current period). */
  nextInvoiceDate: z.number().int(),
  /** Minor units of that next invoice once the change is made. */
  nextInvoiceAmount: z.number().int(),
  /** Unix seconds the new plan takes effect: now, or the end of the current period. */
  effectiveAt: z.number().int(),
  currency: z.string().length(3),
  /** The plan after the change. */
  target: z.object({
    priceId: z.string(),
    planName: z.string(),
    interval: IntervalSchema,
    quantity: z.number().int().positive(),
  }),
});
/** What a plan change would do, before it is made. */
export type PreviewPlanChangeResponse = z.infer<typeof PreviewPlanChangeResponseSchema>;

export const ChangePlanRequestSchema = z
  .object({
    priceId: z.string().min(1).max(255),
    quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
    /** The `prorationDate` of the preview the customer accepted. */
    prorationDate: z.number().int().positive(),
  })
  .strict();
export type ChangePlanRequest = z.input<typeof ChangePlanRequestSchema>;

export const ChangePlanResponseSchema = z.object({
  /**
   * `applied`: the new plan is active and paid. `scheduled`: it starts at the period end. `requires_action`: the
   * bank asks the customer to authenticate; the plan changes once `paymentAction.clientSecret` is confirmed with
   * Stripe.js (then call `POST /subscriptions/:id/confirm`).
   */
  outcome: z.enum(['applied', 'scheduled', 'requires_action']),
  subscription: SubscriptionSummarySchema,
  paymentAction: z.object({ clientSecret: z.string() }).nullable(),
});
export type ChangePlanResponse = z.infer<typeof ChangePlanResponseSchema>;
