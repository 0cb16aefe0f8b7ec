import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';
import { startStripeEmulator } from '../index.js';

const DAY = 86_400;
const START = Date.UTC(2026, 0, 15, 12) / 1000; // 15 Jan 2026, 12:00 UTC
const FEB_15 = Date.UTC(2026, 1, 15, 12) / 1000;
const MAR_15 = Date.UTC(2026, 2, 15, 12) / 1000;

const { emulator, stripe } = await startEmulatorFixture({ apiKey: 'sk_test_lifecycle' });

async function setup(unitAmount = 2000) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'lifecycle' });
  const customer = await stripe.customers.create({ email: 'ada@example.com', test_clock: clock.id });
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: unitAmount,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  });
  return { clock, customer, price };
}

async function advance(clockId: string, frozenTime: number) {
  const advancing = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  expect(advancing.status).toBe('advancing');
  let clock = await stripe.testHelpers.testClocks.retrieve(clockId);
  while (clock.status === 'advancing') clock = await stripe.testHelpers.testClocks.retrieve(clockId);
  expect(clock.status).toBe('ready');
  expect(clock.frozen_time).toBe(frozenTime);
  return clock;
}

/** Checkout as the kit does it: default_incomplete, then the PaymentIntent confirmed with the card. */
async function checkout(customerId: string, priceId: string, card = 'pm_card_visa') {
  const created = await stripe.subscriptions.create({
    customer: customerId,
    items: [{ price: priceId }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
  const secret = (created.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret as string;
  await stripe.paymentIntents.confirm(secret.split('_secret_')[0] as string, { payment_method: card });
  return stripe.subscriptions.retrieve(created.id);
}

async function invoicesOf(subscriptionId: string) {
  return (await stripe.invoices.list({ subscription: subscriptionId, limit: 100 })).data;
}

describe('given a subscription on a test clock', () => {
  it('when it lives through checkout, a renewal, a failed renewal, a card update and invoices.pay, then it goes active -> past_due -> active', async () => {
    const { clock, customer, price } = await setup();
    const subscription = await checkout(customer.id, price.id);
    expect(subscription.status).toBe('active');
    expect(subscription.test_clock).toBe(clock.id);
    expect(subscription.items.data[0]?.current_period_start).toBe(START);
    expect(subscription.items.data[0]?.current_period_end).toBe(FEB_15);

    await advance(clock.id, FEB_15 + 3_600);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]?.current_period_start).toBe(FEB_15);
    expect(renewed.items.data[0]?.current_period_end).toBe(MAR_15);
    const [renewal] = await invoicesOf(subscription.id);
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      amount_paid: 2000,
    });
    expect(renewal?.created).toBe(FEB_15);

    // The card on file starts failing (attaching works, every charge is declined).
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: customer.id,
    });
    await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    await advance(clock.id, MAR_15 + 3_600);
    const pastDue = await stripe.subscriptions.retrieve(subscription.id);
    expect(pastDue.status).toBe('past_due');
    const failed = (await invoicesOf(subscription.id))[0] as Stripe.Invoice;
    expect(failed).toMatchObject({ status: 'open', attempt_count: 1, amount_due: 2000 });
    expect(failed.next_payment_attempt).toBe(MAR_15 + DAY);
    const failureEvents = await stripe.events.list({ type: 'invoice.payment_failed' });
    expect(failureEvents.data.map((event) => (event.data.object as Stripe.Invoice).id)).toContain(failed.id);

    // The customer updates the card, then the open invoice is paid off session.
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.subscriptions.update(subscription.id, { default_payment_method: visa.id });
    const paid = await stripe.invoices.pay(failed.id);
    expect(paid.status).toBe('paid');
    expect(paid.next_payment_attempt).toBeNull();
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });

  it('when invoices.pay is called with the failing card, then it is a 402 card_error and the subscription stays past_due', async () => {
    const { clock, customer, price } = await setup();
    const subscription = await checkout(customer.id, price.id);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: customer.id,
    });
    await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    await advance(clock.id, FEB_15 + 60);
    const open = (await invoicesOf(subscription.id))[0] as Stripe.Invoice;

    const error = await stripe.invoices.pay(open.id).then(
      () => undefined,
      (caught: unknown) => caught as Stripe.errors.StripeError,
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error?.statusCode).toBe(402);
    expect(error?.code).toBe('card_declined');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
  });

  it('when every retry fails, then it is retried on days 1, 3 and 7 and then canceled (the default)', async () => {
    const { clock, customer, price } = await setup();
    const subscription = await checkout(customer.id, price.id);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: customer.id,
    });
    await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });

    await advance(clock.id, FEB_15 + 6 * DAY);
    const invoice = (await invoicesOf(subscription.id))[0] as Stripe.Invoice;
    expect(invoice.attempt_count).toBe(3); // first attempt, then days 1 and 3
    expect(invoice.next_payment_attempt).toBe(FEB_15 + 7 * DAY);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');

    await advance(clock.id, FEB_15 + 8 * DAY);
    const canceled = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).toBe(FEB_15 + 7 * DAY);
    expect(canceled.cancellation_details?.reason).toBe('payment_failed');
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(4);
    const deleted = await stripe.events.list({ type: 'customer.subscription.deleted' });
    expect(deleted.data).toHaveLength(1);
  });

  it('when the renewal card always requires authentication, then invoice.payment_action_required is sent and the subscription is past_due', async () => {
    const { clock, customer, price } = await setup();
    const subscription = await checkout(customer.id, price.id);
    const card = await stripe.paymentMethods.attach('pm_card_authenticationRequired', {
      customer: customer.id,
    });
    await stripe.subscriptions.update(subscription.id, { default_payment_method: card.id });

    await advance(clock.id, FEB_15 + 60);

    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
    const renewal = (await invoicesOf(subscription.id))[0] as Stripe.Invoice;
    expect(renewal.status).toBe('open');
    const actionRequired = await stripe.events.list({ type: 'invoice.payment_action_required' });
    expect(actionRequired.data.map((event) => (event.data.object as Stripe.Invoice).id)).toEqual([
      renewal.id,
    ]);
  });
});

