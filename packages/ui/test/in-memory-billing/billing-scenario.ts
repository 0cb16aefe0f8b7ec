import type {
  BillingRouteName,
  CatalogResponse,
  InvoiceSummary,
  PaymentMethodSummary,
  SubscriptionSummary,
} from '@billing-kit/core';

/** A promotion code the in-memory server accepts (case-insensitive), as a one-off discount on the first invoice. */
export interface PromotionCodeDefinition {
  /** Percent off (25 for 25%). Give this or `amountOff`. */
  percentOff?: number;
  /** Minor units off. Give this or `percentOff`. */
  amountOff?: number;
  /** The coupon's display name. */
  name: string;
}

/**
 * What a route does instead of answering normally: `loading` never answers, `error` answers 500 every time,
 * `error-once` answers 500 the first time and normally after (so a Retry button works).
 */
export type RouteFault = 'loading' | 'error' | 'error-once';

/**
 * The starting state of an in-memory billing server: the customer's subscriptions, cards and invoices, the catalog,
 * and how the server misbehaves. Every field is optional; see `scenarios` for ready-made ones.
 */
export interface BillingScenario {
  /** The plans on sale. Defaults to the unit tests' catalog (Basic, Pro, Team); `currentPriceId` is recomputed. */
  catalog?: CatalogResponse;
  /** The signed-in customer's subscriptions. Defaults to none (a new customer). */
  subscriptions?: SubscriptionSummary[];
  /**
   * The customer's saved cards. Each behaves like the Stripe test card with the same last four digits
   * (`0341` declines every charge, `3155` asks for 3D Secure, `0002` declines); any other card succeeds.
   */
  paymentMethods?: PaymentMethodSummary[];
  /** The customer's invoices; an `open` one can be paid with `POST /invoices/:id/pay`. */
  invoices?: InvoiceSummary[];
  /** Promotion codes by the code the customer types. Defaults to `SPRING25`: 25% off the first payment. */
  promotionCodes?: Record<string, PromotionCodeDefinition>;
  /** Exclusive tax in percent (10 for 10%) on every invoice. Defaults to 0. */
  taxRate?: number;
  /** How long each answer takes, in ms, so loading states are visible. Defaults to 120. */
  latencyMs?: number;
  /** Routes that misbehave, by their name in `billingRoutes`. */
  faults?: Partial<Record<BillingRouteName, RouteFault>>;
}

/** The promotion codes a scenario gets unless it names its own. */
export const DEFAULT_PROMOTION_CODES: Record<string, PromotionCodeDefinition> = {
  SPRING25: { percentOff: 25, name: 'Spring sale' },
};

/** Answer delay when a scenario sets none. */
export const DEFAULT_LATENCY_MS = 120;

/**
 * 2027-02-15T12:00:00Z: where the in-memory clock starts when the scenario has no live subscription. It is the
 * middle of the fixtures' period (1 February to 1 March 2027), so prorations there are exactly half.
 */
export const IN_MEMORY_START_TIME = 1_802_692_800;
