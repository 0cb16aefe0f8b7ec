import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_cards', sdk: { maxNetworkRetries: 0 } });

async function caught(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

/** Stripe's documented declines: test payment method id, error code, decline code, message. */
const DECLINES: Array<[string, string, string, string]> = [
  ['pm_card_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
  ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
  [
    'pm_card_visa_chargeDeclinedInsufficientFunds',
    'card_declined',
    'insufficient_funds',
    'Your card has insufficient funds.',
  ],
  ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card', 'Your card was declined.'],
  ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card', 'Your card was declined.'],
  ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'Your card has expired.'],
  [
    'pm_card_chargeDeclinedIncorrectCvc',
    'incorrect_cvc',
    'incorrect_cvc',
    "Your card's security code is incorrect.",
  ],
  [
    'pm_card_chargeDeclinedProcessingError',
    'processing_error',
    'processing_error',
    'An error occurred while processing your card. Try again in a little bit.',
  ],
  ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline', 'Your card was declined.'],
];

describe('given a PaymentIntent confirmed on session with a test payment method', () => {
  it.each(['pm_card_visa', 'pm_card_mastercard'])(
    'when the card is %s, then it succeeds with a succeeded charge',
    async (paymentMethod) => {
      const paymentIntent = await stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        payment_method: paymentMethod,
        confirm: true,
      });

      expect(paymentIntent.status).toBe('succeeded');
      expect(paymentIntent.amount_received).toBe(2000);
      expect(paymentIntent.latest_charge).toMatch(/^ch_/);
      const charge = await stripe.charges.retrieve(paymentIntent.latest_charge as string);
      expect(charge).toMatchObject({
        status: 'succeeded',
        paid: true,
        amount: 2000,
        payment_intent: paymentIntent.id,
      });
    },
  );

  it.each(DECLINES)(
    'when the card is %s, then the SDK gets a 402 %s (%s) and the intent keeps the error',
    async (paymentMethod, code, declineCode, message) => {
      const error = await caught(
        stripe.paymentIntents.create({
          amount: 2000,
          currency: 'usd',
          payment_method: paymentMethod,
          confirm: true,
        }),
      );

      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(error.statusCode).toBe(402);
      expect(error.code).toBe(code);
      expect(error.decline_code).toBe(declineCode);
      expect(error.message).toBe(message);
      const paymentIntent = await stripe.paymentIntents.retrieve(error.payment_intent?.id as string);
      expect(paymentIntent.status).toBe('requires_payment_method');
      expect(paymentIntent.last_payment_error).toMatchObject({ type: 'card_error', code, message });
      expect(paymentIntent.last_payment_error?.decline_code).toBe(declineCode);
      const charge = await stripe.charges.retrieve(paymentIntent.latest_charge as string);
      expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: code });
    },
  );

  it.each(['pm_card_authenticationRequiredOnSetup', 'pm_card_authenticationRequired'])(
    'when the card is %s, then the intent requires a 3D Secure action',
    async (paymentMethod) => {
      const paymentIntent = await stripe.paymentIntents.create({
        amount: 2000,
        currency: 'usd',
        payment_method: paymentMethod,
        confirm: true,
      });

      expect(paymentIntent.status).toBe('requires_action');
      expect(paymentIntent.next_action?.type).toBe('use_stripe_sdk');
      expect(paymentIntent.next_action?.use_stripe_sdk).toMatchObject({ type: 'three_d_secure_redirect' });
      expect(paymentIntent.latest_charge).toBeNull();
      const events = await stripe.events.list({ type: 'payment_intent.requires_action' });
      expect(events.data.map((event) => (event.data.object as Stripe.PaymentIntent).id)).toEqual([
        paymentIntent.id,
      ]);
    },
  );
});

