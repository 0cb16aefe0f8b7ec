import { z } from 'zod';

/** Longest Stripe id any route accepts in a path or body; longer strings are refused before any lookup. */
export const MAX_STRIPE_ID_LENGTH = 255;

export const PaymentMethodSummarySchema = z.object({
  /** Stripe payment method id (`pm_...`). */
  id: z.string(),
  /** Card brand as Stripe names it (`visa`, `mastercard`, `amex`...). */
  brand: z.string(),
  /** Last four digits of the card number. */
  last4: z.string(),
  /** Expiry month, 1-12. */
  expMonth: z.number().int().min(1).max(12),
  /** Four-digit expiry year. */
  expYear: z.number().int(),
  /** The card renewals are charged to: the subscription's default, else the customer's invoice default. */
  isDefault: z.boolean(),
  /** The card's expiry month is over. */
  expired: z.boolean(),
  /** Not expired yet, but expires at the end of this month or the next: prompt for a new card. */
  expiresSoon: z.boolean(),
});
/** One saved card of the signed-in customer, as the server's mirror holds it. */
export type PaymentMethodSummary = z.infer<typeof PaymentMethodSummarySchema>;

export const PaymentMethodsResponseSchema = z.object({
  /** The customer's cards, default first, then newest first. */
  paymentMethods: z.array(PaymentMethodSummarySchema),
});
export type PaymentMethodsResponse = z.infer<typeof PaymentMethodsResponseSchema>;

export const CreateSetupIntentResponseSchema = z.object({
  /** Stripe SetupIntent id (`seti_...`), to pass to `completeSetupIntent` once confirmed. */
  setupIntentId: z.string(),
  /** Confirm it with Stripe.js (`confirmSetup`) and the Payment Element in `setup` mode. */
  clientSecret: z.string(),
});
export type CreateSetupIntentResponse = z.infer<typeof CreateSetupIntentResponseSchema>;

export const CompleteSetupIntentRequestSchema = z
  .object({
    /** A SetupIntent this server created for the signed-in customer. */
    setupIntentId: z.string().min(1).max(MAX_STRIPE_ID_LENGTH),
    /** Also make the new card the default of the customer and of every current subscription. */
    makeDefault: z.boolean().default(false),
  })
  .strict();
export type CompleteSetupIntentRequest = z.input<typeof CompleteSetupIntentRequestSchema>;
