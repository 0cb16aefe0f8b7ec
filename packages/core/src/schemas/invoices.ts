import { z } from 'zod';
import { MAX_STRIPE_ID_LENGTH } from './payment-methods.js';
import { InvoiceStatusSchema } from './subscription.js';

/** Invoice statuses a customer sees. Drafts are never listed: Stripe may still change or delete them. */
export const ListedInvoiceStatusSchema = InvoiceStatusSchema.exclude(['draft']);
/** Stripe's invoice status, drafts excluded. */
export type ListedInvoiceStatus = z.infer<typeof ListedInvoiceStatusSchema>;

export const InvoiceSummarySchema = z.object({
  /** Stripe invoice id (`in_...`). */
  id: z.string(),
  /** The number printed on the invoice (`ABC-0001`); null only for invoices that never left draft. */
  number: z.string().nullable(),
  status: ListedInvoiceStatusSchema,
  /** Minor units the invoice asked for. */
  amountDue: z.number().int(),
  /** Minor units paid so far. */
  amountPaid: z.number().int(),
  /** Lower-case ISO currency code. */
  currency: z.string().length(3),
  /** Unix seconds the invoice was created. */
  created: z.number().int(),
  /** Unix seconds: start of the service period the invoice bills (from its lines). */
  periodStart: z.number().int(),
  /** Unix seconds: end of the service period the invoice bills. */
  periodEnd: z.number().int(),
  /** Stripe's hosted page where the invoice can be viewed and paid; null while a draft. */
  hostedInvoiceUrl: z.string().nullable(),
  /** Stripe's PDF of the invoice; null while a draft. */
  invoicePdf: z.string().nullable(),
});
/** One invoice of the signed-in customer, as the server's mirror holds it. */
export type InvoiceSummary = z.infer<typeof InvoiceSummarySchema>;

export const InvoicesResponseSchema = z.object({
  /** Newest first. */
  invoices: z.array(InvoiceSummarySchema),
});
export type InvoicesResponse = z.infer<typeof InvoicesResponseSchema>;

export const PayInvoiceRequestSchema = z
  .object({
    /** One of the customer's saved cards; without it the subscription's (else the customer's) default is charged. */
    paymentMethodId: z.string().min(1).max(MAX_STRIPE_ID_LENGTH).optional(),
  })
  .strict();
export type PayInvoiceRequest = z.input<typeof PayInvoiceRequestSchema>;

export const PayInvoiceResponseSchema = z.discriminatedUnion('status', [
  /** Paid: the mirror already shows the invoice paid and the subscription's new status. */
  z.object({ status: z.literal('paid') }),
  /**
   * The bank wants the customer to authenticate (3D Secure): confirm `clientSecret` with Stripe.js
   * (`confirmPayment` or `handleNextAction`) while the customer is present.
   */
  z.object({ status: z.literal('requires_action'), clientSecret: z.string() }),
]);
export type PayInvoiceResponse = z.infer<typeof PayInvoiceResponseSchema>;
