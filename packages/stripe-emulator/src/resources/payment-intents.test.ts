import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  createIncompleteSubscription,
  eventTypesFor,
  startEmulatorFixture,
} from '../../test/emulator-fixture.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_intents',
  sdk: { maxNetworkRetries: 0 },
});

/** The parts of an intent (or of an error) these tests read. */
interface BrowserAnswer {
  id?: string;
  status?: string;
  error?: { code?: string; param?: string };
}

/** What Stripe.js does: a form POST with the publishable key. */
async function browserPost(path: string, body: Record<string, string>) {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer pk_test_intents',
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json()) as BrowserAnswer };
}

async function onSession3dsIntent() {
  const paymentIntent = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    payment_method: 'pm_card_authenticationRequiredOnSetup',
    confirm: true,
  });
  expect(paymentIntent.status).toBe('requires_action');
  return paymentIntent;
}

describe('given PaymentIntents created server side', () => {
  it('when created without a payment method, then it waits for one with automatic payment methods on', async () => {
    const paymentIntent = await stripe.paymentIntents.create({
      amount: 1234,
      currency: 'eur',
      automatic_payment_methods: { enabled: true },
    });

    expect(paymentIntent.id).toMatch(/^pi_/);
    expect(paymentIntent.client_secret).toMatch(new RegExp(`^${paymentIntent.id}_secret_`));
    expect(paymentIntent.status).toBe('requires_payment_method');
    expect(paymentIntent.automatic_payment_methods).toEqual({ enabled: true });
    expect(paymentIntent.livemode).toBe(false);
  });

  it('when created with a payment method and confirmed later, then it goes requires_confirmation -> succeeded with events', async () => {
    const customer = await stripe.customers.create();
    const created = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
    });
    expect(created.status).toBe('requires_confirmation');

    const confirmed = await stripe.paymentIntents.confirm(created.id);

    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.latest_charge).toMatch(/^ch_/);
    expect(await eventTypesFor(stripe, created.id)).toEqual([
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
  });

  it('when canceled, then it is canceled with the reason, and cannot be confirmed any more', async () => {
    const paymentIntent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });

    const canceled = await stripe.paymentIntents.cancel(paymentIntent.id, {
      cancellation_reason: 'requested_by_customer',
    });

    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('requested_by_customer');
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(await eventTypesFor(stripe, paymentIntent.id)).toContain('payment_intent.canceled');
    await expect(
      stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_visa' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  it('when a succeeded intent is canceled, then the answer is a 400 payment_intent_unexpected_state', async () => {
    const paymentIntent = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });

    await expect(stripe.paymentIntents.cancel(paymentIntent.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
  });
});

describe('given a PaymentIntent confirmed by Stripe.js with the client secret and a publishable key', () => {
  it('when the client secret matches, then the browser confirms it; without it, the call is refused', async () => {
    const paymentIntent = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });

    const missing = await browserPost(`/v1/payment_intents/${paymentIntent.id}/confirm`, {
      payment_method: 'pm_card_visa',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'client_secret' });
    const wrong = await browserPost(`/v1/payment_intents/${paymentIntent.id}/confirm`, {
      payment_method: 'pm_card_visa',
      client_secret: `${paymentIntent.id}_secret_wrong`,
    });
    expect(wrong.status).toBe(400);

    const confirmed = await browserPost(`/v1/payment_intents/${paymentIntent.id}/confirm`, {
      payment_method: 'pm_card_visa',
      client_secret: paymentIntent.client_secret as string,
    });

    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(paymentIntent.id)).status).toBe('succeeded');
  });

  it('when the publishable key is used to cancel, then it is refused: only Stripe.js calls take it', async () => {
    const paymentIntent = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });

    const answer = await browserPost(`/v1/payment_intents/${paymentIntent.id}/cancel`, {
      client_secret: paymentIntent.client_secret as string,
    });

    expect(answer.status).toBe(401);
  });
});

describe('given a card that asks for 3D Secure on session', () => {
  it('when the customer completes the challenge, then the intent succeeds with a charge', async () => {
    const paymentIntent = await onSession3dsIntent();
    expect(paymentIntent.next_action).toMatchObject({
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect' },
    });

    const answer = await browserPost(`/v1/payment_intents/${paymentIntent.id}/authenticate`, {
      client_secret: paymentIntent.client_secret as string,
      outcome: 'complete',
    });

    expect(answer.status).toBe(200);
    const done = await stripe.paymentIntents.retrieve(paymentIntent.id);
    expect(done.status).toBe('succeeded');
    expect(done.next_action).toBeNull();
    expect(done.latest_charge).toMatch(/^ch_/);
    expect(await eventTypesFor(stripe, paymentIntent.id)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.succeeded',
    ]);
  });

  it('when the customer fails the challenge, then the intent needs a new payment method and says why', async () => {
    const paymentIntent = await onSession3dsIntent();

    const answer = await browserPost(`/v1/payment_intents/${paymentIntent.id}/authenticate`, {
      client_secret: paymentIntent.client_secret as string,
      outcome: 'fail',
    });

    expect(answer.body.status).toBe('requires_payment_method');
    const failed = await stripe.paymentIntents.retrieve(paymentIntent.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.payment_method).toBeNull();
    expect(failed.last_payment_error).toMatchObject({
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
    });
    expect(await eventTypesFor(stripe, paymentIntent.id)).toContain('payment_intent.payment_failed');

    const retried = await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('when the authenticate route gets a wrong outcome or an intent not waiting for it, then it says what it needs', async () => {
    const paymentIntent = await onSession3dsIntent();

    const bad = await browserPost(`/v1/payment_intents/${paymentIntent.id}/authenticate`, {
      client_secret: paymentIntent.client_secret as string,
      outcome: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ param: 'outcome' });
    await stripe.rawRequest('POST', `/v1/payment_intents/${paymentIntent.id}/authenticate`, {
      outcome: 'complete',
    });
    const again = await browserPost(`/v1/payment_intents/${paymentIntent.id}/authenticate`, {
      client_secret: paymentIntent.client_secret as string,
      outcome: 'complete',
    });
    expect(again.status).toBe(400);
    expect(again.body.error?.code).toBe('payment_intent_unexpected_state');
  });
});

describe('given the first invoice of a subscription', () => {
  it('when it is paid with a 3D Secure card and the challenge is completed, then the invoice is paid and the subscription active', async () => {
    const { subscription, clientSecret, paymentIntentId } = await createIncompleteSubscription(stripe);
    const confirmed = await browserPost(`/v1/payment_intents/${paymentIntentId}/confirm`, {
      client_secret: clientSecret,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
    });
    expect(confirmed.body.status).toBe('requires_action');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('incomplete');

    await browserPost(`/v1/payment_intents/${paymentIntentId}/authenticate`, {
      client_secret: clientSecret,
      outcome: 'complete',
    });

    const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect((active.latest_invoice as Stripe.Invoice).status).toBe('paid');
    expect(active.default_payment_method).toEqual(expect.stringMatching(/^pm_/));
  });

  it('when its intent is canceled directly, then Stripe’s rule applies: void the invoice instead', async () => {
    const { paymentIntentId } = await createIncompleteSubscription(stripe);

    await expect(stripe.paymentIntents.cancel(paymentIntentId)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('Void the invoice instead'),
    });
  });
});
