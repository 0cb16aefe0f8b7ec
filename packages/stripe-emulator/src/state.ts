import type Stripe from 'stripe';
import type { TestCard } from './resources/test-cards.js';

/** Any object the emulator stores and can look up by id. */
export type StoredObject =
  | Stripe.Product
  | Stripe.Price
  | Stripe.Customer
  | Stripe.PaymentMethod
  | Stripe.PaymentIntent
  | Stripe.Invoice
  | Stripe.Subscription
  | Stripe.WebhookEndpoint
  | Stripe.Event;

/**
 * The in-memory store. Maps keep insertion order, which is creation order: lists read them newest first.
 * Objects are stored in their API shape, with relations as ids; what Stripe never returns by default (card
 * numbers, webhook secrets, includable fields) lives in the side tables.
 */
export class EmulatorState {
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly customers = new Map<string, Stripe.Customer>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly webhookEndpoints = new Map<string, Stripe.WebhookEndpoint>();
  readonly events = new Map<string, Stripe.Event>();

  /** The test card behind each card payment method. */
  readonly paymentMethodCards = new Map<string, TestCard>();
  /** `whsec_...` per webhook endpoint: returned once, on create. */
  readonly webhookSecrets = new Map<string, string>();
  /** `invoice.confirmation_secret`, only returned when expanded. */
  readonly invoiceConfirmationSecrets = new Map<string, Stripe.Invoice.ConfirmationSecret>();
  /** The PaymentIntent collecting each invoice, and back. */
  readonly invoicePaymentIntents = new Map<string, string>();
  readonly paymentIntentInvoices = new Map<string, string>();
  /** Next invoice number per customer. */
  readonly invoiceSequences = new Map<string, number>();

  private collections(): Array<Map<string, StoredObject>> {
    return [
      this.products,
      this.prices,
      this.customers,
      this.paymentMethods,
      this.paymentIntents,
      this.invoices,
      this.subscriptions,
      this.webhookEndpoints,
      this.events,
    ] as Array<Map<string, StoredObject>>;
  }

  /** Finds any stored object by id (used by `expand`). */
  findById(id: string): StoredObject | undefined {
    for (const collection of this.collections()) {
      const found = collection.get(id);
      if (found) return found;
    }
    return undefined;
  }

  /** Forgets everything. */
  clear(): void {
    for (const collection of this.collections()) collection.clear();
    this.paymentMethodCards.clear();
    this.webhookSecrets.clear();
    this.invoiceConfirmationSecrets.clear();
    this.invoicePaymentIntents.clear();
    this.paymentIntentInvoices.clear();
    this.invoiceSequences.clear();
  }
}