describe('given dunning configured to leave subscriptions unpaid', () => {
  it('when the retries are exhausted, then the subscription is unpaid and later renewals are invoiced without being charged', async () => {
    const unpaidEmulator = await startStripeEmulator({
      port: 0,
      dunning: { retryDays: [2, 4], finalAction: 'unpaid' },
    });
    try {
      const client = new Stripe('sk_test_unpaid', { ...unpaidEmulator.stripeOptions });
      const clock = await client.testHelpers.testClocks.create({ frozen_time: START });
      const customer = await client.customers.create({ test_clock: clock.id });
      const card = await client.paymentMethods.attach('pm_card_chargeCustomerFail', {
        customer: customer.id,
      });
      await client.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
      const price = await client.prices.create({
        currency: 'usd',
        unit_amount: 1500,
        recurring: { interval: 'month' },
        product_data: { name: 'Basic' },
      });
      const subscription = await client.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        trial_period_days: 5,
      });
      expect(subscription.status).toBe('trialing');

      await client.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 5 * DAY + 4 * DAY + 60 });
      const unpaid = await client.subscriptions.retrieve(subscription.id);
      expect(unpaid.status).toBe('unpaid');
      const [first] = (await client.invoices.list({ subscription: subscription.id, status: 'open' })).data;
      expect(first?.attempt_count).toBe(3);
      expect(first?.next_payment_attempt).toBeNull();

      await client.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 5 * DAY + 32 * DAY });
      const open = (await client.invoices.list({ subscription: subscription.id, status: 'open' })).data;
      expect(open).toHaveLength(2);
      expect(open[0]?.attempt_count).toBe(0);
      expect((await client.subscriptions.retrieve(subscription.id)).status).toBe('unpaid');
    } finally {
      await unpaidEmulator.close();
    }
  });
});