describe('given a customer who saved a card, charged off session', () => {
  async function chargeOffSession(customer: string, paymentMethod: string) {
    return stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      customer,
      payment_method: paymentMethod,
      off_session: true,
      confirm: true,
    });
  }

  async function setUpCard(customer: string, paymentMethod: string, authenticate: boolean) {
    const setupIntent = await stripe.setupIntents.create({
      customer,
      usage: 'off_session',
      payment_method: paymentMethod,
      confirm: true,
    });
    if (authenticate) {
      expect(setupIntent.status).toBe('requires_action');
      await stripe.rawRequest('POST', `/v1/setup_intents/${setupIntent.id}/authenticate`, {
        outcome: 'complete',
      });
    }
    const done = await stripe.setupIntents.retrieve(setupIntent.id);
    expect(done.status).toBe('succeeded');
    return done.payment_method as string;
  }

  it('when the card is pm_card_visa, then the off-session payment succeeds', async () => {
    const customer = await stripe.customers.create();
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });

    const paymentIntent = await chargeOffSession(customer.id, card.id);

    expect(paymentIntent.status).toBe('succeeded');
  });

  it('when 4000 0025 0000 3155 was set up with 3D Secure, then off-session payments succeed without authentication', async () => {
    const customer = await stripe.customers.create();
    const card = await setUpCard(customer.id, 'pm_card_authenticationRequiredOnSetup', true);

    const paymentIntent = await chargeOffSession(customer.id, card);

    expect(paymentIntent.status).toBe('succeeded');
    // On session the same card still asks for 3D Secure.
    const onSession = await stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
      customer: customer.id,
      payment_method: card,
      confirm: true,
    });
    expect(onSession.status).toBe('requires_action');
  });

  it('when 4000 0025 0000 3155 was only attached, not set up, then the off-session payment fails with authentication_required', async () => {
    const customer = await stripe.customers.create();
    const card = await stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', {
      customer: customer.id,
    });

    const error = await caught(chargeOffSession(customer.id, card.id));

    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('authentication_required');
    expect(error.decline_code).toBe('authentication_required');
    expect(error.payment_intent?.status).toBe('requires_payment_method');
    expect(error.payment_intent?.last_payment_error?.payment_method?.id).toBe(card.id);
  });

  it('when 4000 0027 6000 3184 was set up with 3D Secure, then off-session payments still need authentication', async () => {
    const customer = await stripe.customers.create();
    const card = await setUpCard(customer.id, 'pm_card_authenticationRequired', true);

    const error = await caught(chargeOffSession(customer.id, card));

    expect(error.code).toBe('authentication_required');
  });

  it('when 4000 0000 0000 0341 is attached, then attaching succeeds and the off-session charge is declined', async () => {
    const customer = await stripe.customers.create();
    const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(card.customer).toBe(customer.id);

    const error = await caught(chargeOffSession(customer.id, card.id));

    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('generic_decline');
  });

  it.each(DECLINES.filter(([id]) => id !== 'pm_card_chargeCustomerFail'))(
    'when %s is attached, then attaching fails with %s, as Stripe checks the card',
    async (paymentMethod, code, declineCode) => {
      const customer = await stripe.customers.create();

      const error = await caught(stripe.paymentMethods.attach(paymentMethod, { customer: customer.id }));

      expect(error.statusCode).toBe(402);
      expect(error.code).toBe(code);
      expect(error.decline_code).toBe(declineCode);
      expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    },
  );
});

describe('given test payment methods', () => {
  it('when they are created from test ids, then brand, last4, expiry, funding and country are the documented ones', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['pm_card_visa', 'visa', '4242', 'credit'],
      ['pm_card_visa_debit', 'visa', '5556', 'debit'],
      ['pm_card_mastercard', 'mastercard', '4444', 'credit'],
      ['pm_card_mastercard_prepaid', 'mastercard', '5100', 'prepaid'],
      ['pm_card_amex', 'amex', '0005', 'credit'],
      ['pm_card_authenticationRequired', 'visa', '3184', 'credit'],
    ];
    for (const [id, brand, last4, funding] of cases) {
      const paymentMethod = await stripe.paymentMethods.retrieve(id);
      expect(paymentMethod.id).toMatch(/^pm_/);
      expect(paymentMethod.card).toMatchObject({ brand, last4, funding, country: 'US', exp_month: 12 });
      expect(paymentMethod.card?.exp_year).toBeGreaterThan(new Date().getUTCFullYear());
    }
    expect((await stripe.paymentMethods.retrieve('pm_card_br')).card?.country).toBe('BR');
  });

  it('when cards are attached and detached, then lists by customer follow and the detach is an event', async () => {
    const customer = await stripe.customers.create();
    const other = await stripe.customers.create();
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    await stripe.paymentMethods.attach('pm_card_amex', { customer: other.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });

    const listed = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(listed.data.map((method) => method.id)).toEqual([mastercard.id, visa.id]);

    const detached = await stripe.paymentMethods.detach(visa.id);

    expect(detached.customer).toBeNull();
    const remaining = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    expect(remaining.data.map((method) => method.id)).toEqual([mastercard.id]);
    const events = await stripe.events.list({ type: 'payment_method.detached' });
    expect(events.data[0]?.data.object).toMatchObject({ id: visa.id, customer: null });
    expect(events.data[0]?.data.previous_attributes).toEqual({ customer: customer.id });
    const updated = await stripe.customers.retrieve(customer.id);
    expect((updated as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    const error = await caught(stripe.paymentMethods.detach(visa.id));
    expect(error.statusCode).toBe(400);
  });
});
