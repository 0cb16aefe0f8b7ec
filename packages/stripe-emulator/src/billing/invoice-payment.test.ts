import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createMonthlyPrice, paymentIntentIdOf, startEmulatorFixture } from '../../test/emulator-fixture.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_invoice_payment',
  sdk: { maxNetworkRetries: 0 },
});

/** What the fake Stripe.js does with a client secret and the publishable key. */
async function browserPost(path: string, body: Record<string, string>): Promise<{ status?: string }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer pk_test_invoice_payment',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(body).toString(),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { status?: string };
}

/** Subscribes on a test clock and pays the first invoice on session with `card`, completing 3D Secure. */
async function subscribeWithAuthenticatedCard(card: string) {
  const start = Math.floor(Date.now() / 1000);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
  const customer = await stripe.customers.create({ test_clock: clock.id });
  const price = await createMonthlyPrice(stripe);
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
  const clientSecret = (subscription.latest_invoice as Stripe.Invoice).confirmation_secret
    ?.client_secret as string;
  const paymentIntentId = paymentIntentIdOf(clientSecret);
  const confirmed = await browserPost(`/v1/payment_intents/${paymentIntentId}/confirm`, {
    client_secret: clientSecret,
    payment_method: card,
  });
  expect(confirmed.status).toBe('requires_action');
  await browserPost(`/v1/payment_intents/${paymentIntentId}/authenticate`, {
    client_secret: clientSecret,
    outcome: 'complete',
  });
  const active = await stripe.subscriptions.retrieve(subscription.id);
  expect(active.status).toBe('active');
  // An hour into the next period: the renewal is due, no dunning retry yet.
  const renewalTime = (active.items.data[0] as Stripe.SubscriptionItem).current_period_end + 3600;
  return { clock, customer, subscription, renewalTime };
}

async function advance(clockId: string, frozenTime: number) {
  await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await stripe.testHelpers.testClocks.retrieve(clockId)).status === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('The test clock never became ready.');
}

async function renewalInvoice(subscriptionId: string): Promise<Stripe.Invoice> {
  const invoices = await stripe.invoices.list({
    subscription: subscriptionId,
    expand: ['data.confirmation_secret'],
  });
  const renewal = invoices.data.find((invoice) => invoice.billing_reason === 'subscription_cycle');
  expect(renewal).toBeDefined();
  return renewal as Stripe.Invoice;
}

describe('given a subscription renewed off session', () => {
  it('when the card 4000 0025 0000 3155 was authenticated on the first payment, then the renewal is paid without the customer', async () => {
    const { clock, subscription, renewalTime } = await subscribeWithAuthenticatedCard(
      'pm_card_authenticationRequiredOnSetup',
    );

    await advance(clock.id, renewalTime);

    const renewal = await renewalInvoice(subscription.id);
    expect(renewal.status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });

  it('when the card 4000 0027 6000 3184 always needs authentication, then the renewal waits for the customer, who completes it on session', async () => {
    const { clock, subscription, renewalTime } = await subscribeWithAuthenticatedCard(
      'pm_card_authenticationRequired',
    );

    await advance(clock.id, renewalTime);

    const renewal = await renewalInvoice(subscription.id);
    expect(renewal.status).toBe('open');
    const clientSecret = renewal.confirmation_secret?.client_secret as string;
    const paymentIntentId = paymentIntentIdOf(clientSecret);
    const pending = await stripe.paymentIntents.retrieve(paymentIntentId);
    expect(pending.status).toBe('requires_action');
    expect(pending.next_action?.type).toBe('use_stripe_sdk');
    const actionRequired = await stripe.events.list({ type: 'invoice.payment_action_required' });
    expect(actionRequired.data.map((event) => (event.data.object as Stripe.Invoice).id)).toEqual([
      renewal.id,
    ]);

    await browserPost(`/v1/payment_intents/${paymentIntentId}/authenticate`, {
      client_secret: clientSecret,
      outcome: 'complete',
    });

    expect((await stripe.invoices.retrieve(renewal.id)).status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });
});

describe('given an open invoice paid with invoices.pay', () => {
  async function openInvoice() {
    const customer = await stripe.customers.create();
    const price = await createMonthlyPrice(stripe);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
    });
    return { customer, subscription, invoiceId: subscription.latest_invoice as string };
  }

  it('when the card is 4000 0000 0000 0341, then the SDK gets a 402 and invoice.payment_failed is emitted', async () => {
    const { customer, invoiceId } = await openInvoice();
    const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });

    await expect(stripe.invoices.pay(invoiceId, { payment_method: card.id })).rejects.toMatchObject({
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
    });

    const invoice = await stripe.invoices.retrieve(invoiceId);
    expect(invoice.status).toBe('open');
    expect(invoice.attempt_count).toBe(1);
    const failed = await stripe.events.list({ type: 'invoice.payment_failed' });
    expect(failed.data).toHaveLength(1);
  });

  it('when the card is 4000 0027 6000 3184, then the SDK gets invoice_payment_intent_requires_action', async () => {
    const { customer, invoiceId } = await openInvoice();
    const card = await stripe.paymentMethods.attach('pm_card_authenticationRequired', {
      customer: customer.id,
    });

    await expect(stripe.invoices.pay(invoiceId, { payment_method: card.id })).rejects.toMatchObject({
      statusCode: 402,
      code: 'invoice_payment_intent_requires_action',
    });

    expect((await stripe.events.list({ type: 'invoice.payment_action_required' })).data).toHaveLength(1);
  });

  it('when the card is pm_card_visa, then the invoice is paid and the subscription active', async () => {
    const { customer, subscription, invoiceId } = await openInvoice();
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });

    const invoice = await stripe.invoices.pay(invoiceId, { payment_method: card.id });

    expect(invoice.status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });
});

describe('given a trial, whose card is collected with the pending SetupIntent', () => {
  it('when the SetupIntent succeeds after 3D Secure, then the card is the subscription’s and the customer’s default', async () => {
    const customer = await stripe.customers.create();
    const price = await createMonthlyPrice(stripe);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['pending_setup_intent'],
    });
    expect(subscription.status).toBe('trialing');
    const setupIntent = subscription.pending_setup_intent as Stripe.SetupIntent;
    expect(setupIntent.id).toMatch(/^seti_/);
    const clientSecret = setupIntent.client_secret as string;

    const confirmed = await browserPost(`/v1/setup_intents/${setupIntent.id}/confirm`, {
      client_secret: clientSecret,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
    });
    expect(confirmed.status).toBe('requires_action');
    await browserPost(`/v1/setup_intents/${setupIntent.id}/authenticate`, {
      client_secret: clientSecret,
      outcome: 'complete',
    });

    const updated = await stripe.subscriptions.retrieve(subscription.id);
    expect(updated.status).toBe('trialing');
    expect(updated.pending_setup_intent).toBeNull();
    expect(updated.default_payment_method).toEqual(expect.stringMatching(/^pm_/));
    const savedCustomer = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(savedCustomer.invoice_settings.default_payment_method).toBe(updated.default_payment_method);
    const updates = await stripe.events.list({ type: 'customer.subscription.updated' });
    expect(updates.data[0]?.data.previous_attributes).toMatchObject({
      pending_setup_intent: setupIntent.id,
      default_payment_method: null,
    });
    expect((await stripe.events.list({ type: 'setup_intent.succeeded' })).data).toHaveLength(1);
  });
});
