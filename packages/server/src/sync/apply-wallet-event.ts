import type Stripe from 'stripe';
import type { BillingStore } from '../store/billing-store.js';
import { syncInvoice } from './sync-invoice.js';
import { syncCustomerWallet } from './sync-wallet.js';

interface ObjectPointer {
  id?: unknown;
  object?: unknown;
  customer?: unknown;
}

// Events after which the subscription's default card (the effective default) may differ.
const subscriptionLifecycleEvents = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
]);

const stringOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** The customers whose cards a payment method event may have changed: its owner now, and its owner in the mirror. */
async function ownersOfPaymentMethod(stripe: Stripe, store: BillingStore, paymentMethodId: string) {
  const owners = new Set<string>();
  const mirrored = await store.findPaymentMethodCustomer(paymentMethodId);
  if (mirrored) owners.add(mirrored);
  try {
    const method = await stripe.paymentMethods.retrieve(paymentMethodId);
    const current = typeof method.customer === 'string' ? method.customer : (method.customer?.id ?? null);
    if (current) owners.add(current);
  } catch (error) {
    if ((error as { code?: string }).code !== 'resource_missing') throw error;
  }
  return owners;
}

/**
 * Applies the wallet side of a verified event: saved cards, the default card and invoices. As for subscriptions,
 * the payload only says which object changed; its state is re-read from Stripe. Events about subscriptions resync
 * the customer's wallet too, because the subscription's default card is the effective default.
 */
export async function applyWalletEvent(
  stripe: Stripe,
  store: BillingStore,
  event: Stripe.Event,
): Promise<void> {
  const object = event.data.object as ObjectPointer;
  const id = stringOrNull(object.id);
  if (event.type.startsWith('payment_method.')) {
    if (!id) return;
    for (const customerId of await ownersOfPaymentMethod(stripe, store, id)) {
      await syncCustomerWallet(stripe, store, customerId);
    }
    return;
  }
  if (event.type === 'customer.updated') {
    if (id) await syncCustomerWallet(stripe, store, id);
    return;
  }
  if (event.type === 'setup_intent.succeeded' || subscriptionLifecycleEvents.has(event.type)) {
    // The customer of a SetupIntent or a subscription never changes: the payload may point at it.
    const customerId = stringOrNull(object.customer);
    if (customerId) await syncCustomerWallet(stripe, store, customerId);
    return;
  }
  if (event.type.startsWith('invoice.') && object.object === 'invoice' && id) {
    await syncInvoice(stripe, store, id);
  }
}
