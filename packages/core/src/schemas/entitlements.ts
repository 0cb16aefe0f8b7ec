import { z } from 'zod';
import { SubscriptionStatusSchema } from './subscription.js';

export const EntitlementsResponseSchema = z.object({
  /** Entitlement keys granted now (`projects`, `sso`...), sorted, no duplicates; empty when nothing is granted. */
  features: z.array(z.string()),
  /** Status of the subscription the entitlements come from; null when the customer has no subscription. */
  status: SubscriptionStatusSchema.nullable(),
  /**
   * Unix seconds at which a `past_due` subscription stops granting its features (the grace period's end); null
   * when the subscription is not past due. Features are already withdrawn when this is in the past.
   */
  graceEndsAt: z.number().int().nullable(),
});
/** What the signed-in customer may use right now. */
export type EntitlementsResponse = z.infer<typeof EntitlementsResponseSchema>;
