import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createInMemoryBilling, IN_MEMORY_STRIPE_API_BASE, scenarios } from './index.js';

type Billing = ReturnType<typeof createInMemoryBilling>;

/** Calls the in-memory Stripe as the fake Stripe.js does: form-encoded, with the publishable key. */
async function stripeCall(
  billing: Billing,
  method: 'GET' | 'POST',
  path: string,
  form: Record<string, string>,
) {
  const encoded = new URLSearchParams(form).toString();
  const response = await billing.fetch(
    `${IN_MEMORY_STRIPE_API_BASE}${path}${method === 'GET' ? `?${encoded}` : ''}`,
    {
      method,
      headers: {
        Authorization: 'Bearer pk_test_in_memory',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      ...(method === 'POST' ? { body: encoded } : {}),
    },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function createCard(billing: Billing, number: string): Promise<string> {
  const created = await stripeCall(billing, 'POST', '/v1/payment_methods', {
    type: 'card',
    'card[number]': number,
    'card[exp_month]': '12',
    'card[exp_year]': '2034',
    'card[cvc]': '123',
  });
  return created.body.id as string;
}

async function startCheckout(billing: Billing) {
  const started = await billing.client.startSubscription({ priceId: 'price_pro_month' });
  const clientSecret = started.clientSecret as string;
  return { started, clientSecret, intentPath: `/v1/payment_intents/${clientSecret.split('_secret_')[0]}` };
}

describe('given a checkout PaymentIntent of the in-memory Stripe', () => {
  it('when confirmed with 4242, then it succeeds, the charge is recorded once and the subscription is active', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });
    const { started, clientSecret, intentPath } = await startCheckout(billing);

    const confirmed = await stripeCall(billing, 'POST', `${intentPath}/confirm`, {
      client_secret: clientSecret,
      payment_method: await createCard(billing, '4242424242424242'),
    });
    const { subscription } = await billing.client.confirmSubscription({ id: started.subscriptionId });

    expect(confirmed).toMatchObject({ status: 200, body: { status: 'succeeded', amount: 2000 } });
    expect(subscription).toMatchObject({
      status: 'active',
      latestInvoiceStatus: 'paid',
      nextInvoice: { amount: 2000 },
    });
    expect(billing.state().charges).toHaveLength(1);
    expect(billing.state().paymentMethods).toMatchObject([{ last4: '4242', isDefault: true }]);
  });

  it('when confirmed with 0002, then Stripe answers 402 card_declined carrying the intent, and a good card then pays', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });
    const { clientSecret, intentPath } = await startCheckout(billing);

    const declined = await stripeCall(billing, 'POST', `${intentPath}/confirm`, {
      client_secret: clientSecret,
      payment_method: await createCard(billing, '4000000000000002'),
    });
    const retried = await stripeCall(billing, 'POST', `${intentPath}/confirm`, {
      client_secret: clientSecret,
      payment_method: await createCard(billing, '4242424242424242'),
    });

    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      payment_intent: { status: 'requires_payment_method' },
    });
    expect(retried.body.status).toBe('succeeded');
    expect(billing.state().charges).toHaveLength(1);
    expect(billing.state().paymentMethods.map((card) => card.last4)).toEqual(['4242']);
  });

  it('when confirmed with 3155, then it waits on 3D Secure; Fail leaves it unpaid, Complete pays', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });
    const { started, clientSecret, intentPath } = await startCheckout(billing);
    const card = await createCard(billing, '4000002500003155');

    const challenged = await stripeCall(billing, 'POST', `${intentPath}/confirm`, {
      client_secret: clientSecret,
      payment_method: card,
    });
    const failed = await stripeCall(billing, 'POST', `${intentPath}/authenticate`, {
      client_secret: clientSecret,
      outcome: 'fail',
    });
    const subscriptionAfterFail = (await billing.client.confirmSubscription({ id: started.subscriptionId }))
      .subscription;
    await stripeCall(billing, 'POST', `${intentPath}/confirm`, {
      client_secret: clientSecret,
      payment_method: card,
    });
    const completed = await stripeCall(billing, 'POST', `${intentPath}/authenticate`, {
      client_secret: clientSecret,
      outcome: 'complete',
    });

    expect(challenged.body).toMatchObject({
      status: 'requires_action',
      next_action: { type: 'use_stripe_sdk' },
    });
    expect(failed.body).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'payment_intent_authentication_failure' },
    });
    expect(subscriptionAfterFail.status).toBe('incomplete');
    expect(completed.body.status).toBe('succeeded');
    expect(billing.state().subscriptions[0]?.status).toBe('active');
    expect(billing.state().charges).toEqual([{ amount: 2000, currency: 'usd', paymentMethodId: card }]);
  });

  it('when the client secret does not match, then Stripe refuses to show or confirm the intent', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });
    const { intentPath } = await startCheckout(billing);

    const retrieved = await stripeCall(billing, 'GET', intentPath, { client_secret: 'pi_x_secret_wrong' });

    expect(retrieved.status).toBe(400);
    expect(retrieved.body.error).toMatchObject({ type: 'invalid_request_error', param: 'client_secret' });
  });

  it('when a card number fails the Luhn check, then creating it is refused with incorrect_number', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });

    const created = await stripeCall(billing, 'POST', '/v1/payment_methods', {
      type: 'card',
      'card[number]': '4242424242424241',
    });

    expect(created.status).toBe(402);
    expect(created.body.error).toMatchObject({ code: 'incorrect_number' });
  });
});

