import type Stripe from 'stripe';
import { CURRENT_SUBSCRIPTION_STATUSES } from '../routes/current-subscription.js';
import type { BillingStore, CustomerWalletRow, PaymentMethodMirrorRow } from '../store/billing-store.js';

const idOf = (value: string | { id: string } | null | undefined) =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : value.id;

function paymentMethodToRow(method: Stripe.PaymentMethod, customerId: string): PaymentMethodMirrorRow | null {
  const card = method.card;
  if (!card) return null;
  return {
    id: method.id,
    customerId,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
    created: method.created,
  };
}

/**
 * The card renewals are charged to, as Stripe picks it: the current subscription's `default_payment_method` wins
 * over the customer's `invoice_settings.default_payment_method`. Only a card the customer still has counts.
 */
function effectiveDefault(
  customer: Stripe.Customer,
  subscriptions: Stripe.Subscription[],
  cards: PaymentMethodMirrorRow[],
): string | null {
  const current = subscriptions.find((subscription) =>
    (CURRENT_SUBSCRIPTION_STATUSES as readonly string[]).includes(subscription.status),
  );
  const candidates = [
    idOf(current?.default_payment_method),
    idOf(customer.invoice_settings?.default_payment_method),
  ];
  return candidates.find((id) => id !== null && cards.some((card) => card.id === id)) ?? null;
}

/**
 * Re-reads a customer's cards, default card and subscriptions from Stripe and replaces the wallet mirror with them.
 * The version is the time the read started, so when two re-reads race the later one wins. Three Stripe reads (more
 * only past 100 cards or subscriptions).
 */
export async function syncCustomerWallet(
  stripe: Stripe,
  store: BillingStore,
  customerId: string,
): Promise<CustomerWalletRow> {
  const version = Date.now();
  const [customer, methods, subscriptions] = await Promise.all([
    stripe.customers.retrieve(customerId),
    stripe.customers.listPaymentMethods(customerId, { type: 'card', limit: 100 }).autoPagingToArray({
      limit: 10_000,
    }),
    stripe.subscriptions.list({ customer: customerId, limit: 100 }).autoPagingToArray({ limit: 10_000 }),
  ]);
  const cards = methods.flatMap((method) => paymentMethodToRow(method, customerId) ?? []);
  const wallet: CustomerWalletRow = {
    customerId,
    // A deleted customer keeps no cards.
    paymentMethods: customer.deleted ? [] : cards,
    defaultPaymentMethodId: customer.deleted ? null : effectiveDefault(customer, subscriptions, cards),
    version,
  };
  await store.replaceCustomerWallet(wallet);
  return wallet;
}
