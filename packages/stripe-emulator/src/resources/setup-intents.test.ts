import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventTypesFor, startEmulatorFixture } from '../../test/emulator-fixture.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_setup',
  sdk: { maxNetworkRetries: 0 },
});

/** The parts of an intent (or of an error) these tests read. */
interface BrowserAnswer {
  id?: string;
  status?: string;
  error?: { code?: string; param?: string };
}

/** What Stripe.js does: a call with the publishable key and the intent's client secret. */
async function browserCall(method: 'GET' | 'POST', path: string, params: Record<string, string>) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${emulator.url}${path}${method === 'GET' ? `?${query}` : ''}`, {
    method,
    headers: {
      Authorization: 'Bearer pk_test_setup',
      ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(method === 'POST' ? { body: query } : {}),
  });
  return { status: response.status, body: (await response.json()) as BrowserAnswer };
}

async function newSetupIntent() {
  const customer = await stripe.customers.create({ email: 'setup@example.com' });
  const setupIntent = await stripe.setupIntents.create({
    customer: customer.id,
    usage: 'off_session',
    automatic_payment_methods: { enabled: true },
  });
  return { customer, setupIntent };
}

describe('given a SetupIntent for a customer', () => {
  it('when created, then it waits for a payment method with a client secret', async () => {
    const { customer, setupIntent } = await newSetupIntent();

    expect(setupIntent.id).toMatch(/^seti_/);
    expect(setupIntent.client_secret).toMatch(new RegExp(`^${setupIntent.id}_secret_`));
    expect(setupIntent).toMatchObject({
      status: 'requires_payment_method',
      usage: 'off_session',
      customer: customer.id,
      automatic_payment_methods: { enabled: true },
      payment_method_types: ['card'],
    });
    const retrieved = await browserCall('GET', `/v1/setup_intents/${setupIntent.id}`, {
      client_secret: setupIntent.client_secret as string,
    });
    expect(retrieved.body.id).toBe(setupIntent.id);
  });

  it('when confirmed server side with pm_card_visa, then it succeeds and the card is attached', async () => {
    const { customer, setupIntent } = await newSetupIntent();

    const confirmed = await stripe.setupIntents.confirm(setupIntent.id, { payment_method: 'pm_card_visa' });

    expect(confirmed.status).toBe('succeeded');
    const cards = await stripe.customers.listPaymentMethods(customer.id);
    expect(cards.data.map((card) => card.id)).toEqual([confirmed.payment_method]);
    expect(await eventTypesFor(stripe, setupIntent.id)).toEqual([
      'setup_intent.created',
      'setup_intent.succeeded',
    ]);
    const attached = await stripe.events.list({ type: 'payment_method.attached' });
    expect(attached.data).toHaveLength(1);
  });

  it('when Stripe.js confirms it with the client secret, then it succeeds', async () => {
    const { setupIntent } = await newSetupIntent();

    const answer = await browserCall('POST', `/v1/setup_intents/${setupIntent.id}/confirm`, {
      client_secret: setupIntent.client_secret as string,
      payment_method: 'pm_card_mastercard',
    });

    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('succeeded');
  });

  it('when the card is 4000 0000 0000 0002, then the setup fails with a 402 carrying the intent', async () => {
    const { customer, setupIntent } = await newSetupIntent();

    const error = await stripe.setupIntents
      .confirm(setupIntent.id, { payment_method: 'pm_card_chargeDeclined' })
      .then(
        () => undefined,
        (caught: Stripe.errors.StripeError) => caught,
      );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error?.decline_code).toBe('generic_decline');
    expect(error?.setup_intent?.status).toBe('requires_payment_method');
    const failed = await stripe.setupIntents.retrieve(setupIntent.id);
    expect(failed.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    expect(await eventTypesFor(stripe, setupIntent.id)).toContain('setup_intent.setup_failed');
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
  });

  it('when the card is 4000 0000 0000 0341, then the setup succeeds (only its charges fail)', async () => {
    const { setupIntent } = await newSetupIntent();

    const confirmed = await stripe.setupIntents.confirm(setupIntent.id, {
      payment_method: 'pm_card_chargeCustomerFail',
    });

    expect(confirmed.status).toBe('succeeded');
  });

  it('when canceled, then it is canceled and cannot be confirmed', async () => {
    const { setupIntent } = await newSetupIntent();

    const canceled = await stripe.setupIntents.cancel(setupIntent.id, { cancellation_reason: 'abandoned' });

    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(await eventTypesFor(stripe, setupIntent.id)).toContain('setup_intent.canceled');
    await expect(
      stripe.setupIntents.confirm(setupIntent.id, { payment_method: 'pm_card_visa' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'setup_intent_unexpected_state' });
  });

  it('when created with confirm and a payment method in one call, then it is already succeeded', async () => {
    const customer = await stripe.customers.create();

    const setupIntent = await stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });

    expect(setupIntent.status).toBe('succeeded');
  });
});

describe('given a card that uses 3D Secure, set up on session', () => {
  it.each(['pm_card_authenticationRequiredOnSetup', 'pm_card_authenticationRequired'])(
    'when %s is confirmed and the challenge completed, then the setup succeeds',
    async (paymentMethod) => {
      const { customer, setupIntent } = await newSetupIntent();

      const confirmed = await stripe.setupIntents.confirm(setupIntent.id, { payment_method: paymentMethod });

      expect(confirmed.status).toBe('requires_action');
      expect(confirmed.next_action?.type).toBe('use_stripe_sdk');
      const answer = await browserCall('POST', `/v1/setup_intents/${setupIntent.id}/authenticate`, {
        client_secret: setupIntent.client_secret as string,
        outcome: 'complete',
      });
      expect(answer.body.status).toBe('succeeded');
      expect(await eventTypesFor(stripe, setupIntent.id)).toEqual([
        'setup_intent.created',
        'setup_intent.requires_action',
        'setup_intent.succeeded',
      ]);
      expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
    },
  );

  it('when the challenge is failed, then the setup needs a new payment method and says why', async () => {
    const { customer, setupIntent } = await newSetupIntent();
    await stripe.setupIntents.confirm(setupIntent.id, {
      payment_method: 'pm_card_authenticationRequiredOnSetup',
    });

    await browserCall('POST', `/v1/setup_intents/${setupIntent.id}/authenticate`, {
      client_secret: setupIntent.client_secret as string,
      outcome: 'fail',
    });

    const failed = await stripe.setupIntents.retrieve(setupIntent.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_setup_error?.code).toBe('setup_intent_authentication_failure');
    expect(await eventTypesFor(stripe, setupIntent.id)).toContain('setup_intent.setup_failed');
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
  });
});
