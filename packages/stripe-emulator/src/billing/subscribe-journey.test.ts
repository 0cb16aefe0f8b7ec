import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createMonthlyPrice, paymentIntentIdOf, startEmulatorFixture } from '../../test/emulator-fixture.js';

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_journey' });

async function monthlyPlan() {
  const price = await createMonthlyPrice(stripe, { lookupKey: 'pro_monthly' });
  const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada' });
  return { price, customer };
}

async function createIncompleteSubscription(customerId: string, priceId: string) {
  return stripe.subscriptions.create({
    customer: customerId,
    items: [{ price: priceId, quantity: 1 }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret', 'pending_setup_intent'],
  });
}

function paymentIntentIdFrom(subscription: Stripe.Subscription): { id: string; clientSecret: string } {
  const invoice = subscription.latest_invoice as Stripe.Invoice;
  const clientSecret = invoice.confirmation_secret?.client_secret as string;
  return { id: paymentIntentIdOf(clientSecret), clientSecret };
}

describe('given a customer and a monthly price', () => {
  it('when subscribing with default_incomplete, then the subscription waits on a finalized invoice with a confirmation secret', async () => {
    const { price, customer } = await monthlyPlan();

    const subscription = await createIncompleteSubscription(customer.id, price.id);

    expect(subscription.id).toMatch(/^sub_/);
    expect(subscription.status).toBe('incomplete');
    expect(subscription.pending_setup_intent).toBeNull();
    const item = subscription.items.data[0] as Stripe.SubscriptionItem;
    expect(item.id).toMatch(/^si_/);
    expect(item.price.id).toBe(price.id);
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86_400);
    expect(item.current_period_end - item.current_period_start).toBeLessThanOrEqual(31 * 86_400);
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice.object).toBe('invoice');
    expect(invoice.status).toBe('open');
    expect(invoice.amount_due).toBe(2000);
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);
    expect(invoice.lines.data[0]?.amount).toBe(2000);
    expect(invoice.confirmation_secret).toEqual({
      client_secret: expect.stringMatching(/^pi_\w+_secret_\w+$/),
      type: 'payment_intent',
    });
  });

  it('when the PaymentIntent is confirmed with pm_card_visa, then the invoice is paid and the subscription active with the card as default', async () => {
    const { price, customer } = await monthlyPlan();
    const subscription = await createIncompleteSubscription(customer.id, price.id);
    const { id } = paymentIntentIdFrom(subscription);

    const paymentIntent = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });

    expect(paymentIntent.status).toBe('succeeded');
    expect(paymentIntent.amount_received).toBe(2000);
    const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.default_payment_method).toBe(paymentIntent.payment_method);
    expect((active.latest_invoice as Stripe.Invoice).status).toBe('paid');
    expect((active.latest_invoice as Stripe.Invoice).amount_paid).toBe(2000);
    const cards = await stripe.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((card) => card.id)).toEqual([paymentIntent.payment_method]);
    expect(cards.data[0]?.card?.last4).toBe('4242');
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((invoice) => invoice.status)).toEqual(['paid']);
  });

  it('when the card is declined, then the SDK gets a 402 card_error and the subscription stays incomplete', async () => {
    const { price, customer } = await monthlyPlan();
    const subscription = await createIncompleteSubscription(customer.id, price.id);
    const { id } = paymentIntentIdFrom(subscription);

    const error = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_chargeDeclined' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = error as Stripe.errors.StripeCardError;
    expect(cardError.statusCode).toBe(402);
    expect(cardError.code).toBe('card_declined');
    expect(cardError.decline_code).toBe('generic_decline');
    expect(cardError.message).toBe('Your card was declined.');
    expect(cardError.payment_intent?.id).toBe(id);
    expect(cardError.payment_intent?.status).toBe('requires_payment_method');
    const paymentIntent = await stripe.paymentIntents.retrieve(id);
    expect(paymentIntent.status).toBe('requires_payment_method');
    expect(paymentIntent.last_payment_error?.decline_code).toBe('generic_decline');
    const stillIncomplete = await stripe.subscriptions.retrieve(subscription.id, {
      expand: ['latest_invoice'],
    });
    expect(stillIncomplete.status).toBe('incomplete');
    expect((stillIncomplete.latest_invoice as Stripe.Invoice).status).toBe('open');
    expect((stillIncomplete.latest_invoice as Stripe.Invoice).attempt_count).toBe(1);
  });

  it('when a declined card is replaced by a good one, then the same PaymentIntent succeeds', async () => {
    const { price, customer } = await monthlyPlan();
    const subscription = await createIncompleteSubscription(customer.id, price.id);
    const { id } = paymentIntentIdFrom(subscription);
    await expect(
      stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }),
    ).rejects.toMatchObject({
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });

    const paymentIntent = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_mastercard' });

    expect(paymentIntent.status).toBe('succeeded');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });

  it('when the customer already has a default card and payment_behavior is allow_incomplete, then the subscription is charged at once', async () => {
    const { price, customer } = await monthlyPlan();
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });

    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });

    expect(subscription.status).toBe('active');
    const listed = await stripe.subscriptions.list({ customer: customer.id });
    expect(listed.data.map((entry) => entry.id)).toEqual([subscription.id]);
  });
});