describe('given a trial', () => {
  it('when the clock passes the trial, then trial_will_end comes 3 days before and the first paid invoice at the end', async () => {
    const { clock, customer, price } = await setup(3000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['pending_setup_intent', 'latest_invoice'],
    });
    expect(subscription.status).toBe('trialing');
    expect(subscription.trial_end).toBe(START + 14 * DAY);
    expect((subscription.latest_invoice as Stripe.Invoice).amount_due).toBe(0);
    const setupIntent = subscription.pending_setup_intent as Stripe.SetupIntent;
    expect(setupIntent.id).toMatch(/^seti_/);
    await stripe.setupIntents.confirm(setupIntent.id, { payment_method: 'pm_card_visa' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).default_payment_method).toMatch(/^pm_/);

    await advance(clock.id, START + 11 * DAY + 60);
    const reminders = await stripe.events.list({ type: 'customer.subscription.trial_will_end' });
    expect(reminders.data).toHaveLength(1);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('trialing');

    await advance(clock.id, START + 14 * DAY + 60);
    const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.items.data[0]?.current_period_start).toBe(START + 14 * DAY);
    expect(active.latest_invoice).toMatchObject({
      status: 'paid',
      amount_paid: 3000,
      billing_reason: 'subscription_cycle',
    });
  });

  it('when the trial ends without a payment method, then the subscription is past_due', async () => {
    const { clock, customer, price } = await setup();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_end: START + 2 * DAY,
    });
    await advance(clock.id, START + 2 * DAY + 1);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
  });
});

describe('given cancel_at_period_end', () => {
  it('when set, then undone, then set again, then the subscription only ends at the period end of the last setting', async () => {
    const { clock, customer, price } = await setup();
    const subscription = await checkout(customer.id, price.id);
    const scheduled = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({ cancel_at_period_end: true, cancel_at: FEB_15, status: 'active' });
    const undone = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(undone).toMatchObject({ cancel_at_period_end: false, cancel_at: null });

    await advance(clock.id, FEB_15 + 60);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');

    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await advance(clock.id, MAR_15 + 60);
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended.status).toBe('canceled');
    expect(ended.ended_at).toBe(MAR_15);
    expect(await invoicesOf(subscription.id)).toHaveLength(2);
    const deleted = await stripe.events.list({ type: 'customer.subscription.deleted' });
    expect(deleted.data[0]?.data.object).toMatchObject({ id: subscription.id });
  });

  it('when canceled immediately, then it is canceled with customer.subscription.deleted and hidden from the default list', async () => {
    const { customer, price } = await setup();
    const subscription = await checkout(customer.id, price.id);
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.canceled_at).toBe(START);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect(
      (await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data,
    ).toHaveLength(1);
  });
});

describe('given an incomplete subscription', () => {
  it('when 23 hours pass on its test clock, then it is incomplete_expired and its invoice void', async () => {
    const { clock, customer, price } = await setup();
    const created = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
    });
    await advance(clock.id, START + 22 * 3_600);
    expect((await stripe.subscriptions.retrieve(created.id)).status).toBe('incomplete');
    await advance(clock.id, START + 23 * 3_600);
    const expired = await stripe.subscriptions.retrieve(created.id, { expand: ['latest_invoice'] });
    expect(expired.status).toBe('incomplete_expired');
    expect((expired.latest_invoice as Stripe.Invoice).status).toBe('void');
  });

  it('when the global clock moves 23 hours, then a subscription without test clock expires too', async () => {
    const customer = await stripe.customers.create({ email: 'global@example.com' });
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 900,
      recurring: { interval: 'month' },
      product_data: { name: 'Global' },
    });
    const created = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
    });
    emulator.control.advanceClock({ seconds: 23 * 3_600 + 1 });
    expect((await stripe.subscriptions.retrieve(created.id)).status).toBe('incomplete_expired');
  });
});