describe('given an incomplete subscription whose default card asks for 3D Secure', () => {
  it("when its invoice is paid, then the fake Stripe.js's challenge opens and Complete pays it", async () => {
    const user = userEvent.setup();
    const billing = createInMemoryBilling({ ...scenarios.incompleteAwaiting3ds, latencyMs: 0 });

    const answer = await billing.client.payInvoice({ id: 'in_awaiting_3ds' });
    expect(answer.status).toBe('requires_action');
    const action = billing.stripe.handleNextAction({
      clientSecret: answer.status === 'requires_action' ? answer.clientSecret : '',
    });
    const dialog = await screen.findByRole('dialog', { name: 'Authenticate your payment' });
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));

    expect((await action).paymentIntent?.status).toBe('succeeded');
    expect(billing.state().subscriptions[0]?.status).toBe('active');
    expect(billing.state().charges).toEqual([
      { amount: 2000, currency: 'usd', paymentMethodId: 'pm_visa_3155' },
    ]);
  });
});

describe('given a SetupIntent to add a card', () => {
  it('when confirmed with 3184 and authenticated, then completing it saves the card and can make it the default', async () => {
    const billing = createInMemoryBilling({ ...scenarios.active, latencyMs: 0 });
    const { setupIntentId, clientSecret } = await billing.client.createSetupIntent();
    const card = await createCard(billing, '4000002760003184');

    await expect(billing.client.completeSetupIntent({ setupIntentId })).rejects.toMatchObject({
      status: 409,
    });
    const challenged = await stripeCall(billing, 'POST', `/v1/setup_intents/${setupIntentId}/confirm`, {
      client_secret: clientSecret,
      payment_method: card,
    });
    await stripeCall(billing, 'POST', `/v1/setup_intents/${setupIntentId}/authenticate`, {
      client_secret: clientSecret,
      outcome: 'complete',
    });
    const wallet = await billing.client.completeSetupIntent({ setupIntentId, makeDefault: true });

    expect(challenged.body.status).toBe('requires_action');
    expect(wallet.paymentMethods.map((saved) => [saved.last4, saved.isDefault])).toEqual([
      ['3184', true],
      ['4242', false],
    ]);
    expect(billing.state().charges).toHaveLength(0);
  });
});
