import type Stripe from 'stripe';
import { BillingState } from './billing/billing-state.js';
import type { TestCard } from './resources/test-cards.js';

/** Any object the emulator stores and can look up by id. */
export type StoredObject =
  | Stripe.Product
  | Stripe.Price
  | Stripe.Customer
  | Stripe.PaymentMethod
  | Stripe.PaymentIntent
  | Stripe.SetupIntent
  | Stripe.Charge
  | Stripe.Invoice
  | Stripe.Subscription
  | Stripe.WebhookEndpoint
  | Stripe.Event
  | Stripe.Coupon
  | Stripe.PromotionCode
  | Stripe.TaxRate
  | Stripe.Discount
  | Stripe.SubscriptionSchedule
  | Stripe.TestHelpers.TestClock;

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
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly webhookEndpoints = new Map<string, Stripe.WebhookEndpoint>();
  readonly events = new Map<string, Stripe.Event>();
  readonly coupons = new Map<string, Stripe.Coupon>();
  readonly promotionCodes = new Map<string, Stripe.PromotionCode>();
  readonly taxRates = new Map<string, Stripe.TaxRate>();
  readonly discounts = new Map<string, Stripe.Discount>();
  readonly subscriptionSchedules = new Map<string, Stripe.SubscriptionSchedule>();
  readonly testClocks = new Map<string, Stripe.TestHelpers.TestClock>();
  /** The billing engine's own bookkeeping (tiers, prorations, dunning) and settings. */
  readonly billing = new BillingState();

  /** The test card behind each card payment method. */
  readonly paymentMethodCards = new Map<string, TestCard>();
  /** Card payment methods authenticated for later off-session use (a SetupIntent or an authenticated payment). */
  readonly offSessionReadyPaymentMethods = new Set<string>();
  /** The subscription whose `pending_setup_intent` each SetupIntent is. */
  readonly setupIntentSubscriptions = new Map<string, string>();
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
      this.setupIntents,
      this.charges,
      this.invoices,
      this.subscriptions,
      this.webhookEndpoints,
      this.events,
      this.coupons,
      this.promotionCodes,
      this.taxRates,
      this.discounts,
      this.subscriptionSchedules,
      this.testClocks,
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
    this.billing.clear();
    this.offSessionReadyPaymentMethods.clear();
    this.setupIntentSubscriptions.clear();
    this.webhookSecrets.clear();
    this.invoiceConfirmationSecrets.clear();
    this.invoicePaymentIntents.clear();
    this.paymentIntentInvoices.clear();
    this.invoiceSequences.clear();
  }
}
