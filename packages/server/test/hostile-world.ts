import { CreateSetupIntentResponseSchema } from '@billing-kit/core';
import type { Billing } from '../src/index.js';
import { type BillingTestEnv, jsonPost } from './billing-test-env.js';
import { startLoggedBillingApi } from './logged-billing-api.js';
import type { ServedHandler } from './serve-over-http.js';
import type { StripeCallLog } from './stripe-call-log.js';

/** Everything one customer owns in Stripe and in the mirror. */
export interface CustomerHoldings {
  customerId: string;
  subscriptionId: string;
  /** The card the subscription was paid with (the default). */
  defaultCardId: string;
  /** A second, non-default card added through a SetupIntent. */
  spareCardId: string;
  setupIntentId: string;
  invoiceId: string;
}

/**
 * The stage for hostile requests: the signed-in attacker (`attacker`, subscribed, two cards, a paid invoice), a
 * victim with the same holdings, a customer with no subscription yet (so a start request could succeed), and
 * prices and promotion codes that must be refused. Requests go to `billing`, whose Stripe calls are logged.
 */
export interface HostileWorld {
  env: BillingTestEnv;
  /** The billing API on the same store and secret, whose every Stripe request goes through `stripeLog`. */
  billing: Billing;
  stripeLog: StripeCallLog;
  /** `billing` behind node:http and the Node adapter. */
  served: ServedHandler;
  attacker: CustomerHoldings;
  victim: CustomerHoldings;
  /** Signed in, no subscription: a valid start request from them would create one. */
  newcomerId: string;
  prices: {
    /** Offered until archived (then re-synced: the store no longer offers it). */
    archived: string;
    /** Active in Stripe, of a product the host did not put in the catalog. */
    hidden: string;
  };
  promotionCodes: {
    /** Reserved for the victim. */
    victimOnly: string;
    /** Deactivated. */
    inactive: string;
  };
  close(): Promise<void>;
}

async function addSpareCard(env: BillingTestEnv, customerId: string) {
  const created = await env.call('/payment-methods/setup-intent', { ...jsonPost({}), customerId });
  if (created.status !== 200) throw new Error(`setup-intent: ${created.status} ${await created.text()}`);
  const { setupIntentId } = CreateSetupIntentResponseSchema.parse(await created.json());
  const confirmed = await env.stripe.setupIntents.confirm(setupIntentId, {
    payment_method: 'pm_card_mastercard',
  });
  const completed = await env.call('/payment-methods/setup-intent/complete', {
    ...jsonPost({ setupIntentId }),
    customerId,
  });
  if (completed.status !== 200) throw new Error(`complete: ${completed.status} ${await completed.text()}`);
  return { setupIntentId, spareCardId: confirmed.payment_method as string };
}

async function holdingsOf(env: BillingTestEnv): Promise<CustomerHoldings> {
  const customerId = await env.createCustomer();
  const started = await env.subscribeAndPay(customerId, env.catalog.team.seatPriceId, 2);
  const spare = await addSpareCard(env, customerId);
  const subscription = await env.stripe.subscriptions.retrieve(started.subscriptionId);
  const invoiceId =
    typeof subscription.latest_invoice === 'string'
      ? subscription.latest_invoice
      : subscription.latest_invoice?.id;
  const defaultCardId = subscription.default_payment_method;
  if (!invoiceId || typeof defaultCardId !== 'string')
    throw new Error('subscription without invoice or card');
  return { customerId, subscriptionId: started.subscriptionId, defaultCardId, invoiceId, ...spare };
}

/** Builds the {@link HostileWorld} and waits until every webhook it caused was applied. */
export async function startHostileWorld(): Promise<HostileWorld> {
  const api = await startLoggedBillingApi();
  const { env, stripeLog, served } = api;

  const attacker = await holdingsOf(env);
  const victim = await holdingsOf(env);
  const newcomerId = await env.createCustomer();

  const archived = await env.stripe.prices.create({
    product: env.catalog.starter.productId,
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
  });
  await env.billing.syncCatalog();
  await env.stripe.prices.update(archived.id, { active: false });
  await env.billing.syncCatalog();
  const internal = await env.stripe.products.create({ name: 'Internal' });
  const hidden = await env.stripe.prices.create({
    product: internal.id,
    currency: 'usd',
    unit_amount: 1,
    recurring: { interval: 'month' },
  });

  const coupon = await env.stripe.coupons.create({ percent_off: 50, duration: 'forever' });
  const victimOnly = await env.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: 'VICTIMONLY',
    customer: victim.customerId,
  });
  const inactive = await env.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: 'RETIRED',
  });
  await env.stripe.promotionCodes.update(inactive.id, { active: false });
  await env.emulator.flushWebhooks();

  return {
    env,
    billing: api.billing,
    stripeLog,
    served,
    attacker,
    victim,
    newcomerId,
    prices: { archived: archived.id, hidden: hidden.id },
    promotionCodes: { victimOnly: victimOnly.code, inactive: inactive.code },
    close: api.close,
  };
}

/**
 * Everything a request could change, read through public entry points: per customer, Stripe's subscriptions,
 * schedules, cards, invoices, charges and SetupIntents (through the SDK) and the mirror's subscriptions, wallet and
 * invoices; the catalog; the webhook ledger; and the account's event list (any change in Stripe makes an event).
 */
export async function snapshotWorld(world: HostileWorld): Promise<unknown> {
  const { env } = world;
  await env.emulator.flushWebhooks();
  const customers = [world.attacker.customerId, world.victim.customerId, world.newcomerId];
  const perCustomer = [];
  for (const customer of customers) {
    perCustomer.push({
      customer: await env.stripe.customers.retrieve(customer),
      subscriptions: (await env.stripe.subscriptions.list({ customer, status: 'all', limit: 100 })).data,
      schedules: (await env.stripe.subscriptionSchedules.list({ customer, limit: 100 })).data,
      cards: (await env.stripe.customers.listPaymentMethods(customer, { limit: 100 })).data,
      invoices: (await env.stripe.invoices.list({ customer, limit: 100 })).data,
      charges: (await env.stripe.charges.list({ customer, limit: 100 })).data,
      setupIntents: (await env.stripe.setupIntents.list({ customer, limit: 100 })).data,
      mirrorSubscriptions: await env.store.getSubscriptions(customer),
      mirrorWallet: await env.store.getCustomerWallet(customer),
      mirrorInvoices: await env.store.getInvoices(customer),
    });
  }
  return {
    perCustomer,
    mirrorRows: await env.store.listSubscriptionRows(),
    catalog: await env.store.listCatalogProducts(),
    ledger: await env.store.listWebhookEvents(),
    events: (await env.stripe.events.list({ limit: 100 })).data.map((event) => event.id),
  };
}
