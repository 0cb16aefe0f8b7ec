import { z } from 'zod';

export const IntervalSchema = z.enum(['month', 'year']);
/** A billing interval as Stripe names it. */
export type Interval = z.infer<typeof IntervalSchema>;

export const PriceTierSchema = z.object({
  /** Inclusive upper bound of the tier in units; null for the last, unbounded tier. */
  upTo: z.number().int().positive().nullable(),
  /** Minor units per unit in this tier. */
  unitAmount: z.number().int().nonnegative().nullable(),
  /** Minor units charged once for reaching this tier. */
  flatAmount: z.number().int().nonnegative().nullable(),
});
export type PriceTier = z.infer<typeof PriceTierSchema>;

export const PriceSchema = z.object({
  /** Stripe price id (`price_...`). */
  id: z.string(),
  /** Stripe product id (`prod_...`) this price belongs to. */
  productId: z.string(),
  /** Lower-case ISO currency code, as Stripe sends it. */
  currency: z.string().length(3),
  /** Minor units per unit (per seat for per-seat plans); null for tiered prices. */
  unitAmount: z.number().int().nonnegative().nullable(),
  interval: IntervalSchema,
  intervalCount: z.number().int().positive(),
  /** `per_unit` (flat or per seat) or `tiered`. */
  billingScheme: z.enum(['per_unit', 'tiered']),
  tiersMode: z.enum(['graduated', 'volume']).nullable(),
  tiers: z.array(PriceTierSchema),
  lookupKey: z.string().nullable(),
  /** Trial length that starting a subscription on this price grants, if any. */
  trialPeriodDays: z.number().int().positive().nullable(),
});
/** A recurring price the customer can buy. */
export type Price = z.infer<typeof PriceSchema>;

export const PlanSchema = z.object({
  /** Stripe product id. */
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Plain-words features, in display order. */
  features: z.array(z.string()),
  /** Entitlement keys this plan grants (`analytics`, `sso`...). */
  entitlements: z.array(z.string()),
  /** Whether the pricing table should visually emphasise this plan. */
  highlighted: z.boolean(),
  /** Priced per seat: the quantity is a seat count the customer picks. */
  perSeat: z.boolean(),
  /** The plan's active prices, monthly and yearly. */
  prices: z.array(PriceSchema),
});
/** A product of the configured catalog with its prices. */
export type Plan = z.infer<typeof PlanSchema>;

export const CatalogResponseSchema = z.object({
  plans: z.array(PlanSchema),
  /** The price the signed-in customer is subscribed to, if any; null when signed out or not subscribed. */
  currentPriceId: z.string().nullable(),
});
export type CatalogResponse = z.infer<typeof CatalogResponseSchema>;
